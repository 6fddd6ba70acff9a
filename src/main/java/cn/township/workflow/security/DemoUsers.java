package cn.township.workflow.security;

import cn.township.workflow.system.Townships;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import cn.township.workflow.system.BeforeRequests;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Demo profile only: one user per role and township (application-demo.yaml), created once. */
@Component
@Profile("demo")
@EnableConfigurationProperties(DemoUsers.Settings.class)
public class DemoUsers extends BeforeRequests {

  @ConfigurationProperties(prefix = "township.demo")
  public record Settings(String password, List<DemoUser> users) {
    public Settings {
      users = users == null ? List.of() : List.copyOf(users);
    }
  }

  /**
   * {@code name} is the full Chinese name (family name first), shown as is in Tasklist's header;
   * {@code township} is a tenant id, or {@code all} for county and city staff who receive cases from every township;
   * {@code village} (village agents only) the village group of township.villages.
   */
  public record DemoUser(String id, String name, String township, String group, String village) {}

  private final IdentityService identity;
  private final Settings settings;
  private final Townships townships;

  public DemoUsers(IdentityService identity, Settings settings, Townships townships) {
    this.identity = identity;
    this.settings = settings;
    this.townships = townships;
  }

  @Override
  protected int step() {
    return 2;
  }

  @Override
  protected void prepare() {
    for (DemoUser demo : settings.users()) {
      if (identity.createUserQuery().userId(demo.id()).count() > 0) {
        continue;
      }
      User user = identity.newUser(demo.id());
      // Tasklist shows "first last"; a Chinese name is written whole, family name first
      user.setFirstName(demo.name());
      user.setLastName("");
      user.setEmail(demo.id() + "@township.example");
      user.setPassword(settings.password());
      // demo passwords are documented as unsafe (demo profile only); real users' passwords meet the policy
      ((IdentityServiceImpl) identity).saveUser(user, true);
      identity.createMembership(demo.id(), demo.group());
      if (demo.village() != null) {
        identity.createMembership(demo.id(), demo.village());
      }
      if ("all".equals(demo.township())) {
        townships.townships().forEach(t -> identity.createTenantUserMembership(t.id(), demo.id()));
      } else {
        identity.createTenantUserMembership(demo.township(), demo.id());
      }
    }
  }
}
