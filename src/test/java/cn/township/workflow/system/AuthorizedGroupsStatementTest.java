package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.sql.DbSqlSessionFactory;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The engine's "which groups hold any authorization?" (asked in every command that checks authorizations) answers the
 * same groups with our skipping statement on PostgreSQL (AuthorizedGroupsStatement) as a plain DISTINCT over the table:
 * ids that sort next to each other or are prefixes of each other, Chinese ids, rows without a group, a group whose
 * last row goes; and a group's first grant counts at once. H2 here (the engine's statement); PostgreSQL in the pom's
 * second test run (ours).
 */
// its own engine name: see TaskCountStatementTest
@SpringBootTest(properties = "camunda.bpm.process-engine-name=authgroupstests")
@ActiveProfiles({"test", "demo"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AuthorizedGroupsStatementTest {

  static final List<String> GROUPS = List.of("tw-ag", "tw-ag-1", "tw-ag-10", "tw-ag-2", "tw-ag-审查", "tw-ag-窗口");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
  }

  @Autowired ProcessEngine engine;
  @Autowired AuthorizationService authorizations;
  @Autowired DataSource dataSource;

  final List<String> created = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    created.forEach(authorizations::deleteAuthorization);
  }

  @Test
  void theGroupsAreThoseOfTheTableWhicheverStatementAnswers() {
    for (String group : GROUPS) {
      grantFilterRead(group, null, "tw-ag-filter-" + created.size());
      grantFilterRead(group, null, "tw-ag-filter-" + created.size());
    }
    grantFilterRead(null, "tw-ag-user", "tw-ag-filter-user");
    String last = created.get(GROUPS.indexOf("tw-ag-2") * 2 + 1);
    String secondLast = created.get(GROUPS.indexOf("tw-ag-2") * 2);

    Set<String> asked = askedAsTheEngineAsks();
    assertThat(asked).containsAll(GROUPS).doesNotContainNull().isEqualTo(groupsOfTheTable());

    authorizations.deleteAuthorization(secondLast);
    authorizations.deleteAuthorization(last);
    created.remove(secondLast);
    created.remove(last);
    assertThat(askedAsTheEngineAsks()).doesNotContain("tw-ag-2").contains("tw-ag-10", "tw-ag-审查")
        .isEqualTo(groupsOfTheTable());
  }

  @Test
  void onPostgresqlOurStatementAnswersItAndGivesTheSameGroupsAsTheDistinct() {
    DbSqlSessionFactory factory =
        ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDbSqlSessionFactory();
    boolean postgres = "postgres".equals(factory.getDatabaseType());
    assertThat(factory.mapStatement(AuthorizedGroupsStatement.ENGINE_STATEMENT))
        .isEqualTo(postgres ? AuthorizedGroupsStatement.STATEMENT : AuthorizedGroupsStatement.ENGINE_STATEMENT);
    if (!postgres) {
      return;
    }
    for (String group : GROUPS) {
      grantFilterRead(group, null, "tw-ag-filter-" + created.size());
    }
    Set<String> ours = new HashSet<>(execute(context ->
        context.getDbEntityManager().selectList(AuthorizedGroupsStatement.STATEMENT)));
    assertThat(ours).containsAll(GROUPS).isEqualTo(groupsOfTheTable());
  }

  @Test
  void aGroupsFirstGrantCountsAtOnce() {
    String resource = "tw-ag-filter-first";
    List<String> groups = List.of("tw-ag-new");
    assertThat(authorizations.isUserAuthorized("tw-ag-member", groups, Permissions.READ, Resources.FILTER, resource))
        .isFalse();
    grantFilterRead("tw-ag-new", null, resource);
    assertThat(authorizations.isUserAuthorized("tw-ag-member", groups, Permissions.READ, Resources.FILTER, resource))
        .isTrue();
    authorizations.deleteAuthorization(created.remove(created.size() - 1));
    assertThat(authorizations.isUserAuthorized("tw-ag-member", groups, Permissions.READ, Resources.FILTER, resource))
        .isFalse();
  }

  private void grantFilterRead(String group, String user, String resourceId) {
    Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setGroupId(group);
    grant.setUserId(user);
    grant.setResource(Resources.FILTER);
    grant.setResourceId(resourceId);
    grant.addPermission(Permissions.READ);
    created.add(authorizations.saveAuthorization(grant).getId());
  }

  @SuppressWarnings("unchecked")
  private Set<String> askedAsTheEngineAsks() {
    List<String> groups = execute(context -> context.getDbEntityManager()
        .selectList(AuthorizedGroupsStatement.ENGINE_STATEMENT));
    Set<String> answered = new HashSet<>();
    groups.stream().filter(java.util.Objects::nonNull).forEach(answered::add);
    return answered;
  }

  private Set<String> groupsOfTheTable() {
    return new HashSet<>(new JdbcTemplate(dataSource).queryForList(
        "select distinct GROUP_ID_ from ACT_RU_AUTHORIZATION where GROUP_ID_ is not null", String.class));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <T> T execute(Command<?> command) {
    return (T) ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired()
        .execute(command);
  }
}
