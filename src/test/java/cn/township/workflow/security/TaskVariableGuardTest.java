package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * Working a task sets only what the task's form asks: a reviewer cannot move the statutory deadline, mark a hearing as
 * not needed or rewrite the applicant's application by sending more than the form's fields, over /engine-rest or
 * Tasklist's own API; a refusal is 400 in Chinese and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class TaskVariableGuardTest {

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @LocalServerPort int port;
  Api api;
  Task review;
  Map<String, Object> before;

  static final List<String> CASE_DATA = List.of("timeLimitDueAt", "hearingRequired", "applicationSummary",
      "applicantName", "queryCode", "receiptNo");

  /** A case of 青山镇 waiting at Task_Review, claimed by its reviewer. */
  @BeforeEach
  void caseAtReview() {
    api = new Api(rest);
    Map<String, Object> created = api.register("qs-clerk", anApplication().json());
    String receiptNo = (String) created.get("receiptNo");
    Task intake = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).singleResult();
    tasks.complete(intake.getId(), Map.of("receivedMaterials", created.get("requiredMaterials"), "acceptable", true));
    review = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).singleResult();
    assertThat(review.getTaskDefinitionKey()).isEqualTo("Task_Review");
    tasks.claim(review.getId(), "qs-reviewer");
    before = caseData();
  }

  Map<String, Object> caseData() {
    Map<String, Object> data = new LinkedHashMap<>();
    for (String name : CASE_DATA) {
      data.put(name, runtime.getVariable(review.getProcessInstanceId(), name));
    }
    return data;
  }

  static Map<String, Object> typed(Map<String, Object> values) {
    Map<String, Object> typed = new LinkedHashMap<>();
    values.forEach((name, value) -> typed.put(name, Map.of("value", value)));
    return typed;
  }

  ResponseEntity<String> call(String user, HttpMethod method, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    TestRestTemplate client = user == null ? rest : api.as(user);
    return client.exchange(path, method, new HttpEntity<>(body, headers), String.class);
  }

  void assertRefusedAndNothingChanged(ResponseEntity<String> answer, String named) {
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
    assertThat(answer.getBody()).contains("只能提交本任务表单的内容", named, "未作任何修改");
    assertStillOpenAndUnchanged();
  }

  void assertStillOpenAndUnchanged() {
    assertThat(tasks.createTaskQuery().taskId(review.getId()).count()).as("the review is still open").isEqualTo(1);
    assertThat(caseData()).isEqualTo(before);
  }

  Map<String, Object> reviewForm() {
    return new HashMap<>(Map.of("reviewResult", "approve", "reviewOpinion", "符合一户一宅", "decisionLegalBasis",
        "《土地管理法》第六十二条"));
  }

  @Test
  void completingWithMoreThanTheFormIsRefusedAndTheFormItselfPasses() {
    String complete = "/engine-rest/task/" + review.getId() + "/complete";
    for (String caseVariable : List.of("timeLimitDueAt", "hearingRequired", "applicationSummary", "applicantName")) {
      Map<String, Object> variables = reviewForm();
      variables.put(caseVariable, "timeLimitDueAt".equals(caseVariable) ? "2099-01-01T00:00:00.000+0800"
          : "hearingRequired".equals(caseVariable) ? (Object) false : "改写的内容");
      assertRefusedAndNothingChanged(call("qs-reviewer", HttpMethod.POST, complete, Map.of("variables",
          typed(variables))), caseVariable);
    }
    // the same through a named engine, and with a path parameter in the task's segment
    Map<String, Object> withDeadline = reviewForm();
    withDeadline.put("timeLimitDueAt", "2099-01-01T00:00:00.000+0800");
    assertRefusedAndNothingChanged(call("qs-reviewer", HttpMethod.POST, "/engine-rest/engine/default/task/"
        + review.getId() + "/complete", Map.of("variables", typed(withDeadline))), "timeLimitDueAt");
    assertRefusedAndNothingChanged(call("qs-reviewer", HttpMethod.POST, "/engine-rest/task/" + review.getId()
        + ";x=1/submit-form", Map.of("variables", typed(withDeadline))), "timeLimitDueAt");

    ResponseEntity<String> form = call("qs-reviewer", HttpMethod.POST, complete, Map.of("variables",
        typed(reviewForm())));
    assertThat(form.getStatusCode().value()).as(form.getBody()).isEqualTo(204);
    assertThat(tasks.createTaskQuery().taskId(review.getId()).count()).isZero();
  }

  @Test
  void settingOrDeletingCaseDataThroughTheTaskIsRefused() {
    String task = "/engine-rest/task/" + review.getId();
    assertRefusedAndNothingChanged(call("qs-reviewer", HttpMethod.PUT, task + "/variables/applicantName",
        Map.of("value", "李四", "type", "String")), "applicantName");
    assertRefusedAndNothingChanged(call("qs-reviewer", HttpMethod.DELETE, task + "/variables/receiptNo", null),
        "receiptNo");
    assertRefusedAndNothingChanged(call("qs-reviewer", HttpMethod.POST, task + "/variables", Map.of(
        "modifications", typed(Map.of("reviewOpinion", "同意")), "deletions", List.of("queryCode"))), "queryCode");
    assertRefusedAndNothingChanged(call("qs-reviewer", HttpMethod.PUT, task + "/localVariables/timeLimitDueAt",
        Map.of("value", "2099-01-01T00:00:00.000+0800", "type", "Date")), "timeLimitDueAt");
    assertRefusedAndNothingChanged(call("qs-reviewer", HttpMethod.POST, task + "/bpmnError", Map.of("errorCode",
        "any", "variables", typed(Map.of("hearingRequired", false)))), "hearingRequired");
    assertRefusedAndNothingChanged(call("qs-reviewer", HttpMethod.POST, task + "/bpmnEscalation", Map.of(
        "escalationCode", "any", "variables", typed(Map.of("applicantName", "李四")))), "applicantName");
    ResponseEntity<String> own = call("qs-reviewer", HttpMethod.PUT, task + "/localVariables/reviewOpinion",
        Map.of("value", "初步意见", "type", "String"));
    assertThat(own.getStatusCode().value()).as("a field of the form, kept on the task: %s", own.getBody())
        .isEqualTo(204);
  }

  @Test
  void aStepIsHandedOnlyToAnotherCandidateOfItsTownship() {
    String task = "/engine-rest/task/" + review.getId();
    // a window clerk, a reviewer of another township, the leader: none holds the review's role in 青山镇
    for (String outsider : List.of("qs-clerk", "bs-reviewer", "qs-leader")) {
      for (String call : List.of("/assignee", "/delegate", "/claim")) {
        ResponseEntity<String> handed = call("qs-reviewer", HttpMethod.POST, task + call, Map.of("userId", outsider));
        assertThat(handed.getStatusCode().value()).as("%s to %s: %s", call, outsider, handed.getBody()).isEqualTo(400);
        assertThat(handed.getBody()).contains("不是“审查并提出意见”的候选人");
      }
      assertThat(call("qs-reviewer", HttpMethod.POST, task + "/identity-links", Map.of("userId", outsider, "type",
          "assignee")).getStatusCode().value()).isEqualTo(400);
      assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isEqualTo("qs-reviewer");
    }
    // nor through an update of the whole task, as Tasklist sends it
    Map<String, Object> update = new HashMap<>(Map.of("name", review.getName(), "assignee", "qs-clerk", "priority",
        review.getPriority(), "tenantId", "qingshan"));
    update.put("description", review.getDescription());
    update.put("due", new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(
        tasks.createTaskQuery().taskId(review.getId()).singleResult().getDueDate()));
    ResponseEntity<String> updated = call("qs-reviewer", HttpMethod.PUT, task, update);
    assertThat(updated.getStatusCode().value()).as(updated.getBody()).isEqualTo(400);
    assertThat(updated.getBody()).contains("不是“审查并提出意见”的候选人");
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isEqualTo("qs-reviewer");
    // candidates come from the model: no group or person added or removed
    for (Map<String, Object> link : List.of(Map.<String, Object>of("groupId", "window-clerk", "type", "candidate"),
        Map.<String, Object>of("userId", "qs-clerk", "type", "candidate"))) {
      assertThat(call("qs-reviewer", HttpMethod.POST, task + "/identity-links", link).getStatusCode().value())
          .isEqualTo(400);
      assertThat(call("qs-reviewer", HttpMethod.POST, task + "/identity-links/delete", Map.of("groupId", "reviewer",
          "type", "candidate")).getStatusCode().value()).isEqualTo(400);
    }
    assertThat(tasks.getIdentityLinksForTask(review.getId())).extracting(l -> l.getGroupId() + "/" + l.getUserId())
        .doesNotContain("window-clerk/null", "null/qs-clerk").contains("reviewer/null");
    // another reviewer of 青山镇 may take it over; unclaiming stays possible
    ResponseEntity<String> colleague = call("qs-reviewer", HttpMethod.POST, task + "/assignee", Map.of("userId",
        "qs-reviewer2"));
    assertThat(colleague.getStatusCode().value()).as(colleague.getBody()).isEqualTo(204);
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isEqualTo("qs-reviewer2");
    assertThat(call("qs-reviewer2", HttpMethod.POST, task + "/unclaim", null).getStatusCode().value()).isEqualTo(204);
    assertThat(call("qs-reviewer", HttpMethod.POST, task + "/claim", Map.of("userId", "qs-reviewer"))
        .getStatusCode().value()).isEqualTo(204);
  }

  @Test
  void tasklistsOwnApiIsGuardedAlike() throws Exception {
    WebappSession tasklist = new WebappSession(port);
    assertThat(tasklist.login("qs-reviewer", "demo", "tasklist").statusCode()).isEqualTo(200);
    Map<String, Object> variables = reviewForm();
    variables.put("hearingRequired", false);
    HttpResponse<String> refused = tasklist.post("/camunda/api/engine/engine/default/task/" + review.getId()
        + "/submit-form", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("variables",
        typed(variables))));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("hearingRequired", "只能提交本任务表单的内容");
    assertStillOpenAndUnchanged();
  }

  @Test
  void strangersGetTheEnginesAnswerNotTheForms() {
    Map<String, Object> variables = reviewForm();
    variables.put("timeLimitDueAt", "2099-01-01T00:00:00.000+0800");
    String complete = "/engine-rest/task/" + review.getId() + "/complete";
    ResponseEntity<String> otherTownship = call("bs-reviewer", HttpMethod.POST, complete, Map.of("variables",
        typed(variables)));
    assertThat(otherTownship.getStatusCode().value()).as(otherTownship.getBody()).isIn(403, 404);
    assertThat(otherTownship.getBody()).doesNotContain("表单");
    assertThat(call(null, HttpMethod.POST, complete, Map.of("variables", typed(variables))).getStatusCode().value())
        .isEqualTo(401);
    assertStillOpenAndUnchanged();
  }

  @Test
  void oversizedOrMalformedSubmissionsChangeNothing() {
    String complete = "/engine-rest/task/" + review.getId() + "/complete";
    Map<String, Object> variables = reviewForm();
    variables.put("reviewOpinion", "长".repeat(TaskVariableGuard.MAX_BODY / 3 + 10));
    ResponseEntity<String> oversized = call("qs-reviewer", HttpMethod.POST, complete, Map.of("variables",
        typed(variables)));
    assertThat(oversized.getStatusCode().value()).isEqualTo(413);
    assertThat(oversized.getBody()).contains("提交的内容过大");
    ResponseEntity<String> malformed = call("qs-reviewer", HttpMethod.POST, complete, "{\"variables\": {\"review");
    assertThat(malformed.getStatusCode().value()).as(malformed.getBody()).isEqualTo(400);
    assertStillOpenAndUnchanged();
  }

  long cases() {
    return runtime.createProcessInstanceQuery().processDefinitionKey("delegated-review").count();
  }

  @Test
  void aCaseCannotBeStartedPastItsStepsNorWithMoreThanTheStartForm() {
    long cases = cases();
    Map<String, Object> application = new LinkedHashMap<>(typed(anApplication().json()));
    String start = "/engine-rest/process-definition/key/delegated-review/start";
    // straight to drafting the decision: no intake, no review, no hearing, no sign-off
    ResponseEntity<String> skipping = call("qs-clerk", HttpMethod.POST, start, Map.of("variables", application,
        "startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "Task_DraftDecision"))));
    assertThat(skipping.getStatusCode().value()).as(skipping.getBody()).isEqualTo(400);
    assertThat(skipping.getBody()).contains("startInstructions");
    ResponseEntity<String> noListeners = call("qs-clerk", HttpMethod.POST, start, Map.of("variables", application,
        "skipCustomListeners", true, "startInstructions", List.of(Map.of("type", "startBeforeActivity",
            "activityId", "Task_RegisterApplication"))));
    assertThat(noListeners.getStatusCode().value()).as(noListeners.getBody()).isEqualTo(400);
    // start variables the start form does not have: refused over both addresses and through Tasklist's API
    Map<String, Object> seeded = new LinkedHashMap<>(application);
    seeded.put("extensionGranted", Map.of("value", true));
    for (String address : List.of(start, "/engine-rest/process-definition/key/delegated-review/submit-form",
        "/engine-rest/engine/default/process-definition/key/delegated-review/start")) {
      ResponseEntity<String> refused = call("qs-clerk", HttpMethod.POST, address, Map.of("variables", seeded));
      assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(400);
      assertThat(refused.getBody()).contains("extensionGranted", "未作任何修改");
    }
    assertThat(cases()).as("nothing started").isEqualTo(cases);
    // the start form's own fields (and the township named) start a case as before
    application.put("townshipId", Map.of("value", "qingshan"));
    ResponseEntity<String> started = call("qs-clerk", HttpMethod.POST, start, Map.of("variables", application));
    assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(200);
    assertThat(cases()).isEqualTo(cases + 1);
  }

  @Test
  void updatingATaskCannotMoveItsDeadlineOrTownship() throws Exception {
    String task = "/engine-rest/task/" + review.getId();
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    Map<String, Object> current = mapper.readValue(call("qs-reviewer", HttpMethod.GET, task, null).getBody(),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    current.remove("camundaFormRef"); // read-only, and not readable back by the engine's resource
    for (Map.Entry<String, Object> change : List.<Map.Entry<String, Object>>of(
        Map.entry("due", "2099-01-01T00:00:00.000+0800"), Map.entry("name", "已办结"), Map.entry("tenantId", "baishi"))) {
      Map<String, Object> updated = new HashMap<>(current);
      updated.put(change.getKey(), change.getValue());
      ResponseEntity<String> refused = call("qs-reviewer", HttpMethod.PUT, task, updated);
      assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(400);
      assertThat(refused.getBody()).contains(change.getKey());
    }
    Map<String, Object> dropped = new HashMap<>(current);
    dropped.remove("tenantId");
    assertThat(call("qs-reviewer", HttpMethod.PUT, task, dropped).getStatusCode().value()).isEqualTo(400);
    Task after = tasks.createTaskQuery().taskId(review.getId()).singleResult();
    assertThat(after.getTenantId()).isEqualTo("qingshan");
    assertThat(after.getName()).isEqualTo(review.getName());
    assertThat(after.getDueDate()).isEqualTo(review.getDueDate());
    // a follow-up date (the clerk's own reminder) may still be set, as Tasklist does
    Map<String, Object> followUp = new HashMap<>(current);
    followUp.put("followUp", "2030-01-01T09:00:00.000+0800");
    ResponseEntity<String> own = call("qs-reviewer", HttpMethod.PUT, task, followUp);
    assertThat(own.getStatusCode().value()).as(own.getBody()).isEqualTo(204);
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getFollowUpDate()).isNotNull();
  }

  @Test
  void noVariableIsReadIntoAClassTheCallerNames() {
    String task = "/engine-rest/task/" + review.getId();
    // a binary upload with a "type" part: the engine's resource reads the data into that class at once
    org.springframework.util.LinkedMultiValueMap<String, Object> upload = new org.springframework.util.LinkedMultiValueMap<>();
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    upload.add("data", new HttpEntity<>("\"/etc/passwd\"", json));
    upload.add("type", "java.io.File");
    HttpHeaders multipart = new HttpHeaders();
    multipart.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<String> binary = api.as("qs-reviewer").exchange(task + "/localVariables/reviewOpinion/data",
        HttpMethod.POST, new HttpEntity<>(upload, multipart), String.class);
    assertThat(binary.getStatusCode().value()).as(binary.getBody()).isEqualTo(400);
    assertThat(binary.getBody()).contains("序列化对象", "reviewOpinion");
    // a JSON value typed Object: read into the class named whenever anyone reads the variable
    Map<String, Object> object = Map.of("type", "Object", "value", "\"/etc/passwd\"", "valueInfo", Map.of(
        "objectTypeName", "java.io.File", "serializationDataFormat", "application/json"));
    ResponseEntity<String> single = call("qs-reviewer", HttpMethod.PUT, task + "/localVariables/reviewOpinion", object);
    assertThat(single.getStatusCode().value()).as(single.getBody()).isEqualTo(400);
    Map<String, Object> variables = new LinkedHashMap<>(typed(reviewForm()));
    variables.put("reviewOpinion", object);
    ResponseEntity<String> completed = call("qs-reviewer", HttpMethod.POST, task + "/complete",
        Map.of("variables", variables));
    assertThat(completed.getStatusCode().value()).as(completed.getBody()).isEqualTo(400);
    assertThat(completed.getBody()).contains("序列化对象", "reviewOpinion");
    assertThat(tasks.getVariableLocal(review.getId(), "reviewOpinion")).isNull();
    assertStillOpenAndUnchanged();
    // and the engine itself reads no value into a class outside its list of plain types, however it was stored
    runtime.setVariable(review.getProcessInstanceId(), "probe", org.camunda.bpm.engine.variable.Variables
        .serializedObjectValue("\"/etc/passwd\"").objectTypeName("java.io.File")
        .serializationDataFormat("application/json").create());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.getVariable(review.getProcessInstanceId(),
        "probe")).hasMessageContaining("java.io.File");
  }
}
