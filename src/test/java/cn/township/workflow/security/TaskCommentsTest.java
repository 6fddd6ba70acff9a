package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import com.fasterxml.jackson.core.type.TypeReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * The record of a step for the one who works it: the 催办 and 退回 notes on the task, over /engine-rest and as
 * Tasklist's 办理记录 tab and comment button call them (TaskCommentGuard); nobody else's, and no case history.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class TaskCommentsTest {

  private static final String TASKLIST = "/camunda/api/engine/engine/default";

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @LocalServerPort int port;

  Api api() {
    return new Api(rest);
  }

  /** The open intake task of a new 青山镇 case (candidate group window-clerk: qs-clerk, not qs-reviewer). */
  Task intakeTask() {
    return tasks.createTaskQuery().taskId(api().intakeTaskOfNewCase("qs-clerk")).singleResult();
  }

  /** Urged by the township's supervisor over /api, returned as review/NoteReturn writes it (as the system). */
  Task urgedAndReturned() {
    Task task = intakeTask();
    assertThat(api().post("qs-supervisor", "/api/tasks/" + task.getId() + "/urge", Map.of("message", "请今日内处理"))
        .getStatusCode()).isEqualTo(HttpStatus.OK);
    tasks.createComment(task.getId(), task.getProcessInstanceId(), "【退回】审查人退回：登记有误");
    return task;
  }

  /** A new 青山镇 case accepted at the window and sent back to it by the reviewer (退回窗口复核): the recheck step. */
  Task returnedToWindow() {
    Task intake = intakeTask();
    String receiptNo = runtime.createProcessInstanceQuery().processInstanceId(intake.getProcessInstanceId())
        .singleResult().getBusinessKey();
    tasks.complete(intake.getId(), Map.of("receivedMaterials", tasks.getVariable(intake.getId(), "requiredMaterials"),
        "acceptable", true));
    Task review = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).taskDefinitionKey("Task_Review")
        .singleResult();
    assertThat(review).as("the case waits for its review").isNotNull();
    tasks.complete(review.getId(), Map.of("reviewResult", "returnToWindow", "reviewOpinion", "登记有误",
        "returnReason", "申请人身份证号与户口簿不一致，请窗口核对"));
    return tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).taskDefinitionKey("Task_RecheckAtWindow")
        .singleResult();
  }

  ResponseEntity<List<Map<String, Object>>> comments(String user, String taskId) {
    return api().as(user).exchange("/engine-rest/task/" + taskId + "/comment", HttpMethod.GET, null, Api.JSON_LIST);
  }

  /** The answer's status alone (an error's body is an object, not the list of comments). */
  HttpStatus readStatus(String user, String taskId) {
    return HttpStatus.valueOf(api().as(user).exchange("/engine-rest/task/" + taskId + "/comment", HttpMethod.GET, null,
        String.class).getStatusCode().value());
  }

  ResponseEntity<Map<String, Object>> comment(String user, String taskId, Object body) {
    return api().post(user, "/engine-rest/task/" + taskId + "/comment/create", body);
  }

  List<String> messages(String taskId) {
    return tasks.getTaskComments(taskId).stream().map(Comment::getFullMessage).toList();
  }

  static List<Map<String, Object>> jsonList(String body) throws Exception {
    return CachedBody.JSON.readValue(body, new TypeReference<>() {});
  }

  @Test
  void theClerkReadsTheNotesOnTheirStepAndAddsOneOverRest() {
    Task task = urgedAndReturned();
    ResponseEntity<List<Map<String, Object>>> read = comments("qs-clerk", task.getId());
    assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read.getBody()).extracting(c -> c.get("message"), c -> c.get("userId"), c -> c.get("taskId"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("【催办】请今日内处理", "qs-supervisor", task.getId()),
            org.assertj.core.groups.Tuple.tuple("【退回】审查人退回：登记有误", null, task.getId()));
    String urgeId = (String) read.getBody().stream().filter(c -> "qs-supervisor".equals(c.get("userId")))
        .findFirst().orElseThrow().get("id");
    assertThat(api().get("qs-clerk", "/engine-rest/task/" + task.getId() + "/comment/" + urgeId).getBody())
        .containsEntry("message", "【催办】请今日内处理");

    ResponseEntity<Map<String, Object>> added = comment("qs-clerk", task.getId(), Map.of("message", "已电话联系申请人"));
    assertThat(added.getStatusCode()).as("%s", added.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(added.getBody()).containsEntry("userId", "qs-clerk").containsEntry("message", "已电话联系申请人")
        .containsEntry("processInstanceId", task.getProcessInstanceId());
    Comment stored = tasks.getTaskComment(task.getId(), (String) added.getBody().get("id"));
    assertThat(stored.getUserId()).isEqualTo("qs-clerk");
    assertThat(stored.getProcessInstanceId()).isEqualTo(task.getProcessInstanceId());
    // the holder cannot remove the urge written to them (editing and deleting need the task's history)
    ResponseEntity<String> delete = api().as("qs-clerk").exchange("/engine-rest/task/" + task.getId() + "/comment/"
        + urgeId, HttpMethod.DELETE, null, String.class);
    assertThat(delete.getStatusCode().is2xxSuccessful()).as("%s", delete.getStatusCode()).isFalse();
    assertThat(delete.getStatusCode().is5xxServerError()).isFalse();
    assertThat(messages(task.getId())).containsExactlyInAnyOrder("【催办】请今日内处理", "【退回】审查人退回：登记有误",
        "已电话联系申请人");
  }

  @Test
  void theWindowReadsWhyTheReviewerSentTheCaseBack() {
    Task recheck = returnedToWindow();
    assertThat(comments("qs-clerk", recheck.getId()).getBody()).extracting(c -> c.get("message"))
        .containsExactly("【退回】审核人退回窗口复核：申请人身份证号与户口簿不一致，请窗口核对");
    assertThat(readStatus("bs-clerk", recheck.getId())).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void tasklistsHistoryTabAndCommentButtonWorkForTheClerk() throws Exception {
    Task task = urgedAndReturned();
    WebappSession tasklist = new WebappSession(port);
    assertThat(tasklist.login("qs-clerk", "demo", "tasklist").statusCode()).isEqualTo(200);
    HttpResponse<String> read = tasklist.get(TASKLIST + "/task/" + task.getId() + "/comment");
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(jsonList(read.body())).extracting(c -> c.get("message"))
        .containsExactlyInAnyOrder("【催办】请今日内处理", "【退回】审查人退回：登记有误");
    HttpResponse<String> added = tasklist.post(TASKLIST + "/task/" + task.getId() + "/comment/create",
        "{\"message\":\"材料已补齐\"}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    assertThat(tasks.getTaskComments(task.getId())).filteredOn(c -> "材料已补齐".equals(c.getFullMessage()))
        .extracting(Comment::getUserId).containsExactly("qs-clerk");

    // the session's cookie without its CSRF token (a forged form from another site): Camunda refuses, nothing stored
    HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
            + port + TASKLIST + "/task/" + task.getId() + "/comment/create"))
        .header("Cookie", "JSESSIONID=" + tasklist.sessionId()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"伪造\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(messages(task.getId())).doesNotContain("伪造").hasSize(3);
  }

  @Test
  void nobodyElseReadsOrWritesTheStepsNotes() throws Exception {
    Task task = urgedAndReturned();
    String urgeId = tasks.getTaskComments(task.getId()).get(0).getId();
    assertThat(readStatus(null, task.getId())).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(comment(null, task.getId(), Map.of("message", "匿名")).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    // another township's window clerk; the same township's reviewer, not a candidate of the intake step
    for (String stranger : List.of("bs-clerk", "qs-reviewer")) {
      ResponseEntity<Map<String, Object>> read = api().get(stranger, "/engine-rest/task/" + task.getId() + "/comment");
      assertThat(read.getStatusCode()).as(stranger).isEqualTo(HttpStatus.NOT_FOUND);
      // the engine API's one answer to an id the caller may not read and to one nobody has (UnseenIdGuard)
      assertThat(read.getBody()).as(stranger).containsEntry("message",
          cn.township.workflow.system.EngineRestErrors.OTHER_TOWNSHIP);
      assertThat(api().get(stranger, "/engine-rest/task/" + task.getId() + "/comment/" + urgeId).getStatusCode())
          .as(stranger).isEqualTo(HttpStatus.NOT_FOUND);
      ResponseEntity<Map<String, Object>> write = comment(stranger, task.getId(), Map.of("message", "越权"));
      assertThat(write.getStatusCode()).as(stranger).isEqualTo(HttpStatus.NOT_FOUND);
      WebappSession tasklist = new WebappSession(port);
      assertThat(tasklist.login(stranger, "demo", "tasklist").statusCode()).isEqualTo(200);
      assertThat(tasklist.get(TASKLIST + "/task/" + task.getId() + "/comment").statusCode()).as(stranger)
          .isEqualTo(404);
      assertThat(tasklist.post(TASKLIST + "/task/" + task.getId() + "/comment/create", "{\"message\":\"越权\"}")
          .statusCode()).as(stranger).isEqualTo(404);
    }
    assertThat(readStatus("qs-clerk", "no-such-task")).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(readStatus("qs-clerk", "x".repeat(500))).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(messages(task.getId())).containsExactlyInAnyOrder("【催办】请今日内处理", "【退回】审查人退回：登记有误");
    // the township's supervisor still reads them (and the other township's does not)
    assertThat(comments("qs-supervisor", task.getId()).getBody()).hasSize(2);
    assertThat(readStatus("bs-supervisor", task.getId())).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(comments("county-supervisor", task.getId()).getBody()).hasSize(2);
  }

  @Test
  void aCommentIsTextOfBoundedLengthOnTheStepsOwnCase() {
    Task task = intakeTask();
    Task other = intakeTask();
    Map<String, String> refused = Map.of(
        "{\"message\":\"  \"}", "请填写意见，未保存。",
        "{\"message\":", "请以 JSON 提交意见：{\"message\": \"…\"}，未保存。",
        "{\"message\":\"" + "记".repeat(TaskCommentGuard.LONGEST + 1) + "\"}",
        "意见最多" + TaskCommentGuard.LONGEST + "字，未保存。",
        "{\"message\":\"" + "\\u8bb0".repeat(TaskCommentGuard.LONGEST * 2) + "\"}",
        "意见最多" + TaskCommentGuard.LONGEST + "字，未保存。",
        "{\"message\":\"串案\",\"processInstanceId\":\"" + other.getProcessInstanceId() + "\"}",
        "意见只能写在本任务所属的案件上，未保存。");
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    for (Map.Entry<String, String> body : refused.entrySet()) {
      ResponseEntity<Map<String, Object>> answer = api().as("qs-clerk").exchange("/engine-rest/task/" + task.getId()
          + "/comment/create", HttpMethod.POST, new HttpEntity<>(body.getKey(), json), Api.JSON_OBJECT);
      assertThat(answer.getStatusCode()).as(body.getValue()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(answer.getBody()).containsEntry("message", body.getValue());
    }
    assertThat(messages(task.getId())).isEmpty();
    assertThat(messages(other.getId())).isEmpty();
    assertThat(comment("qs-clerk", task.getId(), Map.of("message", "记".repeat(TaskCommentGuard.LONGEST),
        "processInstanceId", task.getProcessInstanceId())).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  /**
   * Found by an attacker's review: who sees a step only in history went on to Camunda's resource, which files a note
   * under any case named: the analyst wrote on a clerk's running step (200), a supervisor on a finished step of their
   * township into a case of another township (200, the note in that case's record).
   */
  @Test
  void onlyWhoMaySeeTheRunningStepWritesOnItAndOnlyOnItsOwnCase() {
    Task running = intakeTask();
    ResponseEntity<Map<String, Object>> analyst = comment("analyst-lin", running.getId(), Map.of("message", "分析员意见"));
    assertThat(analyst.getStatusCode()).as("%s", analyst.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(analyst.getBody()).containsEntry("message", TaskCommentGuard.ONLY_RUNNING);
    Task finished = intakeTask();
    tasks.complete(finished.getId(), Map.of("receivedMaterials", tasks.getVariable(finished.getId(),
        "requiredMaterials"), "acceptable", true));
    String otherTownshipsCase = tasks.createTaskQuery().taskId(api().intakeTaskOfNewCase("bs-clerk")).singleResult()
        .getProcessInstanceId();
    for (String user : List.of("qs-supervisor", "county-supervisor")) {
      ResponseEntity<Map<String, Object>> forged = comment(user, finished.getId(),
          Map.of("message", "串案", "processInstanceId", otherTownshipsCase));
      assertThat(forged.getStatusCode()).as("%s %s", user, forged.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    }
    // the supervisor still reads the finished step's notes through Camunda's resource (READ_HISTORY)
    assertThat(readStatus("qs-supervisor", finished.getId())).isEqualTo(HttpStatus.OK);
    assertThat(messages(running.getId())).isEmpty();
    assertThat(messages(finished.getId())).isEmpty();
    assertThat(tasks.getProcessInstanceComments(otherTownshipsCase)).isEmpty();
    // a control character (PostgreSQL refuses a NUL in the note's text column: 500) is refused
    ResponseEntity<Map<String, Object>> nul = comment("qs-clerk", running.getId(), Map.of("message", "已\u0000处理"));
    assertThat(nul.getStatusCode()).as("%s", nul.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(nul.getBody()).containsEntry("message", "意见中不能含控制字符，未保存。");
    assertThat(comment("qs-clerk", running.getId(), Map.of("message", "第一行\n第二行\t完")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(messages(running.getId())).containsExactly("第一行\n第二行\t完");
  }

  /** An attacker's review: other spellings, methods, another task's note, another author named in the body. */
  @Test
  void otherSpellingsMethodsAndNamesChangeNothing() {
    Task task = urgedAndReturned();
    Task other = urgedAndReturned();
    String othersNote = tasks.getTaskComments(other.getId()).get(0).getId();
    java.util.Map<String, Integer> answers = new java.util.LinkedHashMap<>();
    for (String path : List.of("/engine-rest/task/" + task.getId() + ";x=1/comment",
        "/engine-rest/engine/default/task/" + task.getId() + "/comment/",
        "/engine-rest/engine/no-such-engine/task/" + task.getId() + "/comment",
        "/engine-rest/task/" + task.getId() + "/comment/" + othersNote,
        "/engine-rest/task/" + task.getId() + "/comment/" + "x".repeat(300))) {
      for (String user : List.of("qs-clerk", "bs-clerk")) {
        answers.put(user + " GET " + path, api().as(user).exchange(path, HttpMethod.GET, null, String.class)
            .getStatusCode().value());
      }
    }
    for (HttpMethod method : List.of(HttpMethod.HEAD, HttpMethod.OPTIONS)) {
      for (String user : List.of("qs-clerk", "bs-clerk")) {
        answers.put(user + " " + method, api().as(user).exchange("/engine-rest/task/" + task.getId() + "/comment",
            method, null, String.class).getStatusCode().value());
      }
    }
    ResponseEntity<Map<String, Object>> named = comment("qs-clerk", task.getId(),
        Map.of("message", "冒名", "userId", "qs-supervisor", "taskId", other.getId()));
    answers.put("named", named.getStatusCode().value());
    answers.put("oversized", comment("qs-clerk", task.getId(), Map.of("message", "x", "pad", "y".repeat(40_000)))
        .getStatusCode().value());
    String id = task.getId();
    assertThat(answers).containsEntry("qs-clerk GET /engine-rest/task/" + id + ";x=1/comment", 200)
        .containsEntry("bs-clerk GET /engine-rest/task/" + id + ";x=1/comment", 404)
        .containsEntry("qs-clerk GET /engine-rest/engine/default/task/" + id + "/comment/", 200)
        .containsEntry("bs-clerk GET /engine-rest/engine/default/task/" + id + "/comment/", 404)
        .containsEntry("bs-clerk GET /engine-rest/engine/no-such-engine/task/" + id + "/comment", 404)
        .containsEntry("qs-clerk GET /engine-rest/task/" + id + "/comment/" + othersNote, 404)
        .containsEntry("bs-clerk GET /engine-rest/task/" + id + "/comment/" + othersNote, 404)
        // HEAD goes to Camunda's resource, which needs the step's history: nothing answered, nothing leaked
        .containsEntry("qs-clerk HEAD", 404).containsEntry("bs-clerk HEAD", 404)
        .containsEntry("named", 200).containsEntry("oversized", 400);
    assertThat(named.getBody()).containsEntry("userId", "qs-clerk").containsEntry("taskId", task.getId());
    assertThat(messages(other.getId())).doesNotContain("冒名");
    assertThat(answers.values()).noneMatch(status -> status >= 500);
  }

  @Test
  void theClerkStillSeesNoCaseHistory() {
    Task task = urgedAndReturned();
    assertThat(comments("qs-clerk", task.getId()).getBody()).hasSize(2);
    String instance = task.getProcessInstanceId();
    for (String path : List.of("/engine-rest/history/variable-instance?processInstanceId=" + instance,
        "/engine-rest/history/process-instance?processInstanceId=" + instance,
        "/engine-rest/history/task?processInstanceId=" + instance,
        "/engine-rest/history/detail?processInstanceId=" + instance,
        "/engine-rest/history/user-operation?taskId=" + task.getId())) {
      ResponseEntity<List<Map<String, Object>>> answer = api().as("qs-clerk").exchange(path, HttpMethod.GET, null,
          Api.JSON_LIST);
      assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
      assertThat(answer.getBody()).as(path).isEmpty();
    }
    // the supervisor's view is unchanged: the case's history
    assertThat(api().as("qs-supervisor").exchange("/engine-rest/history/variable-instance?processInstanceId="
        + instance, HttpMethod.GET, null, Api.JSON_LIST).getBody()).isNotEmpty();
  }
}
