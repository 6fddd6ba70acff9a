package cn.township.workflow.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import cn.township.workflow.casefile.CaseLookup;
import cn.township.workflow.duty.Substitution;
import cn.township.workflow.duty.UrgeController;
import cn.township.workflow.system.Departments;
import cn.township.workflow.system.Townships;
import cn.township.workflow.system.Villages;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.task.TaskQuery;
import cn.township.workflow.system.BeforeRequests;
import org.springframework.stereotype.Component;

/**
 * The structure every installation needs, created at start if missing (idempotent): townships as
 * tenants, the role groups, what each role may do, and the Tasklist filters. Users are not created
 * here (see {@link DemoUsers} for the demo profile); administrators add real ones in Admin.
 */
@Component
public class TownshipIdentity extends BeforeRequests {

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final TaskService tasks;
  private final Townships townships;
  private final Departments departments;
  private final Villages villages;

  public TownshipIdentity(IdentityService identity, AuthorizationService authorizations, FilterService filters,
                          TaskService tasks, Townships townships, Departments departments, Villages villages) {
    this.villages = villages;
    this.identity = identity;
    this.authorizations = authorizations;
    this.filters = filters;
    this.tasks = tasks;
    this.townships = townships;
    this.departments = departments;
  }

  @Override
  protected int step() {
    return 1;
  }

