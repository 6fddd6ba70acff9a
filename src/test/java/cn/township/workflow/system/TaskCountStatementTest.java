package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.sql.DbSqlSessionFactory;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Our task count (TaskCountStatement, TaskCount.xml) against the engine's own statement and the length of the engine's
 * list, over randomized townships, candidates, assignees, suspensions and authorizations (task and definition grants
 * of users, groups and '*', global rows, grants without READ, ids of the other resource type, revokes), for clerks of
 * two townships, a user who has tasks only as assignee and a user of two groups and townships; for the Tasklist
 * filters (with and without what Tasklist adds) and other queries. H2 here; PostgreSQL in the pom's second test run.
 */
// its own engine name, as the process tests: Camunda's REST and webapps find engines in a JVM-wide registry, and this
// context, closed after the class (while PostgreSQL still runs in the second test run), would otherwise take the
// "default" engine away from the web tests that follow (TaskCountRestTest asks over HTTP)
@SpringBootTest(properties = "camunda.bpm.process-engine-name=taskcounttests")
@ActiveProfiles({"test", "demo"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TaskCountStatementTest {

  static final List<String> TOWNSHIPS = List.of("qingshan", "baishi");
  static final List<String> KEYS = List.of("tw-count-a", "tw-count-b");
  static final List<String> GROUPS = List.of("window-clerk", "reviewer", "tw-count-extra");

  /** user, groups, townships: who counts */
  record Who(String user, List<String> groups, List<String> townships) {
  }

  static final List<Who> PEOPLE = List.of(
      new Who("qs-clerk", List.of("window-clerk"), List.of("qingshan")),
      new Who("bs-clerk", List.of("window-clerk"), List.of("baishi")),
      new Who("qs-reviewer", List.of("reviewer"), List.of("qingshan")),
      // has tasks only as their assignee
      new Who("tw-count-assignee", List.of(), List.of("qingshan")),
      new Who("tw-count-two", List.of("window-clerk", "tw-count-extra"), List.of("qingshan", "baishi")));

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry);
  }

  @Autowired ProcessEngine engine;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;
  @Autowired AuthorizationService authorizations;
  @Autowired FilterService filters;
  @Autowired cn.township.workflow.security.RevokeAuthorizations revokeCheck;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

  final List<String> createdInstances = new ArrayList<>();
  final List<String> createdTasks = new ArrayList<>();
  final List<String> createdAuthorizations = new ArrayList<>();
  DbSqlSessionFactory statements;

  @BeforeEach
  void models() {
    statements = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDbSqlSessionFactory();
    for (String key : KEYS) {
      if (repository.createProcessDefinitionQuery().processDefinitionKey(key).count() == 0) {
        repository.createDeployment().addModelInstance(key + ".bpmn", Bpmn.createExecutableProcess(key)
            .camundaHistoryTimeToLive(1095).startEvent().userTask("Task_Count").endEvent().done()).deploy();
      }
    }
    if (identity.createGroupQuery().groupId("tw-count-extra").count() == 0) {
      Group extra = identity.newGroup("tw-count-extra");
      identity.saveGroup(extra);
    }
    // the assignee-only user belongs to no role group: may read the Tasklist filters all the same
    if (authorizations.createAuthorizationQuery().userIdIn("tw-count-assignee").resourceType(Resources.FILTER)
        .count() == 0) {
      Authorization readFilters = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      readFilters.setUserId("tw-count-assignee");
      readFilters.setResource(Resources.FILTER);
      readFilters.setResourceId("*");
      readFilters.addPermission(Permissions.READ);
      authorizations.saveAuthorization(readFilters);
    }
  }

  @AfterEach
  void cleanUp() {
    identity.clearAuthentication();
    TaskCountStatement.use(statements, true);
    removeScenario();
  }

  @Test
  void ourCountEqualsTheEnginesOverRandomizedTownshipsCandidatesAndAuthorizations() {
    int compared = 0;
    int rewritten = 0;
    int perTask = 0;
    int sets = 0;
    int revokeScenarios = 0;
    for (int scenario = 0; scenario < 40; scenario++) {
      Random random = new Random(20261206L + scenario);
      boolean revokes = scenario % 4 == 3;
      revokeScenarios += revokes ? 1 : 0;
      build(random, revokes);
      for (Who who : PEOPLE) {
        identity.setAuthentication(who.user(), who.groups(), who.townships());
        try {
          if (rewrite(tasks.createTaskQuery()) != null) {
            rewritten++;
          }
          for (Map.Entry<String, Supplier<TaskQuery>> query : queries(who).entrySet()) {
            String what = "scenario " + scenario + ", " + who.user() + ", " + query.getKey();
            TaskCountStatement.Rewrite rewrite = rewrite(query.getValue().get());
            perTask += rewrite != null && rewrite.isPerTask() ? 1 : 0;
            sets += rewrite != null && !rewrite.isPerTask() ? 1 : 0;
            long engines = engineCount(() -> query.getValue().get().count());
            long listed = engineCount(() -> (long) query.getValue().get().list().size());
            long ours = query.getValue().get().count();
            assertThat(ours).as(what).isEqualTo(engines).isEqualTo(listed);
            compared++;
          }
          for (Filter filter : filters.createFilterQuery().list()) {
            String what = "scenario " + scenario + ", " + who.user() + ", filter " + filter.getName();
            long engines = engineCount(() -> filters.count(filter.getId()));
            long listed = engineCount(() -> (long) filters.list(filter.getId()).size());
            assertThat(filters.count(filter.getId())).as(what).isEqualTo(engines).isEqualTo(listed);
            // what Tasklist adds to the filter on every request
            TaskQuery tasklist = tasks.createTaskQuery().active().orderByTaskCreateTime().desc();
            long enginesActive = engineCount(() -> filters.count(filter.getId(), tasklist));
            assertThat(filters.count(filter.getId(), tasklist)).as(what + " + active").isEqualTo(enginesActive)
                .isEqualTo(engineCount(() -> (long) filters.list(filter.getId(), tasklist).size()));
            compared += 2;
          }
        } finally {
          identity.clearAuthentication();
        }
      }
      removeScenario();
    }
    assertThat(compared).isGreaterThan(1000);
    // the revoke-aware check stays the engine's; everywhere else ours really ran
    assertThat(revokeScenarios).isEqualTo(10);
    assertThat(rewritten).as("counts that went through our check").isGreaterThanOrEqualTo(30 * PEOPLE.size());
    // both shapes of it: a lookup per task for someone's tasks in one township (candidate, assignee, groups: 4 queries
    // of the 4 people of one township), the sets for the others and for the person of two townships
    assertThat(perTask).as("counts looking up the task's grant per task").isGreaterThanOrEqualTo(30 * 4 * 4);
    assertThat(sets).as("counts asking the set of grants").isGreaterThanOrEqualTo(30 * 4 * 6);
  }

  // ------------------------------------------------------------------------------------------------------- helpers

  Map<String, Supplier<TaskQuery>> queries(Who who) {
    Map<String, Supplier<TaskQuery>> queries = new LinkedHashMap<>();
    queries.put("all", () -> tasks.createTaskQuery());
    queries.put("candidate, unassigned", () -> tasks.createTaskQuery().taskCandidateUser(who.user()).taskUnassigned());
    queries.put("candidate incl. assigned", () -> tasks.createTaskQuery().taskCandidateUser(who.user())
        .includeAssignedTasks());
    queries.put("assignee", () -> tasks.createTaskQuery().taskAssignee(who.user()));
    queries.put("definition key", () -> tasks.createTaskQuery().processDefinitionKey(KEYS.get(0)));
    queries.put("assignee or reviewer", () -> tasks.createTaskQuery().or().taskAssignee(who.user())
        .taskCandidateGroup("reviewer").endOr());
    queries.put("baishi", () -> tasks.createTaskQuery().tenantIdIn("baishi"));
    queries.put("no township", () -> tasks.createTaskQuery().withoutTenantId());
    queries.put("suspended", () -> tasks.createTaskQuery().suspended());
    queries.put("groups, active", () -> tasks.createTaskQuery().taskCandidateGroupIn(GROUPS).active());
    return queries;
  }

  /** The engine's own count statement for one call. */
  long engineCount(Supplier<Long> count) {
    TaskCountStatement.use(statements, false);
    try {
      return count.get();
    } finally {
      TaskCountStatement.use(statements, true);
    }
  }

  /** How a task query of the authenticated user goes through our check, or null: the engine's text. */
  TaskCountStatement.Rewrite rewrite(TaskQuery taskQuery) {
    return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired()
        .execute(context -> {
          TaskQueryImpl query = (TaskQueryImpl) taskQuery;
          context.getAuthorizationManager().configureTaskQuery(query);
          context.getTenantManager().configureQuery(query);
          return TaskCountStatement.rewritable(query.getAuthCheck(), query.getTenantCheck(), query);
        });
  }

  /** Tasks in two townships and none, of two definitions and standalone, with random people and authorizations. */
  void build(Random random, boolean revokes) {
    List<String> taskIds = new ArrayList<>();
    int count = 6 + random.nextInt(10);
    for (int i = 0; i < count; i++) {
      String township = random.nextInt(5) == 0 ? null : TOWNSHIPS.get(random.nextInt(TOWNSHIPS.size()));
      String taskId;
      if (random.nextInt(6) == 0) {
        Task standalone = tasks.newTask();
        standalone.setName("独立任务");
        standalone.setTenantId(township);
        tasks.saveTask(standalone);
        taskId = standalone.getId();
        createdTasks.add(taskId);
      } else {
        Map<String, Object> variables = township == null ? Map.of() : Map.of("townshipId", township);
        String instance = runtime.startProcessInstanceByKey(KEYS.get(random.nextInt(KEYS.size())), variables).getId();
        createdInstances.add(instance);
        taskId = tasks.createTaskQuery().processInstanceId(instance).singleResult().getId();
      }
      taskIds.add(taskId);
      for (String group : GROUPS) {
        if (random.nextInt(3) == 0) {
          tasks.addCandidateGroup(taskId, group);
        }
      }
      if (random.nextInt(4) == 0) {
        tasks.addCandidateUser(taskId, PEOPLE.get(random.nextInt(PEOPLE.size())).user());
      }
      if (random.nextInt(3) == 0) {
        tasks.setAssignee(taskId, PEOPLE.get(random.nextInt(PEOPLE.size())).user());
      }
    }
    // some cases suspended (Tasklist counts active tasks only)
    for (String instance : createdInstances) {
      if (random.nextInt(6) == 0) {
        runtime.suspendProcessInstanceById(instance);
      }
    }
    // the engine's own per-task grants (from the candidate links): some removed
    for (String taskId : taskIds) {
      for (Authorization existing : authorizations.createAuthorizationQuery().resourceType(Resources.TASK)
          .resourceId(taskId).list()) {
        if (random.nextInt(4) == 0) {
          authorizations.deleteAuthorization(existing.getId());
        }
      }
    }
    int extra = 3 + random.nextInt(8);
    for (int i = 0; i < extra; i++) {
      grant(random, taskIds, Authorization.AUTH_TYPE_GRANT);
    }
    if (random.nextInt(3) == 0) {
      grant(random, taskIds, Authorization.AUTH_TYPE_GLOBAL);
    }
    if (revokes) {
      grant(random, taskIds, Authorization.AUTH_TYPE_REVOKE);
    }
  }

  void grant(Random random, List<String> taskIds, int type) {
    Authorization authorization = authorizations.createNewAuthorization(type);
    boolean task = random.nextBoolean();
    authorization.setResource(task ? Resources.TASK : Resources.PROCESS_DEFINITION);
    // mostly the type's own kind of id; sometimes '*', or the other type's kind (the engine's join matches any)
    int kind = random.nextInt(10);
    String own = task ? taskIds.get(random.nextInt(taskIds.size())) : KEYS.get(random.nextInt(KEYS.size()));
    String other = task ? KEYS.get(random.nextInt(KEYS.size())) : taskIds.get(random.nextInt(taskIds.size()));
    authorization.setResourceId(kind < 6 ? own : kind < 8 ? "*" : other);
    if (type == Authorization.AUTH_TYPE_GLOBAL) {
      authorization.setUserId("*");
    } else if (random.nextInt(3) == 0) {
      authorization.setUserId(random.nextInt(4) == 0 ? "*" : PEOPLE.get(random.nextInt(PEOPLE.size())).user());
    } else {
      authorization.setGroupId(GROUPS.get(random.nextInt(GROUPS.size())));
    }
    if (type == Authorization.AUTH_TYPE_REVOKE) {
      authorization.removePermission(task ? Permissions.READ : ProcessDefinitionPermissions.READ_TASK);
      revoke(authorization);
      return;
    } else if (random.nextInt(4) == 0) {
      // a grant that does not give what the task query asks
      authorization.addPermission(task ? Permissions.UPDATE : Permissions.READ);
    } else {
      authorization.addPermission(task ? Permissions.READ : ProcessDefinitionPermissions.READ_TASK);
    }
    try {
      authorizations.saveAuthorization(authorization);
      createdAuthorizations.add(authorization.getId());
    } catch (org.camunda.bpm.engine.ProcessEngineException duplicate) {
      // the same user or group, resource and type twice: the unique index refuses it, the scenario goes on
    }
  }

  /**
   * A revoke as an earlier release or SQL leaves it (the application creates none: RevokeAuthorizations), and the
   * engine told to check revokes again, as at start-up.
   */
  void revoke(Authorization revoke) {
    String id = java.util.UUID.randomUUID().toString();
    try {
      jdbc.update("INSERT INTO ACT_RU_AUTHORIZATION (ID_, REV_, TYPE_, GROUP_ID_, USER_ID_, RESOURCE_TYPE_, RESOURCE_ID_, "
          + "PERMS_) VALUES (?, 1, ?, ?, ?, ?, ?, ?)", id, Authorization.AUTH_TYPE_REVOKE, revoke.getGroupId(),
          revoke.getUserId(), revoke.getResourceType(), revoke.getResourceId(),
          ((org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity) revoke).getPermissions());
      createdAuthorizations.add(id);
    } catch (org.springframework.dao.DuplicateKeyException duplicate) {
      // the same user or group, resource and type twice: the unique index refuses it, the scenario goes on
    }
    revokeCheck.check();
    assertThat(engine.getProcessEngineConfiguration().getAuthorizationCheckRevokes()).isEqualTo("auto");
  }

  void removeScenario() {
    createdInstances.forEach(id -> runtime.deleteProcessInstance(id, "test", true, true));
    createdInstances.clear();
    createdTasks.forEach(id -> tasks.deleteTask(id, true));
    createdTasks.clear();
    for (String id : createdAuthorizations) {
      if (authorizations.createAuthorizationQuery().authorizationId(id).count() > 0) {
        authorizations.deleteAuthorization(id);
      }
    }
    createdAuthorizations.clear();
    revokeCheck.check();
  }
}
