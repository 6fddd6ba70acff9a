package cn.township.workflow.security;

import cn.township.workflow.system.EngineRestErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricIdentityLinkLog;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * An id the caller may not read is answered as an id nobody has. Camunda checks a command's permission before or
 * after looking the thing up, and some commands not at all: another township's case task answered "part of a running
 * process" to its deletion where an unknown id was 204, a lower role's call on a case 403 where an unknown id was 404,
 * suspending an unknown job 204 where another's was 404, another township's task attachment was read and deleted. So
 * before the engine sees a call on one thing by its id (a task and everything under it — variables, forms, comments,
 * attachments —, a case, an execution, a job, a variable, an incident, a deployment, a filter, a batch, an external
 * task, a history entry, a user, a group, a township, a grant; any method), the thing is looked up as the caller, with
 * the engine's own tenant and authorization checks; one the caller cannot find is 404 with the engine's answer to an
 * unknown id, logged in one masked line. What the caller can read goes on to the engine, which may still refuse (403)
 * what they may not do with it.
 */
class UnseenIdGuard extends EngineCallGuard {

  /** Where a thing's id is in the path. Groups after the engine's two: the kind of thing, its id. */
  private static final String ONE_THING = TaskVariableGuard.ENGINE + "/(?:(task|process-instance"
      + "|execution|job|variable-instance|incident|deployment|filter|batch|external-task|user|group|tenant"
      + "|authorization|history/(?:process-instance|variable-instance|activity-instance|batch|detail|job-log))"
      + "/([^/]+)(?:/.*)?";
  /** A thing in the path; or (group five) a message or signal, which may name a case or execution in its body. */
  private static final Pattern IN_PATH = Pattern.compile(ONE_THING + ")$");
  private static final Pattern IN_PATH_OR_BODY = Pattern.compile(ONE_THING
      + "|(message|signal|(?:modification|migration)/execute(?:Async)?)/?)$");
  /**
   * The fields of a call's body that name one case or execution or a list of things, and their kind: a message, a
   * signal, the suspension of a case's jobs or of listed cases (the engine answered 204 to an unknown case there where
   * another township's was 404 and a lower role's 403), and the batch calls on listed cases, jobs, external tasks and
   * history entries (deletion, job retries, variables, messages, modification, migration, removal time).
   */
  private static final Map<String, List<Map.Entry<String, String>>> NAMED_IN_BODY = named();

  private static Map<String, List<Map.Entry<String, String>>> named() {
    Map<String, List<Map.Entry<String, String>>> named = new java.util.HashMap<>();
    named.put("message", List.of(Map.entry("processInstanceId", "process-instance")));
    named.put("signal", List.of(Map.entry("executionId", "execution")));
    named.put("job/suspended", List.of(Map.entry("processInstanceId", "process-instance")));
    named.put("job/retries", List.of(Map.entry("jobIds", "job")));
    for (String call : List.of("process-instance/suspended", "process-instance/suspended-async",
        "process-instance/delete", "process-instance/delete-historic-query-based", "process-instance/variables-async",
        "process-instance/message-async", "modification/execute", "modification/executeAsync", "migration/execute",
        "migration/executeAsync")) {
      named.put(call, List.of(Map.entry("processInstanceIds", "process-instance")));
    }
    for (String call : List.of("process-instance/job-retries", "process-instance/job-retries-historic-query-based")) {
      named.put(call, List.of(Map.entry("processInstances", "process-instance")));
    }
    for (String call : List.of("external-task/retries", "external-task/retries-async")) {
      named.put(call, List.of(Map.entry("externalTaskIds", "external-task"),
          Map.entry("processInstanceIds", "process-instance")));
    }
    for (String call : List.of("history/process-instance/delete", "history/process-instance/set-removal-time")) {
      named.put(call, List.of(Map.entry("historicProcessInstanceIds", "history/process-instance")));
    }
    return Map.copyOf(named);
  }

  /**
   * The most ids one call may list: each is looked up as the caller (one query for each kind), and Cockpit CE sends
   * none of these calls (its batch operations and migration views are Enterprise plugins); more go by a query instead.
   */
  static final int MAX_LISTED = 1000;
  /** The words Camunda's REST API has where these resources have an id (POST /task/create, GET /job/count …). */
  private static final Set<String> NOT_IDS = Set.of("count", "create", "report", "delete",
      "delete-historic-query-based", "job-retries", "job-retries-historic-query-based", "message-async", "suspended",
      "suspended-async", "variables-async", "retries", "retries-async", "registered", "statistics", "check",
      "set-removal-time", "cleanable-batch-report", "fetchAndLock", "topic-names", "variable-instance");

