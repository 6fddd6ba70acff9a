package cn.township.workflow.duty;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.audit.AuditTrail;
import cn.township.workflow.support.Api;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** 职位代理 and bulk reassignment over HTTP: who may, what is refused and why, and what is recorded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class SubstitutionApiTest {

  static final String REFUSED = "只能为本人或（分管领导）本乡镇人员登记请假和代理。";

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired AuditTrail audit;

  Api api() {
    return new Api(rest);
  }

  static String today(int plusDays) {
    return LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(plusDays).toString();
  }

  ResponseEntity<Map<String, Object>> put(String caller, String userId, Object body) {
    return api().as(caller).exchange("/api/absences/" + userId, HttpMethod.PUT, new HttpEntity<>(body),
        Api.JSON_OBJECT);
  }

  ResponseEntity<Map<String, Object>> delete(String caller, String userId) {
    return api().as(caller).exchange("/api/absences/" + userId, HttpMethod.DELETE, null, Api.JSON_OBJECT);
  }

  static Map<String, Object> absence(String from, String to, String substitute) {
    Map<String, Object> body = new HashMap<>();
    body.put("from", from);
    body.put("to", to);
    body.put("substitute", substitute);
    return body;
  }

  /** A case of 白石乡 waiting at Task_Review, claimed by {@code reviewer}. */
  Task reviewClaimedBy(String reviewer) {
    Map<String, Object> created = api().register("bs-clerk", anApplication().json());
    String receiptNo = (String) created.get("receiptNo");
    Task intake = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).singleResult();
    tasks.complete(intake.getId(), Map.of("receivedMaterials", created.get("requiredMaterials"), "acceptable", true));
    Task review = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).singleResult();
    assertThat(review.getTaskDefinitionKey()).isEqualTo("Task_Review");
    tasks.claim(review.getId(), reviewer);
    return review;
  }

  static HttpHeaders json() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }

  String assigneeOf(Task task) {
    return tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee();
  }

  @Test
  void aLeaderRecordsAnAbsenceTheTasksMoveAndComeBackWhenWithdrawn() {
    Task review = reviewClaimedBy("bs-reviewer");
    ResponseEntity<Map<String, Object>> recorded = put("bs-leader", "bs-reviewer",
        absence(today(0), today(4), "bs-reviewer2"));
    assertThat(recorded.getStatusCode()).as("%s", recorded.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(recorded.getBody()).containsEntry("substitute", "bs-reviewer2").containsEntry("inForce", true)
        .containsEntry("tasksHandedOver", 1).containsEntry("substituteName", "罗娟");
    assertThat(assigneeOf(review)).isEqualTo("bs-reviewer2");

    ResponseEntity<List<Map<String, Object>>> listed = api().as("bs-clerk").exchange("/api/absences?township=baishi",
        HttpMethod.GET, null, Api.JSON_LIST);
    assertThat(listed.getBody()).extracting(a -> a.get("userId")).containsExactly("bs-reviewer");
    assertThat(api().get("bs-clerk", "/api/absences?township=qingshan").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    ResponseEntity<Map<String, Object>> withdrawn = delete("bs-reviewer", "bs-reviewer");
    assertThat(withdrawn.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(withdrawn.getBody()).containsEntry("tasksReturned", 1);
    assertThat(assigneeOf(review)).isEqualTo("bs-reviewer");
    assertThat(delete("bs-reviewer", "bs-reviewer").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(audit.search(new AuditTrail.Filter("bs-leader", null, "AbsenceRecorded", null, null), 0, 5))
        .extracting(AuditTrail.Entry::detail)
        .contains("bs-reviewer " + today(0) + " 至 " + today(4) + "，代理人 bs-reviewer2");
  }

  @Test
  void onlyTheUserTheirLeaderOrAnAdministratorMayRecordIt() {
    Map<String, Object> body = absence(today(1), today(2), "qs-reviewer2");
    assertThat(put(null, "qs-reviewer", body).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(delete(null, "qs-reviewer").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(api().get(null, "/api/absences").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    for (String other : List.of("qs-clerk", "qs-supervisor", "bs-leader", "qs-reviewer2", "county-supervisor")) {
      ResponseEntity<Map<String, Object>> refused = put(other, "qs-reviewer", body);
      assertThat(refused.getStatusCode()).as(other).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(refused.getBody()).containsEntry("message", REFUSED);
      assertThat(delete(other, "qs-reviewer").getStatusCode()).as(other).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(put("qs-clerk", "no-such-user", body).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(put("admin", "no-such-user", body).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    for (String allowed : List.of("qs-reviewer", "qs-leader", "admin")) {
      assertThat(put(allowed, "qs-reviewer", body).getStatusCode()).as(allowed).isEqualTo(HttpStatus.OK);
    }
    assertThat(delete("qs-leader", "qs-reviewer").getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void theSubstituteMustHoldTheSameRoleInTheSameTownship() {
    ResponseEntity<Map<String, Object>> clerk = put("qs-leader", "qs-reviewer", absence(today(1), today(2), "qs-clerk"));
    assertThat(clerk.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(clerk.getBody()).containsEntry("field", "substitute")
        .containsEntry("message", "代理人须担任相同岗位：张丽不是审核人。");
    ResponseEntity<Map<String, Object>> elsewhere = put("qs-leader", "qs-reviewer",
        absence(today(1), today(2), "bs-reviewer"));
    assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(elsewhere.getBody()).containsEntry("message", "代理人须与李强同属一个乡镇：刘伟不在qingshan。");
    assertThat(put("qs-leader", "qs-reviewer", absence(today(1), today(2), "qs-reviewer")).getBody())
        .containsEntry("message", "代理人不能是本人。");
    assertThat(api().as("qs-leader").exchange("/api/absences?township=qingshan", HttpMethod.GET, null, Api.JSON_LIST)
        .getBody()).extracting(a -> a.get("userId")).doesNotContain("qs-reviewer");
  }

  @Test
  void malformedOrOversizedInputIsRefusedInChineseAndNothingIsRecorded() {
    String longText = "长".repeat(201);
    Object[][] bad = {
        {absence("2026-13-01", today(2), "qs-reviewer2"), "from"},
        {absence(today(1), "tomorrow", "qs-reviewer2"), "to"},
        {absence(today(3), today(1), "qs-reviewer2"), "to"},
        {absence(today(-5), today(-1), "qs-reviewer2"), "to"},
        {absence(today(0), today(400), "qs-reviewer2"), "to"},
        {absence(today(0), today(1), null), "substitute"},
        {absence(today(0), today(1), "x".repeat(5000)), "substitute"},
        {new HashMap<>(Map.of("from", today(0), "to", today(1), "substitute", "qs-reviewer2", "reason", longText)),
            "reason"}};
    for (Object[] request : bad) {
      ResponseEntity<Map<String, Object>> answer = put("qs-leader", "qs-reviewer", request[0]);
      assertThat(answer.getStatusCode()).as("%s", request[0]).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(answer.getBody()).as("%s", request[0]).containsEntry("field", request[1]);
      assertThat((String) answer.getBody().get("message")).containsPattern("[\\u4e00-\\u9fa5]");
    }
    ResponseEntity<Map<String, Object>> notJson = api().as("qs-leader").exchange("/api/absences/qs-reviewer",
        HttpMethod.PUT, new HttpEntity<>("{", json()), Api.JSON_OBJECT);
    assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<List<Map<String, Object>>> listed = api().as("qs-leader").exchange("/api/absences",
        HttpMethod.GET, null, Api.JSON_LIST);
    assertThat(listed.getBody()).extracting(a -> a.get("userId")).doesNotContain("qs-reviewer");
  }

  @Test
  void aSupervisorReassignsOpenTasksInBulkWithAReason() {
    Task first = reviewClaimedBy("bs-reviewer");
    Task second = reviewClaimedBy("bs-reviewer");
    Map<String, Object> request = Map.of("from", "bs-reviewer", "to", "bs-reviewer2", "step", "Task_Review",
        "township", "baishi", "reason", "刘伟调岗，案件移交");

    assertThat(api().post(null, "/api/tasks/reassign", request).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    for (String other : List.of("bs-clerk", "bs-reviewer2", "qs-supervisor", "qs-leader")) {
      assertThat(api().post(other, "/api/tasks/reassign", request).getStatusCode()).as(other)
          .isEqualTo(HttpStatus.FORBIDDEN);
    }
    ResponseEntity<Map<String, Object>> noReason = api().post("bs-supervisor", "/api/tasks/reassign",
        Map.of("from", "bs-reviewer", "to", "bs-reviewer2"));
    assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noReason.getBody()).containsEntry("field", "reason");
    ResponseEntity<Map<String, Object>> wrongRole = api().post("bs-supervisor", "/api/tasks/reassign",
        Map.of("from", "bs-reviewer", "to", "bs-clerk", "reason", "调岗"));
    assertThat(wrongRole.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(wrongRole.getBody()).containsEntry("message", "代理人须担任相同岗位：陈芳不是审核人。");
    assertThat(assigneeOf(first)).isEqualTo("bs-reviewer");

    ResponseEntity<Map<String, Object>> moved = api().post("bs-supervisor", "/api/tasks/reassign", request);
    assertThat(moved.getStatusCode()).as("%s", moved.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(moved.getBody()).containsEntry("reassigned", 2);
    assertThat(assigneeOf(first)).isEqualTo("bs-reviewer2");
    assertThat(assigneeOf(second)).isEqualTo("bs-reviewer2");
    assertThat(audit.search(new AuditTrail.Filter("bs-supervisor", null, "TaskReassigned", null, null), 0, 10))
        .extracting(AuditTrail.Entry::detail)
        .containsExactly("Task_Review: bs-reviewer → bs-reviewer2（刘伟调岗，案件移交）",
            "Task_Review: bs-reviewer → bs-reviewer2（刘伟调岗，案件移交）");
  }
}