  @Override
  protected void prepare() {
    for (Townships.Township township : townships.townships()) {
      if (identity.createTenantQuery().tenantId(township.id()).count() == 0) {
        Tenant tenant = identity.newTenant(township.id());
        tenant.setName(township.name());
        identity.saveTenant(tenant);
      }
    }
    for (Roles role : Roles.values()) {
      group(role.groupId, role.label);
      grant(role.groupId, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
      grant(role.groupId, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
      grant(role.groupId, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.CREATE_INSTANCE);
      grant(role.groupId, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
    }
    // County and city departments see only the tasks they are candidates for (forwarded cases), never a
    // township's internal tasks; their own systems post a decision through /api (LevelDecisionController delivers it
    // as the system). No UPDATE_INSTANCE: with it any department could set any level review's variables, modify or
    // correlate it over /engine-rest, for another department too; it is taken back from existing databases.
    for (Departments.Department department : departments.departments()) {
      group(department.id(), department.name());
      grant(department.id(), Resources.APPLICATION, "tasklist", Permissions.ACCESS);
      grant(department.id(), Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
      grant(department.id(), Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.CREATE_INSTANCE);
      grant(department.id(), Resources.PROCESS_DEFINITION, "higher-level-review", Permissions.READ,
          Permissions.READ_INSTANCE);
      revoke(department.id(), Resources.PROCESS_DEFINITION, "higher-level-review", Permissions.UPDATE_INSTANCE);
    }
    grant(Roles.COUNTY_SUPERVISOR.groupId, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    // Village agents (村级代办) and their villages: groups with no grant at all (no Tasklist, no engine); they work
    // through /api only (BasicAuthenticationFilter.agentMayCall), cases are started for them as the system.
    group(Villages.AGENT_GROUP, Villages.AGENT_LABEL);
    for (Villages.Village village : villages.villages()) {
      group(village.id(), village.name());
    }
    // only analysts (and admins) deploy models and migrate running cases to a new version
    String analyst = Roles.MODEL_ANALYST.groupId;
    grant(analyst, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(analyst, Resources.DEPLOYMENT, ANY, Permissions.CREATE, Permissions.READ, Permissions.DELETE);
    // Migrating needs MIGRATE_INSTANCE only. No UPDATE, UPDATE_INSTANCE, nor UPDATE on cases (taken back from existing
    // databases): with them an analyst suspended a case, its job definitions or jobs (its statutory timers then never
    // fire, 超时默认 never happens), set its variables or moved its steps; suspension is the administrator's alone.
    grant(analyst, Resources.PROCESS_DEFINITION, ANY, Permissions.READ, Permissions.READ_INSTANCE,
        Permissions.READ_HISTORY, ProcessDefinitionPermissions.MIGRATE_INSTANCE);
    revoke(analyst, Resources.PROCESS_DEFINITION, ANY, Permissions.UPDATE, Permissions.UPDATE_INSTANCE);
    grant(analyst, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
    revoke(analyst, Resources.PROCESS_INSTANCE, ANY, Permissions.UPDATE);
    grant(analyst, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.UPDATE);
    grant(Roles.COUNTY_SUPERVISOR.groupId, Resources.PROCESS_DEFINITION, ANY, Permissions.READ,
        Permissions.READ_INSTANCE, Permissions.READ_HISTORY, Permissions.READ_TASK);
    // who may start which procedure
    for (String procedure : CaseLookup.WINDOW_PROCEDURES) {
      grant(Roles.WINDOW_CLERK.groupId, Resources.PROCESS_DEFINITION, procedure, Permissions.READ,
          Permissions.CREATE_INSTANCE);
    }
    grant(Roles.WINDOW_CLERK.groupId, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
    grant(Roles.DECISION_OFFICE.groupId, Resources.PROCESS_DEFINITION, "major-decision", Permissions.READ,
        Permissions.CREATE_INSTANCE);
    grant(Roles.DECISION_OFFICE.groupId, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
    // enforcement cases: officers (inspection, referral) and window clerks (complaints) register them
    for (Roles role : new Roles[] {Roles.ENFORCEMENT_OFFICER, Roles.WINDOW_CLERK}) {
      grant(role.groupId, Resources.PROCESS_DEFINITION, "joint-enforcement", Permissions.READ,
          Permissions.CREATE_INSTANCE);
      grant(role.groupId, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
    }
    // Supervisors watch cases (of their own township: the tenant check still applies) in Cockpit.
    grant(Roles.SUPERVISOR.groupId, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(Roles.SUPERVISOR.groupId, Resources.PROCESS_DEFINITION, ANY, Permissions.READ, Permissions.READ_INSTANCE,
        Permissions.READ_HISTORY, Permissions.READ_TASK);
    grant(Roles.SUPERVISOR.groupId, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
    grant(Roles.SUPERVISOR.groupId, Resources.TASK, ANY, Permissions.READ);
    grant(Roles.SUPERVISOR.groupId, Resources.DEPLOYMENT, ANY, Permissions.READ);
    // the dashboard names who holds an overdue case
    for (Roles supervisor : new Roles[] {Roles.SUPERVISOR, Roles.COUNTY_SUPERVISOR}) {
      grant(supervisor.groupId, Resources.GROUP, ANY, Permissions.READ);
      grant(supervisor.groupId, Resources.USER, ANY, Permissions.READ);
    }
    createFilters();
  }

  private void createFilters() {
    // 催办 (duty/UrgeController) marks a task; every list shows the mark, 代理任务 also whose the task is
    Map<String, Object> urged = Map.of("name", UrgeController.URGED, "label", "催办");
    filter("我的待办", "已认领、由我办理的任务", 20,
        tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}").orderByDueDate().asc(),
        Map.of("variables", List.of(urged)));
    // candidate user covers the user's groups and tasks offered to the user by name (invited experts)
    filter("待认领（本岗位）", "本岗位或点名邀请我办理、尚未认领的任务，按到期日排序", 10,
        tasks.createTaskQuery().taskCandidateUserExpression("${currentUser()}").taskUnassigned()
            .orderByDueDate().asc(),
        Map.of("variables", List.of(urged)));
    // 职位代理 (duty/Substitution): tasks I hold or am offered for a colleague who is away, and whose they are
    filter("代理任务", "同事请假期间由我代理的任务（原办理人见“代理谁”）", 15,
        tasks.createTaskQuery().taskVariableValueLike(Substitution.FOR, "%")
            .or().taskAssigneeExpression("${currentUser()}").taskCandidateUserExpression("${currentUser()}").endOr()
            .orderByDueDate().asc(),
        Map.of("variables", List.of(Map.of("name", Substitution.FOR_NAME, "label", "代理谁"), urged)));
  }

  private void filter(String name, String description, int priority, TaskQuery query) {
    filter(name, description, priority, query, Map.of());
  }

  private void filter(String name, String description, int priority, TaskQuery query, Map<String, Object> shown) {
    Filter filter = filters.createFilterQuery().filterName(name).singleResult();
    // created, or brought up to date with this version's query, at every start
    filter = (filter == null ? filters.newTaskFilter(name) : filter)
        .setQuery(query)
        .setProperties(properties(description, priority, shown));
    filters.saveFilter(filter);
    for (Roles role : Roles.values()) {
      grant(role.groupId, Resources.FILTER, filter.getId(), Permissions.READ);
    }
    for (Departments.Department department : departments.departments()) {
      grant(department.id(), Resources.FILTER, filter.getId(), Permissions.READ);
    }
  }

  private static Map<String, Object> properties(String description, int priority, Map<String, Object> shown) {
    Map<String, Object> properties = new java.util.HashMap<>(shown);
    properties.putAll(Map.of("description", description, "priority", priority, "refresh", true));
    return properties;
  }

  private void group(String id, String name) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group group = identity.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
  }

  /** Takes {@code permissions} out of the group's grant where an earlier version gave them. */
  private void revoke(String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
        .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).singleResult();
    if (existing == null) {
      return;
    }
    boolean held = false;
    for (Permission permission : permissions) {
      held |= existing.isPermissionGranted(permission);
      existing.removePermission(permission);
    }
    if (held) {
      authorizations.saveAuthorization(existing);
    }
  }

  private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
        .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).singleResult();
    Authorization authorization = existing != null ? existing : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
    authorization.setGroupId(groupId);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }
}
