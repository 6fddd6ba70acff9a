package cn.township.workflow.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The first administrator comes from configuration, never from a web page: on a database without one, the start
 * creates it from {@code township.admin.id} and {@code township.admin.password} (environment variables
 * {@code TOWNSHIP_ADMIN_ID}, {@code TOWNSHIP_ADMIN_PASSWORD}), the password checked against the password policy; without
 * them the start fails with a message saying so. Camunda's first-run page, which let any visitor create an
 * administrator, is closed for good ({@link RestSecurityConfiguration}). Runs while the engine is built, before the
 * web server takes requests. The demo profile's administrator keeps its documented demo password.
 */
@Component
@EnableConfigurationProperties(FirstAdministrator.Settings.class)
public class FirstAdministrator extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(FirstAdministrator.class);

  @ConfigurationProperties(prefix = "township.admin")
  public record Settings(String id, String password, String name) {}

  private final Settings settings;
  private final boolean demo;

  public FirstAdministrator(Settings settings, Environment environment) {
    this.settings = settings;
    this.demo = environment.acceptsProfiles(Profiles.of("demo"));
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).count() > 0) {
      return;
    }
    if (blank(settings.id()) || blank(settings.password())) {
      throw new IllegalStateException("首次启动：数据库中还没有系统管理员。请用环境变量 TOWNSHIP_ADMIN_ID 和 "
          + "TOWNSHIP_ADMIN_PASSWORD 指定第一位管理员（密码须符合密码策略）后再启动。 / No administrator exists yet: set "
          + "TOWNSHIP_ADMIN_ID and TOWNSHIP_ADMIN_PASSWORD for the first start.");
    }
    User user = identity.newUser(settings.id());
    user.setFirstName(blank(settings.name()) ? "系统管理员" : settings.name());
    user.setLastName("");
    user.setPassword(settings.password());
    if (!demo) {
      PasswordPolicyResult result = identity.checkPasswordAgainstPolicy(settings.password(), user);
      if (!result.isValid()) {
        throw new IllegalStateException("TOWNSHIP_ADMIN_PASSWORD 不符合密码策略：" + result.getViolatedRules().stream()
            .map(rule -> rule.getPlaceholder() + rule.getParameters()).collect(Collectors.joining("，"))
            + "。 / The first administrator's password is too weak.");
      }
    }
    if (identity.createUserQuery().userId(settings.id()).count() > 0) {
      throw new IllegalStateException("用户 " + settings.id() + " 已存在但不是管理员：请另选 TOWNSHIP_ADMIN_ID。");
    }
    // the demo administrator's password ("demo") is documented as unsafe; every other password meets the policy
    ((IdentityServiceImpl) identity).saveUser(user, demo);
    if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
      Group group = identity.newGroup(Groups.CAMUNDA_ADMIN);
      group.setName("系统管理员");
      group.setType(Groups.GROUP_TYPE_SYSTEM);
      identity.saveGroup(group);
    }
    grantEverything(engine.getAuthorizationService());
    identity.createMembership(settings.id(), Groups.CAMUNDA_ADMIN);
    LOG.info("First administrator '{}' created from configuration.", settings.id());
  }

  private static void grantEverything(AuthorizationService authorizations) {
    for (Resources resource : Resources.values()) {
      if (authorizations.createAuthorizationQuery().groupIdIn(Groups.CAMUNDA_ADMIN).resourceType(resource)
          .resourceId(ANY).count() == 0) {
        Authorization all = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
        all.setGroupId(Groups.CAMUNDA_ADMIN);
        all.setResource(resource);
        all.setResourceId(ANY);
        all.addPermission(Permissions.ALL);
        authorizations.saveAuthorization(all);
      }
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
