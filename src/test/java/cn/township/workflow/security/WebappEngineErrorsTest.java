package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import com.fasterxml.jackson.core.type.TypeReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Refusals and bad input over the engine's API — the webapps' /camunda/api/engine (Tasklist and Cockpit with the
 * browser session) and /engine-rest alike, which share our error mappers — are a Chinese 4xx, never Camunda's 500 with
 * the engine's English text: another township's timer, ids nobody has, missing bodies, duplicates, values too long, a
 * version with cases deleted; a real fault is a Chinese 500 without engine text. And an engine path names the one
 * engine as it is spelled, or is 404 before anything reads it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
@ExtendWith(OutputCaptureExtension.class)
class WebappEngineErrorsTest {

  static final String WEBAPP = "/camunda/api/engine/engine/default";
  static final String OTHER_TOWNSHIP = "未找到所请求的案件或任务（或它不属于您所在的乡镇）。";
  static final String UNKNOWN_ENGINE = "未找到所请求的流程引擎：本系统只有一个引擎，地址中的引擎名须为“default”。";

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired RepositoryService repository;
  @Autowired IdentityService identity;
  @LocalServerPort int port;

  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, WebappSession> sessions = new HashMap<>();

  /** What one call answered: its status and its JSON body (null when there is none or it is not an object). */
  record Answer(int status, Map<String, Object> body, String text) {}

  static Answer answer(HttpResponse<String> response) throws Exception {
    String text = response.body();
    Map<String, Object> body = text.startsWith("{")
        ? CachedBody.JSON.readValue(text, new TypeReference<Map<String, Object>>() {}) : null;
    return new Answer(response.statusCode(), body, text);
  }

  /** The call over the webapps' engine API in {@code user}'s browser session (null: a session nobody logged into). */
  Answer webapp(String user, String method, String path, String json) throws Exception {
    return webapp(user, method, path, "application/json", "application/json", json);
  }

  /** As {@link #webapp(String, String, String, String)}, with a body of another type or accepting another. */
  Answer webapp(String user, String method, String path, String contentType, String accept, String body)
      throws Exception {
    WebappSession session = sessions.computeIfAbsent(String.valueOf(user), name -> new WebappSession(port));
    if (user != null && session.sessionId() == null) {
      String app = user.startsWith("admin") || user.startsWith("analyst") ? "cockpit" : "tasklist";
      assertThat(session.login(user, "demo", app).statusCode()).isEqualTo(200);
    }
    return answer(session.send(method, path, contentType, accept, body));
  }

  /** The call over /engine-rest with HTTP Basic as {@code user} (null: anonymous). */
  Answer engineRest(String user, String method, String path, String json) throws Exception {
    return engineRest(user, method, path, "application/json", "application/json", json);
  }