  /**
   * How the caller finds all of many things of a kind in one query (two for cases: running, then in history): the
   * kinds the batch calls list. Other kinds are looked up one by one.
   */
  private final Map<String, BiPredicate<ProcessEngine, Set<String>>> findsAll = Map.of(
      "process-instance", (engine, ids) -> {
        Set<String> rest = new java.util.HashSet<>(ids);
        engine.getRuntimeService().createProcessInstanceQuery().processInstanceIds(ids).list()
            .forEach(found -> rest.remove(found.getId()));
        return rest.isEmpty() || engine.getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceIds(rest).count() == rest.size();
      },
      "history/process-instance", (engine, ids) -> engine.getHistoryService().createHistoricProcessInstanceQuery()
          .processInstanceIds(ids).count() == ids.size(),
      "job", (engine, ids) -> engine.getManagementService().createJobQuery().jobIds(ids).count() == ids.size(),
      "external-task", (engine, ids) -> engine.getExternalTaskService().createExternalTaskQuery()
          .externalTaskIdIn(ids).count() == ids.size());

  /** How the caller finds a thing of each kind by its id: the engine's queries, as the caller. */
  private final Map<String, BiPredicate<ProcessEngine, String>> finds = Map.ofEntries(
      Map.entry("task", (engine, id) -> engine.getTaskService().createTaskQuery().taskId(id).count() > 0
          || engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(id).count() > 0),
      Map.entry("process-instance", (engine, id) -> engine.getRuntimeService().createProcessInstanceQuery()
          .processInstanceId(id).count() > 0 || engine.getHistoryService().createHistoricProcessInstanceQuery()
          .processInstanceId(id).count() > 0),
      Map.entry("execution", (engine, id) -> engine.getRuntimeService().createExecutionQuery().executionId(id)
          .count() > 0),
      Map.entry("job", (engine, id) -> engine.getManagementService().createJobQuery().jobId(id).count() > 0),
      Map.entry("variable-instance", (engine, id) -> engine.getRuntimeService().createVariableInstanceQuery()
          .variableId(id).count() > 0),
      Map.entry("incident", (engine, id) -> engine.getRuntimeService().createIncidentQuery().incidentId(id)
          .count() > 0),
      Map.entry("deployment", (engine, id) -> engine.getRepositoryService().createDeploymentQuery().deploymentId(id)
          .count() > 0),
      Map.entry("filter", (engine, id) -> engine.getFilterService().createFilterQuery().filterId(id).count() > 0),
      Map.entry("batch", (engine, id) -> engine.getManagementService().createBatchQuery().batchId(id).count() > 0),
      Map.entry("external-task", (engine, id) -> engine.getExternalTaskService().createExternalTaskQuery()
          .externalTaskId(id).count() > 0),
      Map.entry("user", (engine, id) -> engine.getIdentityService().createUserQuery().userId(id).count() > 0),
      Map.entry("group", (engine, id) -> engine.getIdentityService().createGroupQuery().groupId(id).count() > 0),
      Map.entry("tenant", (engine, id) -> engine.getIdentityService().createTenantQuery().tenantId(id).count() > 0),
      Map.entry("authorization", (engine, id) -> engine.getAuthorizationService().createAuthorizationQuery()
          .authorizationId(id).count() > 0),
      Map.entry("history/process-instance", (engine, id) -> engine.getHistoryService()
          .createHistoricProcessInstanceQuery().processInstanceId(id).count() > 0),
      Map.entry("history/variable-instance", (engine, id) -> engine.getHistoryService()
          .createHistoricVariableInstanceQuery().variableId(id).count() > 0),
      Map.entry("history/activity-instance", (engine, id) -> engine.getHistoryService()
          .createHistoricActivityInstanceQuery().activityInstanceId(id).count() > 0),
      Map.entry("history/batch", (engine, id) -> engine.getHistoryService().createHistoricBatchQuery().batchId(id)
          .count() > 0),
      Map.entry("history/detail", (engine, id) -> engine.getHistoryService().createHistoricDetailQuery().detailId(id)
          .count() > 0),
      Map.entry("history/job-log", (engine, id) -> engine.getHistoryService().createHistoricJobLogQuery().logId(id)
          .count() > 0));

  private final ProcessEngine engine;

  UnseenIdGuard(ProcessEngine engine) {
    super(engine.getIdentityService(), Map.of("GET", IN_PATH, "HEAD", IN_PATH, "POST", IN_PATH_OR_BODY,
        "PUT", IN_PATH, "DELETE", IN_PATH));
    this.engine = engine;
  }

