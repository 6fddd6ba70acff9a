package cn.township.workflow.system;

import java.util.List;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.impl.db.AuthorizationCheck;
import org.camunda.bpm.engine.impl.db.CompositePermissionCheck;
import org.camunda.bpm.engine.impl.db.PermissionCheck;
import org.camunda.bpm.engine.impl.db.TenantCheck;
import org.camunda.bpm.engine.impl.db.sql.DbSqlSessionFactory;
import org.springframework.stereotype.Component;

/**
 * Counts tasks with the authorization check asked by equality (resources/…/system/TaskCount.xml) instead of Camunda
 * 7.24's join on {@code RESOURCE_ID_ IN (task, definition key, '*')}, which cannot be hashed and probes the
 * authorizations once per matching task: Tasklist counts the open filter on every refresh (every 10 s) and every page.
 * Everything else of the count stays the engine's (criteria, joins, tenant check, the revoke-aware check); where the
 * query's authorization check is not the task query's usual one the engine's own statement text results. For someone's
 * tasks in one township the task's own grant is looked up per task after the criteria rather than as the set of the
 * groups' grants in every township ({@link Rewrite#isPerTask()}).
 */
@Component
public class TaskCountStatement extends ReplacedEngineStatement {

  /** The engine's statement, as {@code TaskManager} names it. */
  public static final String ENGINE_STATEMENT = "selectTaskCountByQueryCriteria";
  /** Ours, in TaskCount.xml. */
  public static final String STATEMENT = "cn.township.workflow.system.TaskCount.twSelectTaskCountByQueryCriteria";
  static final String MAPPER = "cn/township/workflow/system/TaskCount.xml";

  public TaskCountStatement() {
    super(ENGINE_STATEMENT, STATEMENT, MAPPER);
  }

  /** Our count ({@code true}) or the engine's. */
  public static void use(DbSqlSessionFactory factory, boolean ours) {
    map(factory, ENGINE_STATEMENT, STATEMENT, ours);
  }

  /** What TaskCount.xml needs of a check it rewrites (getters: MyBatis reads them by bean property). */
  public static final class Rewrite {
    private final AuthorizationCheck check;
    private final boolean perTask;

    Rewrite(AuthorizationCheck check, boolean perTask) {
      this.check = check;
      this.perTask = perTask;
    }

    /**
     * The grant on the task's own id looked up once per task the criteria leave ({@code true}), or as the set of all
     * the user's and groups' task grants, built once. Per task where the query asks for someone's tasks (assignee or
     * candidate) in at most one township: those are a fraction of the grants a group holds in every township (5,000
     * lookups against a set of 51,000 for 青山镇's clerk at 100,000 open tasks: 52 → 38 ms of the database's CPU).
     * The set elsewhere: county staff of every township count up to all of a group's tasks (50,000 tasks: 153–184 →
     * 230–238 ms per task), and a count of a whole township by a user with few grants reads more tasks than grants
     * (11,000 tasks: 16 → 35 ms).
     */
    public boolean isPerTask() {
      return perTask;
    }

    public String getAuthUserId() {
      return check.getAuthUserId();
    }

    public List<String> getAuthGroupIds() {
      return check.getAuthGroupIds();
    }

    public List<PermissionCheck> getAtomicChecks() {
      return check.getPermissionChecks().getAtomicChecks();
    }

    public boolean isDisjunctive() {
      return true;
    }

    /** the engine lets every case task through when CMMN is on (its left join) */
    public boolean isCaseTasksVisible() {
      return check.isUseLeftJoin();
    }

    /** handed to the engine's fragment in place of the check: no authorization join, no condition */
    public AuthorizationCheck getWithoutJoin() {
      return new AuthorizationCheck();
    }
  }

  /**
   * The check of a task query (TaskQueryImpl's: READ on the task or READ_TASK on its definition, either suffices)
   * without revokes, or null: anything else keeps the engine's text. The tenant check and the query's own criteria say
   * how many tasks the count can see (see {@link Rewrite#isPerTask()}).
   */
  public static Rewrite rewritable(AuthorizationCheck check, TenantCheck tenants, TaskQueryImpl query) {
    if (check == null || !check.getShouldPerformAuthorizatioCheck() || check.getAuthUserId() == null
        || check.isRevokeAuthorizationCheckEnabled()) {
      return null;
    }
    CompositePermissionCheck permissions = check.getPermissionChecks();
    List<PermissionCheck> atomic = permissions.getAtomicChecks();
    boolean usual = permissions.isDisjunctive() && permissions.getCompositeChecks().isEmpty() && atomic.size() == 2
        && is(atomic.get(0), Resources.TASK.resourceType(), "RES.ID_", Permissions.READ.getValue())
        && is(atomic.get(1), Resources.PROCESS_DEFINITION.resourceType(), "D.KEY_",
            ProcessDefinitionPermissions.READ_TASK.getValue());
    if (!usual) {
      return null;
    }
    boolean oneTownship = tenants != null && tenants.isTenantCheckEnabled() && tenants.getAuthTenantIds() != null
        && tenants.getAuthTenantIds().size() <= 1;
    return new Rewrite(check, oneTownship && someonesTasks(query));
  }

  /** The query (its own criteria, ANDed; not those of its or-queries) asks for an assignee's or candidate's tasks. */
  static boolean someonesTasks(TaskQueryImpl query) {
    return query != null && (query.getAssignee() != null || query.getCandidateUser() != null
        || query.getCandidateGroup() != null
        || query.getCandidateGroupsInternal() != null && !query.getCandidateGroupsInternal().isEmpty());
  }

  private static boolean is(PermissionCheck check, int resourceType, String column, int perms) {
    return check.getResourceType() == resourceType && column.equals(check.getResourceIdQueryParam())
        && check.getResourceId() == null && check.getPerms() == perms;
  }
}