  /** As {@link #engineRest(String, String, String, String)}, with a body of another type or accepting another. */
  Answer engineRest(String user, String method, String path, String contentType, String accept, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", contentType).header("Accept", accept)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      request.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
    }
    return answer(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** Both APIs answer {@code status} with {@code message} (engine path after /engine/default). */
  void bothAnswer(String user, String method, String call, String json, int status, String message) throws Exception {
    bothAnswer(user, method, call, "application/json", "application/json", json, status, message);
  }

  /** As {@link #bothAnswer(String, String, String, String, int, String)}, with other content and accepted types. */
  void bothAnswer(String user, String method, String call, String contentType, String accept, String body, int status,
                  String message) throws Exception {
    for (Answer answer : List.of(webapp(user, method, WEBAPP + call, contentType, accept, body),
        engineRest(user, method, "/engine-rest" + call, contentType, accept, body))) {
      assertThat(answer.status()).as("%s %s %s: %s", user, method, call, answer.text()).isEqualTo(status);
      assertThat(answer.body()).as("%s %s %s", user, method, call).containsEntry("message", message);
    }
  }

  /** The open intake task of a new 青山镇 case. */
  Task intakeTask() {
    return tasks.createTaskQuery().taskId(new Api(rest).intakeTaskOfNewCase("qs-clerk")).singleResult();
  }

  @Test
  void anotherTownshipsTimerIsNotFoundAndUnchanged() throws Exception {
    Task task = intakeTask();
    Job timer = management.createJobQuery().processInstanceId(task.getProcessInstanceId()).singleResult();
    // the engine's tenant check (ENGINE-13034) came in a RestException without cause: 500 with the job's id
    bothAnswer("bs-clerk", "PUT", "/job/" + timer.getId() + "/retries", "{\"retries\":5}", 404, OTHER_TOWNSHIP);
    bothAnswer("bs-clerk", "PUT", "/job/" + timer.getId() + "/priority", "{\"priority\":7}", 404, OTHER_TOWNSHIP);
    // the same township's reviewer may not read it either: not found as well (403 before, where an unknown id was 404);
    // nobody logged in is asked to
    bothAnswer("qs-reviewer", "PUT", "/job/" + timer.getId() + "/retries", "{\"retries\":5}", 404, OTHER_TOWNSHIP);
    assertThat(webapp(null, "PUT", WEBAPP + "/job/" + timer.getId() + "/retries", "{\"retries\":5}").status())
        .isEqualTo(401);
    assertThat(engineRest(null, "PUT", "/engine-rest/job/" + timer.getId() + "/retries", "{\"retries\":5}")
        .status()).isEqualTo(401);
    Job after = management.createJobQuery().jobId(timer.getId()).singleResult();
    assertThat(after.getRetries()).isEqualTo(timer.getRetries());
    assertThat(after.getPriority()).isEqualTo(timer.getPriority());
  }

  @Test
  void anIdNobodyHasIsNotFound() throws Exception {
    String longId = "x".repeat(500);
    // each answered 500 with the engine's text ("task no-such doesn't exist", a NullPointerException, ENGINE-13053)
    for (String[] call : new String[][] {
        {"GET", "/task/no-such/variables", null}, {"GET", "/task/no-such/variables/applicantName", null},
        {"GET", "/task/no-such/localVariables", null}, {"GET", "/task/no-such/deployed-form", null},
        {"GET", "/task/no-such/identity-links", null}, {"POST", "/task/no-such/claim", "{\"userId\":\"qs-clerk\"}"},
        {"POST", "/task/no-such/delegate", "{\"userId\":\"qs-clerk\"}"},
        {"GET", "/process-instance/no-such/variables", null},
        {"GET", "/process-instance/no-such/variables/applicantName", null},
        {"GET", "/execution/no-such/localVariables", null}, {"GET", "/execution/no-such/localVariables/x", null},
        {"GET", "/process-definition/no-such/statistics", null}, {"PUT", "/job/no-such/retries", "{\"retries\":1}"},
        {"POST", "/process-definition/no-such/submit-form", "{}"},
        {"PUT", "/process-definition/no-such/suspended", "{\"suspended\":true}"},
        {"GET", "/task/" + longId + "/variables", null}, {"GET", "/task/%27/identity-links", null}}) {
      bothAnswer("qs-clerk", call[0], call[1], call[2], 404, OTHER_TOWNSHIP);
    }
  }

  /**
   * The engine's "not found" answered 404 is still in the log, in one line: the same words come from a model that lost
   * what it names (a task's form), which an operator must find; an id with a line break does not start a line of its
   * own.
   */
  @Test
  void aNotFoundIsLoggedInOneLine(CapturedOutput output) throws Exception {
    bothAnswer("qs-clerk", "GET", "/task/probe-4711%0Aforged-line/variables", null, 404, OTHER_TOWNSHIP);
    assertThat(output.getOut().lines().filter(line -> line.contains("Engine API: answered 404"))
        .filter(line -> line.contains("probe-4711?forged-line"))).hasSize(2);
    assertThat(output.getOut().lines().filter(line -> line.startsWith("forged-line"))).isEmpty();
  }

  @Test
  void aMissingBodyADuplicateAndAnOverlongValueAreTheCallersMistakes() throws Exception {
    Task task = intakeTask();
    Job timer = management.createJobQuery().processInstanceId(task.getProcessInstanceId()).singleResult();
    String incomplete = "请求内容不完整：缺少请求体或必填的值。";
    // a body of JSON null, a retry without retries: Camunda's NullPointerException, 500
    bothAnswer("admin", "POST", "/task/" + task.getId() + "/claim", "null", 400, incomplete);
    bothAnswer("admin", "PUT", "/job/" + timer.getId() + "/retries", "null", 400, incomplete);
    bothAnswer("admin", "PUT", "/job/" + timer.getId() + "/retries", "{\"variables\":5}", 400, incomplete);
    bothAnswer("admin", "POST", "/task/create", "null", 400, incomplete);
    bothAnswer("admin", "POST", "/group/create", "{}", 400, incomplete);
    assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isNull();
    assertThat(management.createJobQuery().jobId(timer.getId()).singleResult().getRetries())
        .isEqualTo(timer.getRetries());
    // a member added again, a task id taken: the database's unique key, 500 before
    String conflict = "与已有的记录冲突（已存在），未保存。";
    bothAnswer("admin", "PUT", "/group/reviewer/members/qs-reviewer", null, 409, conflict);
    bothAnswer("admin", "POST", "/task/create", "{\"id\":\"" + task.getId() + "\",\"name\":\"冒名任务\"}", 409,
        conflict);
    assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getName()).isNotEqualTo("冒名任务");
    // an id longer than its column: one nobody has, where it names a thing; refused by the database where it is new
    bothAnswer("admin", "PUT", "/process-instance/" + "x".repeat(500) + "/suspended", "{\"suspended\":true}", 404,
        OTHER_TOWNSHIP);
    bothAnswer("admin", "POST", "/task/create", "{\"id\":\"" + "x".repeat(500) + "\",\"name\":\"过长\"}", 400,
        "输入的值过长或格式不正确，未保存。");
  }

