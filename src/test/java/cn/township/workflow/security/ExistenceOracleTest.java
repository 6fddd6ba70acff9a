package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * No engine API call tells a caller who may not read a thing that it exists: for each call on the main resources
 * (task, its comments and attachments, case — named in the path or in a body: a message, a signal, a suspension —,
 * execution, variable, job, incident, deployment, filter,
 * batch, history, user, group, tenant, authorization), over /engine-rest, /engine-rest/engine/default and the
 * webapps' API, 白石乡's clerk and 青山镇's lower roles get for an id of a 青山镇 thing exactly the answer (status and
 * body, the id and a reference number aside) they get for an id nobody has; never a 5xx; anonymous 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ExistenceOracleTest {

  static final List<String> PREFIXES = List.of("/engine-rest", "/engine-rest/engine/default",
      "/camunda/api/engine/engine/default");
  /** 白石乡's clerk (another township), 青山镇's village agent and reviewer (lower roles for a window clerk's step). */
  static final List<String> OUTSIDERS = List.of("bs-clerk", "qs-agent", "qs-reviewer");

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired RepositoryService repository;
  @Autowired HistoryService history;
  @Autowired FilterService filters;
  @Autowired AuthorizationService authorizations;
  @Autowired org.camunda.bpm.engine.IdentityService identity;
  @LocalServerPort int port;

  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, WebappSession> sessions = new HashMap<>();

  /** One call: method, path with {@code {id}} where the id goes, a JSON body or null. */
  record Call(String method, String path, String body) {
    String at(String id) {
      return path.replace("{id}", id);
    }
  }

  record Answer(int status, String text) {}

  Answer send(String user, String prefix, String method, String path, String body) throws Exception {
    if (prefix.startsWith("/camunda")) {
      WebappSession session = sessions.computeIfAbsent(String.valueOf(user), name -> new WebappSession(port));
      if (user != null && session.sessionId() == null
          && session.login(user, "demo", "tasklist").statusCode() != 200) {
        return null; // a role without Tasklist (the village agent) does not reach the webapps' API at all
      }
      HttpResponse<String> response = session.send(method, prefix + path, body);
      return new Answer(response.statusCode(), response.body());
    }
    return basic(client, port, user, method, prefix + path, body);
  }

  /** A JSON call with the demo password (or none, for null), as ApiExistenceOracleTest also sends it. */
  static Answer basic(HttpClient client, int port, String user, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      request.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** The answer as compared: the id the caller sent and a reference number made alike. */
  static String alike(String text, String id) {
    return text.replace(id, "{id}").replaceAll("错误编号 [0-9a-f]{8}", "错误编号 …");
  }

  @Test
  void anotherTownshipsThingIsAnsweredAsOneNobodyHas() throws Exception {
    Task task = tasks.createTaskQuery().taskId(new Api(rest).intakeTaskOfNewCase("qs-clerk")).singleResult();
    String instance = task.getProcessInstanceId();
    Job timer = management.createJobQuery().processInstanceId(instance).singleResult();
    String comment = tasks.createComment(task.getId(), instance, "青山镇的意见").getId();
    String attachment = tasks.createAttachment("text/plain", task.getId(), instance, "材料", "说明",
        "https://example.org/a").getId();
    String variable = runtime.createVariableInstanceQuery().processInstanceIdIn(instance).list().get(0).getId();
    Incident incident = runtime.createIncident("township-probe", task.getExecutionId(), "probe");
    Filter filter = filters.saveFilter(filters.newTaskFilter("青山镇张丽的私人筛选").setOwner("qs-clerk")
        .setQuery(tasks.createTaskQuery()));
    Batch batch = management.setJobRetriesAsync(List.of(timer.getId()), timer.getRetries());
    String deployment = repository.getProcessDefinition(task.getProcessDefinitionId()).getDeploymentId();
    String activity = history.createHistoricActivityInstanceQuery().processInstanceId(instance).list().get(0).getId();
    String grant = authorizations.createAuthorizationQuery().userIdIn("qs-clerk").list().isEmpty()
        ? authorizations.createAuthorizationQuery().groupIdIn("window-clerk").list().get(0).getId()
        : authorizations.createAuthorizationQuery().userIdIn("qs-clerk").list().get(0).getId();

    // a township none of the callers belongs to (each reads their own, as Tasklist does)
    org.camunda.bpm.engine.identity.Tenant township = identity.newTenant("probe-township");
    township.setName("探测乡");
    identity.saveTenant(township);

    // the thing of 青山镇 each call names → its calls
    Map<String, List<Call>> walk = new LinkedHashMap<>();
    walk.put(task.getId(), List.of(get("/task/{id}"), get("/task/{id}/variables"), get("/task/{id}/variables/x"),
        get("/task/{id}/localVariables"), get("/task/{id}/form"), get("/task/{id}/deployed-form"),
        get("/task/{id}/rendered-form"), get("/task/{id}/form-variables"), get("/task/{id}/identity-links"),
        get("/task/{id}/comment"), get("/task/{id}/attachment"), get("/history/task?taskId={id}"),
        post("/task/{id}/claim", "{\"userId\":\"qs-agent\"}"), post("/task/{id}/unclaim", "{}"),
        post("/task/{id}/complete", "{}"), post("/task/{id}/submit-form", "{}"), post("/task/{id}/resolve", "{}"),
        post("/task/{id}/delegate", "{\"userId\":\"qs-agent\"}"),
        post("/task/{id}/assignee", "{\"userId\":\"qs-agent\"}"),
        post("/task/{id}/identity-links", "{\"userId\":\"qs-agent\",\"type\":\"candidate\"}"),
        post("/task/{id}/identity-links/delete", "{\"groupId\":\"window-clerk\",\"type\":\"candidate\"}"),
        post("/task/{id}/comment/create", "{\"message\":\"探测\"}"),
        post("/task/{id}/variables", "{\"modifications\":{\"x\":{\"value\":1}}}"),
        put("/task/{id}/variables/x", "{\"value\":1}"), delete("/task/{id}/variables/x"),
        put("/task/{id}", "{\"name\":\"探测\"}"), delete("/task/{id}"),
        post("/task/{id}/bpmnError", "{\"errorCode\":\"x\"}"),
        post("/task/{id}/bpmnEscalation", "{\"escalationCode\":\"x\"}")));
    walk.put(comment, List.of(get("/task/" + task.getId() + "/comment/{id}")));
    walk.put(attachment, List.of(get("/task/" + task.getId() + "/attachment/{id}"),
        get("/task/" + task.getId() + "/attachment/{id}/data"), delete("/task/" + task.getId() + "/attachment/{id}")));
    walk.put(instance, List.of(get("/process-instance/{id}"), get("/process-instance/{id}/variables"),
        get("/process-instance/{id}/variables/applicantName"), get("/process-instance/{id}/activity-instances"),
        get("/process-instance/{id}/comment"),
        post("/process-instance/{id}/variables", "{\"modifications\":{\"x\":{\"value\":1}}}"),
        put("/process-instance/{id}/variables/x", "{\"value\":1}"), delete("/process-instance/{id}/variables/x"),
        put("/process-instance/{id}/suspended", "{\"suspended\":true}"), delete("/process-instance/{id}"),
        post("/process-instance/{id}/modification", "{\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"x\"}]}"),
        get("/history/process-instance/{id}"), delete("/history/process-instance/{id}"),
        get("/history/variable-instance?processInstanceId={id}"),
        post("/message", "{\"messageName\":\"x\",\"processInstanceId\":\"{id}\"}"),
        post("/signal", "{\"name\":\"x\",\"executionId\":\"{id}\"}"),
        put("/job/suspended", "{\"processInstanceId\":\"{id}\",\"suspended\":true}"),
        put("/process-instance/suspended", "{\"processInstanceIds\":[\"{id}\"],\"suspended\":true}")));
    walk.put(task.getExecutionId(), List.of(get("/execution/{id}"), get("/execution/{id}/localVariables"),
        put("/execution/{id}/localVariables/x", "{\"value\":1}"), post("/execution/{id}/signal", "{}")));
    walk.put(variable, List.of(get("/variable-instance/{id}"), get("/variable-instance/{id}/data"),
        get("/history/variable-instance/{id}"), get("/history/variable-instance/{id}/data")));
    walk.put(timer.getId(), List.of(get("/job/{id}"), get("/job/{id}/stacktrace"),
        put("/job/{id}/retries", "{\"retries\":5}"), put("/job/{id}/duedate", "{\"duedate\":null}"),
        put("/job/{id}/priority", "{\"priority\":7}"), put("/job/{id}/suspended", "{\"suspended\":true}"),
        post("/job/{id}/execute", null), delete("/job/{id}")));
    walk.put(incident.getId(), List.of(get("/incident/{id}"), delete("/incident/{id}"),
        put("/incident/{id}/annotation", "{\"annotation\":\"x\"}")));
    walk.put(deployment, List.of(get("/deployment/{id}"), get("/deployment/{id}/resources"),
        post("/deployment/{id}/redeploy", "{}"), delete("/deployment/{id}")));
    walk.put(filter.getId(), List.of(get("/filter/{id}"), get("/filter/{id}/list"), get("/filter/{id}/count"),
        put("/filter/{id}", "{\"resourceType\":\"Task\",\"name\":\"x\",\"query\":{}}"), delete("/filter/{id}")));
    walk.put(batch.getId(), List.of(get("/batch/{id}"), put("/batch/{id}/suspended", "{\"suspended\":true}"),
        delete("/batch/{id}"), get("/history/batch/{id}")));
    walk.put(activity, List.of(get("/history/activity-instance/{id}")));
    walk.put("qs-clerk", List.of(get("/user/{id}/profile"), put("/user/{id}/credentials",
        "{\"password\":\"Xx1!xxxxxxxx\",\"authenticatedUserPassword\":\"demo\"}"), delete("/user/{id}")));
    walk.put("leader", List.of(get("/group/{id}"), put("/group/{id}", "{\"id\":\"{id}\",\"name\":\"x\"}"),
        delete("/group/{id}"), put("/group/{id}/members/qs-agent", null)));
    walk.put(township.getId(), List.of(get("/tenant/{id}"), put("/tenant/{id}", "{\"id\":\"{id}\",\"name\":\"x\"}"),
        delete("/tenant/{id}"), put("/tenant/{id}/user-members/qs-agent", null)));
    walk.put(grant, List.of(get("/authorization/{id}"), delete("/authorization/{id}"),
        put("/authorization/{id}", "{\"permissions\":[\"ALL\"],\"userId\":\"qs-agent\",\"resourceType\":7,"
            + "\"resourceId\":\"*\"}")));

    List<String> differences = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, List<Call>> thing : walk.entrySet()) {
      String theirs = thing.getKey();
      String nobodys = thing.getKey().matches("[a-z]+(-[a-z]+)?") ? "nobody-" + UUID.randomUUID().toString()
          .substring(0, 8) : UUID.randomUUID().toString();
      for (Call call : thing.getValue()) {
        for (String prefix : PREFIXES) {
          for (String user : OUTSIDERS) {
            Answer existing = send(user, prefix, call.method(), call.at(theirs), body(call, theirs));
            Answer unknown = send(user, prefix, call.method(), call.at(nobodys), body(call, nobodys));
            if (existing == null) {
              continue;
            }
            compared++;
            String where = user + " " + call.method() + " " + prefix + call.path();
            if (existing.status() >= 500 || unknown.status() >= 500) {
              differences.add(where + ": 5xx " + existing + " / " + unknown);
            } else if (existing.status() != unknown.status()
                || !alike(existing.text(), theirs).equals(alike(unknown.text(), nobodys))) {
              differences.add(where + ": " + existing.status() + " " + alike(existing.text(), theirs) + "  ≠  "
                  + unknown.status() + " " + alike(unknown.text(), nobodys));
            }
          }
          Answer anonymous = send(null, prefix, call.method(), call.at(theirs), body(call, theirs));
          if (anonymous.status() != 401) {
            differences.add("anonymous " + call.method() + " " + prefix + call.path() + ": " + anonymous);
          }
        }
      }
    }
    assertThat(differences).as("of %d pairs compared:%n%s", compared, String.join("\n", differences)).isEmpty();
    assertThat(compared).as("every call, over each API, by each caller (the village agent's webapp login aside)")
        .isGreaterThanOrEqualTo(walk.values().stream().mapToInt(List::size).sum() * (PREFIXES.size()
        * OUTSIDERS.size() - 1));
    // nothing of 青山镇 was changed by the calls
    Task after = tasks.createTaskQuery().taskId(task.getId()).singleResult();
    assertThat(after.getName()).isEqualTo(task.getName());
    assertThat(after.getAssignee()).isNull();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).active().count()).isEqualTo(1);
    assertThat(runtime.getVariable(instance, "x")).isNull();
    assertThat(management.createJobQuery().jobId(timer.getId()).singleResult().getRetries())
        .isEqualTo(timer.getRetries());
    assertThat(filters.getFilter(filter.getId()).getName()).isEqualTo("青山镇张丽的私人筛选");
    assertThat(management.createJobQuery().processInstanceId(instance).suspended().count()).isZero();
    // 青山镇's supervisor reads the case: the engine, not the guard, says what they may not do with it
    Answer own = send("qs-supervisor", "/engine-rest", "PUT", "/process-instance/suspended",
        "{\"processInstanceIds\":[\"" + instance + "\"],\"suspended\":true}");
    assertThat(own.status()).as(own.text()).isEqualTo(403);
    assertThat(CachedBody.JSON.readTree(own.text()).path("type").asText()).isEqualTo("AuthorizationException");
    management.deleteBatch(batch.getId(), true);
    filters.deleteFilter(filter.getId());
    runtime.resolveIncident(incident.getId());
    identity.deleteTenant(township.getId());
  }

  /**
   * The engine's calls that list cases, jobs or history entries in their body (batch deletion, job retries, variables,
   * messages, modification, migration, removal time): one id of 青山镇 or two in a list is answered as ids nobody has;
   * nothing changes. An administrator's list of cases goes on to the engine; a list over the limit is a Chinese 400.
   */
  @Test
  void listedThingsAreAnsweredAsOnesNobodyHas() throws Exception {
    Api api = new Api(rest);
    Task first = tasks.createTaskQuery().taskId(api.intakeTaskOfNewCase("qs-clerk")).singleResult();
    Task second = tasks.createTaskQuery().taskId(api.intakeTaskOfNewCase("qs-clerk")).singleResult();
    String definition = first.getProcessDefinitionId();
    String[] cases = {first.getProcessInstanceId(), second.getProcessInstanceId()};
    String[] jobs = {management.createJobQuery().processInstanceId(cases[0]).singleResult().getId(),
        management.createJobQuery().processInstanceId(cases[1]).singleResult().getId()};
    String[] nobodys = {UUID.randomUUID().toString(), UUID.randomUUID().toString()};
    int retries = management.createJobQuery().jobId(jobs[0]).singleResult().getRetries();
    List<Call> calls = List.of(
        post("/process-instance/delete", "{\"processInstanceIds\":{cases},\"deleteReason\":\"x\"}"),
        post("/process-instance/delete-historic-query-based", "{\"processInstanceIds\":{cases}}"),
        post("/process-instance/suspended-async", "{\"processInstanceIds\":{cases},\"suspended\":true}"),
        post("/process-instance/job-retries", "{\"processInstances\":{cases},\"retries\":3}"),
        post("/process-instance/job-retries-historic-query-based", "{\"processInstances\":{cases},\"retries\":3}"),
        post("/process-instance/variables-async",
            "{\"processInstanceIds\":{cases},\"variables\":{\"x\":{\"value\":1}}}"),
        post("/process-instance/message-async", "{\"processInstanceIds\":{cases},\"messageName\":\"x\"}"),
        post("/modification/execute", "{\"processDefinitionId\":\"" + definition + "\",\"processInstanceIds\":{cases},"
            + "\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"x\"}]}"),
        post("/modification/executeAsync", "{\"processDefinitionId\":\"" + definition + "\",\"processInstanceIds\":"
            + "{cases},\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"x\"}]}"),
        post("/migration/execute", "{\"migrationPlan\":{\"sourceProcessDefinitionId\":\"" + definition + "\","
            + "\"targetProcessDefinitionId\":\"" + definition + "\",\"instructions\":[]},"
            + "\"processInstanceIds\":{cases}}"),
        post("/migration/executeAsync", "{\"migrationPlan\":{\"sourceProcessDefinitionId\":\"" + definition + "\","
            + "\"targetProcessDefinitionId\":\"" + definition + "\",\"instructions\":[]},"
            + "\"processInstanceIds\":{cases}}"),
        put("/external-task/retries", "{\"processInstanceIds\":{cases},\"retries\":1}"),
        post("/external-task/retries-async", "{\"processInstanceIds\":{cases},\"retries\":1}"),
        post("/history/process-instance/delete", "{\"historicProcessInstanceIds\":{cases},\"deleteReason\":\"x\"}"),
        post("/history/process-instance/set-removal-time", "{\"historicProcessInstanceIds\":{cases},"
            + "\"clearedRemovalTime\":true}"),
        post("/job/retries", "{\"jobIds\":{jobs},\"retries\":5}"));
    List<String> differences = new ArrayList<>();
    int compared = 0;
    for (Call call : calls) {
      for (int listed = 1; listed <= 2; listed++) {
        String theirs = listed(call.body(), cases, jobs, listed);
        String unknown = listed(call.body(), nobodys, nobodys, listed);
        for (String prefix : PREFIXES) {
          for (String user : OUTSIDERS) {
            Answer existing = send(user, prefix, call.method(), call.path(), theirs);
            Answer none = send(user, prefix, call.method(), call.path(), unknown);
            if (existing == null) {
              continue; // the village agent has no webapp login
            }
            compared++;
            String where = user + " " + call.method() + " " + prefix + call.path() + " (" + listed + ")";
            if (existing.status() >= 500 || none.status() >= 500 || existing.status() != none.status()
                || !alike(existing.text(), "").equals(alike(none.text(), ""))) {
              differences.add(where + ": " + existing + "  ≠  " + none);
            }
          }
        }
        Answer anonymous = send(null, "/engine-rest", call.method(), call.path(), theirs);
        if (anonymous.status() != 401) {
          differences.add("anonymous " + call.path() + ": " + anonymous);
        }
      }
    }
    assertThat(differences).as("of %d pairs compared:%n%s", compared, String.join("\n", differences)).isEmpty();
    assertThat(compared).as("each call, over each API, by each caller (the agent's webapp login aside)")
        .isGreaterThanOrEqualTo(calls.size() * 2 * (PREFIXES.size() * OUTSIDERS.size() - 1));
    for (String instance : cases) {
      assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).active().count()).isEqualTo(1);
      assertThat(runtime.getVariable(instance, "x")).isNull();
    }
    assertThat(management.createJobQuery().jobId(jobs[0]).singleResult().getRetries()).isEqualTo(retries);

    // the administrator's list reaches the engine (which makes a batch); one over the limit does not
    Answer admin = send("admin", "/engine-rest", "POST", "/process-instance/variables-async",
        "{\"processInstanceIds\":[\"" + cases[0] + "\",\"" + cases[1] + "\"],\"variables\":{\"y\":{\"value\":1}}}");
    assertThat(admin.status()).as(admin.text()).isEqualTo(200);
    management.deleteBatch(CachedBody.JSON.readTree(admin.text()).path("id").asText(), true);
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= UnseenIdGuard.MAX_LISTED; i++) {
      many.add("\"" + UUID.randomUUID() + "\"");
    }
    Answer tooMany = send("admin", "/engine-rest", "POST", "/process-instance/delete",
        "{\"processInstanceIds\":[" + String.join(",", many) + "]}");
    assertThat(tooMany.status()).as(tooMany.text()).isEqualTo(400);
    assertThat(CachedBody.JSON.readTree(tooMany.text()).path("message").asText())
        .isEqualTo("一次最多列出1000个编号（收到1001个）：更多的请分批提交，或按查询条件（如 processInstanceQuery）提交。");
  }

  /** A body with its first (or both) ids of each kind in place of {cases} and {jobs}. */
  private static String listed(String body, String[] cases, String[] jobs, int count) {
    return body.replace("{cases}", array(cases, count)).replace("{jobs}", array(jobs, count));
  }

  private static String array(String[] ids, int count) {
    return "[\"" + String.join("\",\"", java.util.Arrays.copyOf(ids, count)) + "\"]";
  }

  /** Where Camunda's API has a word in an id's place (count, create, fetchAndLock …), the call still reaches it. */
  @Test
  void theApisOwnWordsAreNotIds() throws Exception {
    for (String prefix : PREFIXES) {
      for (String path : List.of("/task/count", "/process-instance/count", "/execution/count", "/job/count",
          "/variable-instance/count", "/incident/count", "/deployment/count", "/filter/count", "/batch/count",
          "/external-task/count", "/external-task/topic-names", "/user/count", "/group/count", "/tenant/count",
          "/authorization/count", "/history/process-instance/count", "/history/variable-instance/count",
          "/history/activity-instance/count", "/history/batch/count", "/history/detail/count",
          "/history/job-log/count", "/batch/statistics/count")) {
        Answer answer = send("qs-supervisor", prefix, "GET", path, null);
        assertThat(answer.status()).as("%s%s: %s", prefix, path, answer.text()).isEqualTo(200);
      }
      // a worker's fetch is the engine's to refuse (no external task worker here), not an id nobody has
      Answer fetch = send("qs-supervisor", prefix, "POST", "/external-task/fetchAndLock",
          "{\"workerId\":\"w\",\"maxTasks\":1,\"topics\":[]}");
      assertThat(fetch.text()).as(prefix).doesNotContain(cn.township.workflow.system.EngineRestErrors.OTHER_TOWNSHIP);
    }
  }

  private static String body(Call call, String id) {
    return call.body() == null ? null : call.body().replace("{id}", id);
  }

  private static Call get(String path) {
    return new Call("GET", path, null);
  }

  private static Call post(String path, String body) {
    return new Call("POST", path, body);
  }

  private static Call put(String path, String body) {
    return new Call("PUT", path, body);
  }

  private static Call delete(String path) {
    return new Call("DELETE", path, null);
  }
}