  @Override
  void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Matcher call,
             Authentication caller) throws ServletException, IOException {
    String inBody = call.group(3) != null ? call.group(3) + "/" + call.group(4) : call.group(5);
    if (call.group(3) != null && !NAMED_IN_BODY.containsKey(inBody)) {
      if (NOT_IDS.contains(call.group(4))) {
        chain.doFilter(request, response);
      } else {
        pass(call.group(3), call.group(4), request, response, chain, caller);
      }
      return;
    }
    // a message to one case, a signal to one execution (the case waiting for it: Camunda checks the permission only
    // there, so a lower role got 403 where an unknown id was 400 or 404), a case's jobs or listed cases suspended; a
    // body over the limit, not JSON or with a name twice is the other guards' to refuse, a field not text the engine's
    CachedBody body = new CachedBody(request, TaskVariableGuard.MAX_BODY);
    boolean readable = body.whole() && body.repeatedName().isEmpty();
    Map<String, Set<String>> named = new java.util.LinkedHashMap<>();
    int listed = 0;
    for (Map.Entry<String, String> field : NAMED_IN_BODY.get(inBody)) {
      com.fasterxml.jackson.databind.JsonNode id = readable ? body.json().path(field.getKey())
          : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      List<String> ids = new java.util.ArrayList<>();
      if (id.isTextual()) {
        ids.add(id.textValue());
      } else if (id.isArray()) {
        id.forEach(each -> ids.add(each.isTextual() ? each.textValue() : null));
      }
      if (ids.contains(null)) {
        chain.doFilter(body, response); // not a list of texts: the engine's 400
        return;
      }
      listed += ids.size();
      if (!ids.isEmpty()) {
        named.computeIfAbsent(field.getValue(), kind -> new java.util.LinkedHashSet<>()).addAll(ids);
      }
    }
    if (listed > MAX_LISTED) {
      refuse(response, HttpServletResponse.SC_BAD_REQUEST, "InvalidRequestException", "一次最多列出" + MAX_LISTED
          + "个编号（收到" + listed + "个）：更多的请分批提交，或按查询条件（如 processInstanceQuery）提交。");
      return;
    }
    for (Map.Entry<String, Set<String>> kind : named.entrySet()) {
      if (!found(kind.getKey(), kind.getValue(), caller)) {
        EngineRestErrors.notFound(kind.getKey() + " " + kind.getValue().size() + " listed (one or more not found or"
            + " not readable by " + caller.getUserId() + ")");
        refuse(response, HttpServletResponse.SC_NOT_FOUND, "NotFound", EngineRestErrors.OTHER_TOWNSHIP);
        return;
      }
    }
    chain.doFilter(body, response);
  }

  /** Whether the caller finds every one of these things: one query where the kind has one for many, else each. */
  private boolean found(String kind, Set<String> ids, Authentication caller) {
    if (ids.size() > 1 && findsAll.containsKey(kind)) {
      return Callers.as(identity, caller, () -> findsAll.get(kind).test(engine, ids));
    }
    return ids.stream().allMatch(id -> "user".equals(kind) && id.equals(caller.getUserId())
        || Callers.as(identity, caller, () -> finds.get(kind).test(engine, id))
        || "task".equals(kind) && held(id, caller));
  }

  /**
   * Whether the caller held this task (assignee or candidate, in their township) before it was completed: the clerk
   * who completes it a moment after a colleague still gets the engine's answer (409, the case was just handled), not
   * "not found". Both queries run whatever the first finds, so an outsider's answer takes as long for a task of
   * another township as for none.
   */
  private boolean held(String id, Authentication caller) {
    return Callers.as(identity, null, () -> {
      HistoricTaskInstance done = engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(id).finished()
          .singleResult();
      List<HistoricIdentityLinkLog> links = engine.getHistoryService().createHistoricIdentityLinkLogQuery().taskId(id)
          .list();
      return done != null && (done.getTenantId() == null || Callers.inTownship(caller, done.getTenantId()))
          && (caller.getUserId().equals(done.getAssignee()) || links.stream().anyMatch(link ->
          caller.getUserId().equals(link.getUserId()) || Callers.inGroup(caller, link.getGroupId())));
    });
  }

  /** The call goes on to the engine where the caller finds the thing; else it is answered as an unknown id. */
  private void pass(String kind, String id, HttpServletRequest request, HttpServletResponse response,
                    FilterChain chain, Authentication caller) throws ServletException, IOException {
    if (!found(kind, Set.of(id), caller)) {
      EngineRestErrors.notFound(kind + " " + id + " (not found or not readable by " + caller.getUserId() + ")");
      refuse(response, HttpServletResponse.SC_NOT_FOUND, "NotFound", EngineRestErrors.OTHER_TOWNSHIP);
      return;
    }
    chain.doFilter(request, response);
  }
}