  @Test
  void aCasesTaskOrAVersionWithCasesIsNotDeleted() throws Exception {
    Task task = intakeTask();
    // answered 500 "The task cannot be deleted because is part of a running process", then 400 to anyone: whoever may
    // read the task learns why; to anyone else it is not found, as an id nobody has (Camunda: 204)
    for (String user : List.of("qs-clerk", "admin")) {
      bothAnswer(user, "DELETE", "/task/" + task.getId(), null, 400,
          "此任务属于在办案件，不能单独删除：它随案件的流程办结。");
    }
    for (String user : List.of("bs-clerk", "qs-reviewer", "qs-clerk")) {
      for (String id : List.of(task.getId(), java.util.UUID.randomUUID().toString())) {
        if (!user.equals("qs-clerk") || !id.equals(task.getId())) {
          bothAnswer(user, "DELETE", "/task/" + id, null, 404, OTHER_TOWNSHIP);
        }
      }
    }
    String deployment = repository.getProcessDefinition(task.getProcessDefinitionId()).getDeploymentId();
    bothAnswer("analyst-lin", "DELETE", "/deployment/" + deployment, null, 409, "该部署中的流程版本仍有案件，不能删除。");
    assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);
    assertThat(repository.createDeploymentQuery().deploymentId(deployment).count()).isEqualTo(1);
  }

  @Test
  void aRealFaultIsA500WithoutTheEnginesText() throws Exception {
    Task task = intakeTask();
    // a Json value that is not JSON, stored before the engine's API refused one (CaseJsonVariablesTest)
    runtime.setVariable(task.getProcessInstanceId(), "broken",
        org.camunda.spin.plugin.variable.SpinValues.jsonValue("{").create());
    for (Answer read : List.of(
        webapp("admin", "GET", WEBAPP + "/process-instance/" + task.getProcessInstanceId() + "/variables", null),
        engineRest("admin", "GET", "/engine-rest/process-instance/" + task.getProcessInstanceId() + "/variables",
            null))) {
      assertThat(read.status()).isEqualTo(500);
      assertThat(read.body()).containsOnlyKeys("type", "message").containsEntry("type", "ServerError");
      assertThat((String) read.body().get("message")).matches("系统内部错误，请联系管理员（错误编号 [0-9a-f]{8}）。");
    }
  }

  /**
   * Found by a reviewer: Camunda's and Jersey's own refusals kept their English text, which clerks saw in Tasklist
   * ("Cannot convert value …", "HTTP 404 Not Found", 405, 406, 415, Jackson's text as plain text); each is now Chinese,
   * by status and kind, its status kept, naming the parameter, field or type where one is named.
   */
  @Test
  void camundasOwnRefusalsAreInChinese(CapturedOutput output) throws Exception {
    Task task = intakeTask();
    String instance = task.getProcessInstanceId();
    bothAnswer("qs-clerk", "GET", "/task?dueBefore=x", null, 400, "请求无效：参数 dueBefore 的值不正确。");
    bothAnswer("qs-clerk", "GET", "/task?sortBy=nope&sortOrder=asc", null, 400, "请求无效：参数 sortBy 的值不正确。");
    bothAnswer("qs-clerk", "GET", "/task?processVariables=a_xx_1", null, 400, "请求无效：不支持的比较方式 xx。");
    bothAnswer("qs-clerk", "GET", "/task?maxResults=x", null, 404, "请求无效：参数 maxResults 的值不正确。");
    bothAnswer("admin", "PUT", "/process-instance/" + instance + "/variables/note", "{\"type\":\"Date\","
        + "\"value\":\"x\"}", 400, "请求无效：值不是有效的 Date 类型。");
    bothAnswer("admin", "PUT", "/process-instance/" + instance + "/variables/note", "{\"type\":\"Nope\","
        + "\"value\":1}", 400, "请求无效：不支持的变量类型 Nope。");
    // Jackson's refusals of a body, answered as plain text before
    bothAnswer("qs-clerk", "POST", "/task", "{not json", 400, "请求无效：请求内容不是有效的 JSON。");
    bothAnswer("qs-clerk", "POST", "/task", "{\"dueBefore\":\"x\"}", 400, "请求无效：字段 dueBefore 的值不正确。");
    bothAnswer("qs-clerk", "GET", "/no-such-resource", null, 404, "未找到所请求的地址。");
    bothAnswer("qs-clerk", "DELETE", "/task/count", null, 405, "不支持此请求方法。");
    bothAnswer("qs-clerk", "GET", "/task", "application/json", "image/png", null, 406, "请求或应答的格式不受支持。");
    bothAnswer("qs-clerk", "POST", "/task", "text/plain", "application/json", "x", 415, "请求或应答的格式不受支持。");
    assertThat(runtime.getVariable(instance, "note")).isNull();
    // the engine's English text (it names ids, users, permissions, classes) is only in the log, one masked line; it was
    // in the answer's detail before
    Answer refused = engineRest("qs-supervisor", "PUT", "/engine-rest/process-instance/" + instance + "/variables/note",
        "{\"value\":1}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).containsOnlyKeys("type", "message").containsEntry("type", "AuthorizationException");
    Answer invalid = engineRest("qs-clerk", "GET", "/engine-rest/task?dueBefore=x", null);
    assertThat(invalid.body()).containsOnlyKeys("type", "message").containsEntry("type", "InvalidRequestException");
    assertThat(output.getOut().lines().filter(line -> line.endsWith("Engine API: answered 400 for \"Cannot set query "
        + "parameter 'dueBefore' to value 'x': Cannot convert value \"x\" to java type java.util.Date\"")))
        .as("both APIs' answers above and this one").hasSize(3);
    assertThat(output.getOut()).contains("Engine API: answered 403 for \"The user with id 'qs-supervisor' does not have");
  }

  @Test
  void anEnginePathNamesTheOneEngineAsItIsSpelled() throws Exception {
    Task task = intakeTask();
    String call = "/task/" + task.getId();
    assertThat(engineRest("qs-clerk", "GET", "/engine-rest/engine/default" + call, null).status()).isEqualTo(200);
    assertThat(webapp("qs-clerk", "GET", WEBAPP + call, null).status()).isEqualTo(200);
    assertThat(engineRest("qs-clerk", "GET", "/engine-rest/engine", null).status()).isEqualTo(200);
    assertThat(webapp(null, "GET", "/camunda/api/engine/engine/", null).status()).isEqualTo(200);
    // Camunda: 400 "No process engine available" (DEFAULT, nope, default., "default "), served the engine for an
    // encoded letter and a matrix parameter, and asked the webapps' user to log in to the unknown engine (401)
    for (String name : List.of("DEFAULT", "nope", "default.", "default%20", "%64efault", "default;x=1", "")) {
      for (String user : java.util.Arrays.asList("qs-clerk", "admin", null)) {
        for (Answer answer : List.of(engineRest(user, "GET", "/engine-rest/engine/" + name + call, null),
            engineRest(user, "PUT", "/engine-rest/engine/" + name + "/job/x/retries", "{\"retries\":0}"),
            webapp(user, "GET", "/camunda/api/engine/engine/" + name + call, null),
            webapp(user, "POST", "/camunda/api/engine/engine/" + name + call + "/complete", "{}"))) {
          assertThat(answer.status()).as("%s as %s: %s", name, user, answer.text()).isEqualTo(404);
          assertThat(answer.body()).as("%s as %s", name, user).containsEntry("message", UNKNOWN_ENGINE);
        }
      }
    }
    assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).as("nothing completed").isEqualTo(1);
    // found by the fifth attacker's review: the name spelled as is anywhere else in the address let the encoded one in
    for (Answer answer : List.of(engineRest("admin", "GET", "/engine-rest/engine/%64efault" + call + "/variables/default",
        null), webapp("admin", "GET", "/camunda/api/engine/engine/%64efault" + call + "/variables/default", null))) {
      assertThat(answer.status()).as(answer.text()).isEqualTo(404);
      assertThat(answer.body()).as(answer.text()).containsEntry("message", UNKNOWN_ENGINE);
    }
    // an encoded slash stays Tomcat's refusal
    assertThat(engineRest("admin", "GET", "/engine-rest/engine/default%2F.." + call, null).status()).isEqualTo(400);
    // the webapps' pages: Camunda failed (500) on an unknown engine's page
    for (String app : List.of("cockpit", "tasklist", "admin")) {
      assertThat(webapp("admin", "GET", "/camunda/app/" + app + "/default/", null).status()).isEqualTo(200);
      Answer page = webapp("admin", "GET", "/camunda/app/" + app + "/DEFAULT/", null);
      assertThat(page.status()).as(app).isEqualTo(404);
      assertThat(page.body()).containsEntry("message", UNKNOWN_ENGINE);
      assertThat(webapp("admin", "GET", "/camunda/app/" + app + "/camunda-" + app + "-bootstrap.js", null).status())
          .as("the app's script, a file beside the engine's page").isEqualTo(200);
      assertThat(webapp("admin", "GET", "/camunda/app/" + app + "/index.html", null).status()).isNotEqualTo(404);
    }
  }
}
