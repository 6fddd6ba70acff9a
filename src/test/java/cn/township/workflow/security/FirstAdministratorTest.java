package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.township.workflow.TownshipWorkflowApplication;
import cn.township.workflow.system.UpgradeTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A production start (no demo profile) on an empty database: issue 15 found that any visitor could then create an
 * administrator on Camunda's first-run page. Now the first administrator must come from the environment, with a
 * password that meets the policy, or the start fails saying what to do.
 */
class FirstAdministratorTest {

  /** Starts the application as production does (no demo profile), on its own empty database. */
  static ConfigurableApplicationContext production(String... settings) {
    String name = "firstadmin" + UUID.randomUUID().toString().substring(0, 8);
    List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=production-like",
        "--spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "--camunda.bpm.process-engine-name=" + name,
        "--camunda.bpm.job-execution.enabled=false", UpgradeTest.NO_WEB_SERVER, UpgradeTest.NO_WEBAPPS,
        "--logging.level.root=WARN"));
    arguments.addAll(List.of(settings));
    return new SpringApplicationBuilder(TownshipWorkflowApplication.class).run(arguments.toArray(String[]::new));
  }

  @Test
  void withoutAnAdministratorInTheEnvironmentTheStartFailsAndSaysWhatToDo() {
    assertThatThrownBy(() -> production().close())
        .rootCause().hasMessageContaining("TOWNSHIP_ADMIN_ID").hasMessageContaining("TOWNSHIP_ADMIN_PASSWORD");
  }

  @Test
  void aWeakPasswordIsRefusedAtStart() {
    assertThatThrownBy(() -> production("--township.admin.id=chief", "--township.admin.password=123456").close())
        .rootCause().hasMessageContaining("不符合密码策略");
  }

  @Test
  void aStrongPasswordMakesTheFirstAdministratorOnce() {
    try (ConfigurableApplicationContext context =
             production("--township.admin.id=chief",
        "--township.admin.password=Kx7!mountain-river")) {
      IdentityService identity = context.getBean(IdentityService.class);
      assertThat(identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).list())
          .extracting(u -> u.getId()).containsExactly("chief");
      assertThat(identity.checkPassword("chief", "Kx7!mountain-river")).isTrue();
    }
  }
}
