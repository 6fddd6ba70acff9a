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
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** 职位代理 and bulk reassignment over HTTP: who may, what is refused and why, and what is recorded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class SubstitutionApiTest {

  static final String REFUSED = "只能为本人或（分管领导）本乡镇人员登记请假和代理。";

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired AuditTrail audit;
  @Autowired JdbcTemplate jdbc;
  @Autowired IdentityService identity;
  @Autowired Staff staff;

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

  /**
   * Found by the fourth attacker's review: two reviewers each named the other for the same days next week (or the
   * substitute of someone went away with a third colleague standing in), all accepted — from the first day the tasks
   * went to someone away, and waited.
   */
  @Test
  void nobodyStandsInWhileAwayNorGoesAwayWhileStandingIn() {
    String third = groupedReviewer();
    try {
      assertThat(put("qs-leader", "qs-reviewer", absence(today(7), today(11), "qs-reviewer2")).getStatusCode())
          .isEqualTo(HttpStatus.OK);
      ResponseEntity<Map<String, Object>> crossed = put("qs-leader", "qs-reviewer2",
          absence(today(9), today(14), "qs-reviewer"));
      assertThat(crossed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(crossed.getBody()).containsEntry("field", "substitute").containsEntry("message",
          "李强本人" + today(7) + "至" + today(11) + "请假，与本次代理期重叠，不能代理。");
      ResponseEntity<Map<String, Object>> standingIn = put("qs-reviewer2", "qs-reviewer2",
          absence(today(11), today(12), third));
      assertThat(standingIn.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(standingIn.getBody()).containsEntry("field", "from").containsEntry("message",
          "孟晓东在" + today(7) + "至" + today(11) + "代理李强，请先为李强另行登记代理人，再登记本人请假。");
      assertThat(openAbsencesOf("qs-reviewer2")).isZero();
      // the days after 李强 is back are free, and so is 李强's absence once someone else stands in
      assertThat(put("qs-reviewer2", "qs-reviewer2", absence(today(12), today(14), "qs-reviewer")).getStatusCode())
          .isEqualTo(HttpStatus.OK);
      assertThat(put("qs-leader", "qs-reviewer", absence(today(7), today(11), third)).getStatusCode())
          .isEqualTo(HttpStatus.OK);
      assertThat(put("qs-leader", "qs-reviewer2", absence(today(9), today(14), "qs-reviewer")).getBody())
          .containsEntry("field", "substitute");
    } finally {
      delete("admin", "qs-reviewer");
      delete("admin", "qs-reviewer2");
    }
    assertThat(openAbsencesOf("qs-reviewer")).isZero();
    assertThat(openAbsencesOf("qs-reviewer2")).isZero();
  }

  /** The same two absences naming each other, sent at the same moment (two leaders, or two nodes): one is recorded. */
  @Test
  void absencesNamingEachOtherSentAtOnceAreNotBothRecorded() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        CountDownLatch start = new CountDownLatch(1);
        Future<HttpStatus> first = pool.submit(() -> {
          start.await();
          return (HttpStatus) put("qs-leader", "qs-reviewer", absence(today(20), today(22), "qs-reviewer2"))
              .getStatusCode();
        });
        Future<HttpStatus> second = pool.submit(() -> {
          start.await();
          return (HttpStatus) put("qs-leader", "qs-reviewer2", absence(today(21), today(23), "qs-reviewer"))
              .getStatusCode();
        });
        start.countDown();
        assertThat(List.of(first.get(), second.get())).as("round %d", round)
            .containsExactlyInAnyOrder(HttpStatus.OK, HttpStatus.BAD_REQUEST);
        assertThat(openAbsencesOf("qs-reviewer") + openAbsencesOf("qs-reviewer2")).as("round %d", round).isEqualTo(1);
        delete("admin", "qs-reviewer");
        delete("admin", "qs-reviewer2");
      }
    } finally {
      pool.shutdownNow();
      delete("admin", "qs-reviewer");
      delete("admin", "qs-reviewer2");
    }
  }

  @Test
  void anAbsenceLongerThanTheTablesLimitIsRefusedWithItsFigure() {
    int maxDays = AbsenceController.maxDays(); // processes/absences.csv
    ResponseEntity<Map<String, Object>> tooLong = put("bs-reviewer", "bs-reviewer",
        absence(today(0), today(maxDays), "bs-reviewer2"));
    assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) tooLong.getBody().get("message")).contains("一次登记的代理期最长" + maxDays + "天");
    ResponseEntity<Map<String, Object>> tooLate = put("bs-reviewer", "bs-reviewer",
        absence(today(maxDays), today(maxDays + 1), "bs-reviewer2"));
    assertThat(tooLate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) tooLate.getBody().get("message")).contains("结束日期不能晚于今天起" + maxDays + "天");
    assertThat(api().as("bs-reviewer").exchange("/api/absences?township=baishi", HttpMethod.GET, null, String.class)
        .getBody()).doesNotContain(today(maxDays + 1));
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
    // another township's colleague is answered as nobody (security/ApiExistenceOracleTest); an administrator's is below
    assertThat(elsewhere.getBody()).containsEntry("message", "代理人不存在：请填写本乡镇同岗位工作人员的用户名。");
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

  int openAbsencesOf(String userId) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM tw_absence WHERE user_id = ? AND ended_at IS NULL",
        Integer.class, userId);
  }

  Map<String, Object> listedFor(String caller, String userId) {
    ResponseEntity<List<Map<String, Object>>> listed = api().as(caller).exchange("/api/absences", HttpMethod.GET, null,
        Api.JSON_LIST);
    assertThat(listed.getStatusCode()).as(caller).isEqualTo(HttpStatus.OK);
    return listed.getBody().stream().filter(a -> userId.equals(a.get("userId"))).findFirst().orElse(null);
  }

  @Test
  void aTownshipLeaderMayNotManageCountyStaffWhoBelongToEveryTownship() {
    Map<String, Object> body = absence(today(1), today(2), "expert-li");
    for (String leader : List.of("qs-leader", "bs-leader")) {
      ResponseEntity<Map<String, Object>> refused = put(leader, "expert-wang", body);
      assertThat(refused.getStatusCode()).as(leader).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(refused.getBody()).containsEntry("message", REFUSED);
      assertThat(put(leader, "xlj-reviewer", absence(today(1), today(2), "xmz-reviewer")).getStatusCode()).as(leader)
          .isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(openAbsencesOf("expert-wang")).isZero();
    try {
      assertThat(put("admin", "expert-wang", body).getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(delete("qs-leader", "expert-wang").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(openAbsencesOf("expert-wang")).isEqualTo(1);
      assertThat(put("expert-wang", "expert-wang", body).getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(delete("expert-wang", "expert-wang").getStatusCode()).isEqualTo(HttpStatus.OK);
    } finally {
      delete("admin", "expert-wang");
    }
    assertThat(openAbsencesOf("expert-wang")).isZero();
  }

  @Test
  void twoSimultaneousRecordsLeaveOneOpenAbsenceAndTheDatabaseRefusesASecond() throws Exception {
    Map<String, Object> body = absence(today(1), today(3), "bs-reviewer");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<HttpStatus>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Callable<HttpStatus> call = () -> {
          start.await();
          return (HttpStatus) put("bs-leader", "bs-reviewer2", body).getStatusCode();
        };
        answers.add(pool.submit(call));
      }
      start.countDown();
      List<HttpStatus> statuses = new ArrayList<>();
      for (Future<HttpStatus> answer : answers) {
        statuses.add(answer.get());
      }
      assertThat(statuses).contains(HttpStatus.OK).allMatch(st -> st == HttpStatus.OK || st == HttpStatus.CONFLICT);
      assertThat(openAbsencesOf("bs-reviewer2")).isEqualTo(1);
      // the database itself holds one open absence per user (V73)
      org.junit.jupiter.api.Assertions.assertThrows(org.springframework.dao.DataIntegrityViolationException.class,
          () -> jdbc.update("INSERT INTO tw_absence (id, user_id, open_user_id, township, from_date, to_date,"
              + " substitute, recorded_by, created_at) VALUES ('dup', 'bs-reviewer2', 'bs-reviewer2', 'baishi',"
              + " CURRENT_DATE, CURRENT_DATE, 'bs-reviewer', 'bs-leader', CURRENT_TIMESTAMP)"));
      assertThat(delete("bs-leader", "bs-reviewer2").getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(openAbsencesOf("bs-reviewer2")).isZero();
    } finally {
      pool.shutdownNow();
      while (openAbsencesOf("bs-reviewer2") > 0) {
        delete("admin", "bs-reviewer2");
      }
    }
  }

  @Test
  void aBadReasonOrDateIsRefusedAndThePreviousAbsenceIsUntouched() {
    Map<String, Object> first = absence(today(1), today(5), "qs-reviewer");
    first.put("reason", "年休假");
    try {
      assertThat(put("qs-leader", "qs-reviewer2", first).getStatusCode()).isEqualTo(HttpStatus.OK);
      Object[][] bad = {
          {Map.of("from", today(1), "to", today(2), "substitute", "qs-reviewer", "reason", "病假\u0000"), "reason"},
          {Map.of("from", today(1), "to", today(2), "substitute", "qs-reviewer", "reason", "病假\n住院"), "reason"},
          {absence("+6000000-01-01", "+6000000-01-02", "qs-reviewer"), "from"},
          {absence(today(300), today(380), "qs-reviewer"), "to"}};
      for (Object[] request : bad) {
        ResponseEntity<Map<String, Object>> answer = put("qs-leader", "qs-reviewer2", request[0]);
        assertThat(answer.getStatusCode()).as("%s", request[0]).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody()).as("%s", request[0]).containsEntry("field", request[1]);
        assertThat((String) answer.getBody().get("message")).containsPattern("[\\u4e00-\\u9fa5]");
      }
      assertThat(openAbsencesOf("qs-reviewer2")).isEqualTo(1);
      assertThat(listedFor("qs-leader", "qs-reviewer2")).containsEntry("from", today(1)).containsEntry("to", today(5))
          .containsEntry("reason", "年休假").containsEntry("substitute", "qs-reviewer");
    } finally {
      delete("admin", "qs-reviewer2");
    }
  }

  @Test
  void theReasonIsShownOnlyToThePersonTheirLeaderSupervisorsAndAdministrators() {
    Map<String, Object> sick = absence(today(1), today(2), "qs-reviewer");
    sick.put("reason", "病假");
    try {
      assertThat(put("qs-leader", "qs-reviewer2", sick).getStatusCode()).isEqualTo(HttpStatus.OK);
      for (String reader : List.of("qs-reviewer2", "qs-leader", "qs-supervisor", "county-supervisor", "admin")) {
        assertThat(listedFor(reader, "qs-reviewer2")).as(reader).containsEntry("reason", "病假");
      }
      for (String colleague : List.of("qs-clerk", "qs-reviewer", "expert-wang", "xlj-reviewer")) {
        assertThat(listedFor(colleague, "qs-reviewer2")).as(colleague).containsEntry("substitute", "qs-reviewer")
            .doesNotContainKey("reason");
      }
      assertThat(listedFor("bs-leader", "qs-reviewer2")).isNull();
      for (String kiosk : List.of("qs-rating-device", "qs-agent")) {
        assertThat(api().get(kiosk, "/api/absences").getStatusCode()).as(kiosk).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api().get(kiosk, "/api/absences?township=qingshan").getStatusCode()).as(kiosk)
            .isEqualTo(HttpStatus.FORBIDDEN);
      }
    } finally {
      delete("admin", "qs-reviewer2");
    }
  }

  /** A third reviewer of 青山镇, whose township comes through a group. */
  String groupedReviewer() {
    String group = "test-qingshan-staff";
    String user = "test-grouped-reviewer";
    if (identity.createGroupQuery().groupId(group).singleResult() == null) {
      identity.saveGroup(identity.newGroup(group));
      identity.createTenantGroupMembership("qingshan", group);
      User grouped = identity.newUser(user);
      grouped.setFirstName("组内审核人");
      grouped.setPassword("Tw-Group-Test-2026!x");
      identity.saveUser(grouped);
      identity.createMembership(user, group);
      identity.createMembership(user, "reviewer");
    }
    return user;
  }

  @Test
  void townshipsGrantedThroughAGroupCountAndSomeoneOfNoTownshipCannotStandIn() {
    String user = groupedReviewer();
    assertThat(staff.find(user).orElseThrow().townships()).containsExactly("qingshan");
    ResponseEntity<Map<String, Object>> elsewhere = put("admin", user, absence(today(1), today(2), "bs-reviewer"));
    assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(elsewhere.getBody()).containsEntry("field", "substitute")
        .containsEntry("message", "代理人须与组内审核人同属一个乡镇：刘伟不在qingshan。");
    Staff.Person nowhere = new Staff.Person("nowhere", "无乡镇", List.of(), List.of("reviewer"));
    Staff.Person bsReviewer = staff.find("bs-reviewer").orElseThrow();
    assertThat(Staff.whyNotStandIn(nowhere, bsReviewer)).contains("无乡镇不属于任何乡镇，不能登记代理。");
    assertThat(Staff.whyNotStandIn(bsReviewer, nowhere)).contains("无乡镇不属于任何乡镇，不能登记代理。");
  }

  @Test
  @SuppressWarnings("unchecked")
  void reassignRefusesAColleagueOfAnotherTownshipAndBadInputTheCountyAndAdministratorMayMove() {
    Task review = reviewClaimedBy("bs-reviewer2");
    try {
      ResponseEntity<Map<String, Object>> elsewhere = api().post("bs-supervisor", "/api/tasks/reassign",
          Map.of("from", "bs-reviewer2", "to", "qs-reviewer", "reason", "调岗"));
      assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(elsewhere.getBody()).containsEntry("field", "to") // another township's: as nobody, not named
          .containsEntry("message", "未找到该工作人员：qs-reviewer");
      ResponseEntity<Map<String, Object>> county = api().post("county-supervisor", "/api/tasks/reassign",
          Map.of("from", "bs-reviewer2", "to", "xlj-reviewer", "reason", "调岗"));
      assertThat(county.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(assigneeOf(review)).isEqualTo("bs-reviewer2");

      Object[][] bad = {
          {Map.of("from", "bs-reviewer2", "to", "bs-reviewer", "reason", "长".repeat(201)), "reason"},
          {Map.of("from", "x".repeat(5000), "to", "bs-reviewer", "reason", "调岗"), "from"},
          {Map.of("from", "bs-reviewer2", "to", "bs-reviewer", "reason", "调岗", "step", "s".repeat(101)), "step"},
          {Map.of("from", "bs-reviewer2", "to", "bs-reviewer", "reason", "调岗", "township", "t".repeat(65)),
              "township"}};
      for (Object[] request : bad) {
        ResponseEntity<Map<String, Object>> answer = api().post("bs-supervisor", "/api/tasks/reassign", request[0]);
        assertThat(answer.getStatusCode()).as("%s", request[1]).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody()).as("%s", request[1]).containsEntry("field", request[1]);
        assertThat((String) answer.getBody().get("message")).containsPattern("[\\u4e00-\\u9fa5]");
      }
      for (String body : List.of("{", "[]", "{\"from\": {\"a\": 1}}")) {
        ResponseEntity<Map<String, Object>> answer = api().as("bs-supervisor").exchange("/api/tasks/reassign",
            HttpMethod.POST, new HttpEntity<>(body, json()), Api.JSON_OBJECT);
        assertThat(answer.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
      }
      assertThat(assigneeOf(review)).isEqualTo("bs-reviewer2");

      Map<String, Object> request = Map.of("from", "bs-reviewer2", "to", "bs-reviewer", "step", "Task_Review",
          "reason", "县督查统一调度");
      ResponseEntity<Map<String, Object>> moved = api().post("county-supervisor", "/api/tasks/reassign", request);
      assertThat(moved.getStatusCode()).as("%s", moved.getBody()).isEqualTo(HttpStatus.OK);
      assertThat((List<Object>) moved.getBody().get("tasks")).contains(review.getId());
      assertThat(assigneeOf(review)).isEqualTo("bs-reviewer");
      ResponseEntity<Map<String, Object>> back = api().post("admin", "/api/tasks/reassign",
          Map.of("from", "bs-reviewer", "to", "bs-reviewer2", "step", "Task_Review", "township", "baishi",
              "reason", "管理员退回"));
      assertThat(back.getStatusCode()).as("%s", back.getBody()).isEqualTo(HttpStatus.OK);
      assertThat(assigneeOf(review)).isEqualTo("bs-reviewer2");
    } finally {
      tasks.setAssignee(review.getId(), "bs-reviewer2");
    }
  }

  @Test
  void reassignMovesAtMostFiveHundredTasksAtOnceAndThenNone() {
    List<String> created = new ArrayList<>();
    try {
      for (int i = 0; i <= ReassignmentController.MAX_TASKS; i++) {
        Task task = tasks.newTask();
        task.setName("批量改派上限测试");
        task.setAssignee("bs-reviewer2");
        task.setTenantId("baishi");
        tasks.saveTask(task);
        created.add(task.getId());
      }
      ResponseEntity<Map<String, Object>> tooMany = api().post("bs-supervisor", "/api/tasks/reassign",
          Map.of("from", "bs-reviewer2", "to", "bs-reviewer", "reason", "调岗"));
      assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(tooMany.getBody()).containsEntry("message", "一次最多改派500件任务，请按环节或乡镇分批。");
      assertThat(tasks.createTaskQuery().taskAssignee("bs-reviewer").taskName("批量改派上限测试").count()).isZero();
    } finally {
      created.forEach(id -> tasks.deleteTask(id, true));
    }
  }
}
