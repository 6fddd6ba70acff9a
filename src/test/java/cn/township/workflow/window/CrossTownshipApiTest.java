package cn.township.workflow.window;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.enforcement.CreditCode;
import cn.township.workflow.support.Api;
import cn.township.workflow.support.Pdfs;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * 全县域通办: 青山镇's window registers an application 白石乡 handles. The case is 白石乡's from the start (its tenant,
 * its numbering, its reviewer), invisible to 青山镇's staff but for the receiving window's status list; 青山镇's window
 * may be chosen to issue the decision and then hands over the applicant's documents.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class CrossTownshipApiTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired JdbcTemplate jdbc;

  Api api() {
    return new Api(anonymous);
  }

  Map<String, Object> crossTownship(String handling) {
    return anApplication().jsonWith("handlingTownshipId", handling);
  }

  List<Map<String, Object>> registrations(String user) {
    return api().list(user, "/api/registrations");
  }

  long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCaseFromQingshansWindowIsBaishisAndHandledByBaishisReviewerOnly() throws java.io.IOException {
    Map<String, Object> created = api().register("qs-clerk", crossTownship("baishi"));
    String receiptNo = (String) created.get("receiptNo");
    assertThat(receiptNo).startsWith("BS-");
    assertThat(created).containsEntry("township", "白石乡").containsEntry("receivingTownship", "青山镇");
    String instance = (String) created.get("processInstanceId");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult().getTenantId())
        .isEqualTo("baishi");
    assertThat(runtime.getVariable(instance, "receivingTownshipName")).isEqualTo("青山镇");
    assertThat(runtime.getVariable(instance, "registeredBy")).isEqualTo("qs-clerk");

    // the receipt names the receiving window
    List<Map<String, Object>> issued = api().list("bs-clerk", "/api/cases/" + receiptNo + "/documents");
    ResponseEntity<byte[]> receipt = api().as("bs-clerk").exchange("/api/cases/" + receiptNo + "/documents/"
        + issued.get(0).get("id"), HttpMethod.GET, null, byte[].class);
    assertThat(Pdfs.read(receipt.getBody()).text().replaceAll("\\s", ""))
        .contains("收件窗口青山镇便民服务中心（全县域通办，由白石乡办理）");

    // the intake is 白石乡's window's, not 青山镇's
    assertThat(api().tasksOf("qs-clerk", receiptNo)).isEmpty();
    List<Map<String, Object>> intake = api().tasksOf("bs-clerk", receiptNo);
    assertThat(intake).singleElement().satisfies(t -> assertThat(t).containsEntry("taskDefinitionKey",
        "Task_CheckCompleteness"));
    tasks.complete((String) intake.get(0).get("id"), Map.of("receivedMaterials", created.get("requiredMaterials"),
        "acceptable", true));

    assertThat(api().tasksOf("bs-reviewer", receiptNo)).singleElement()
        .satisfies(t -> assertThat(t).containsEntry("taskDefinitionKey", "Task_Review"));
    assertThat(api().tasksOf("qs-reviewer", receiptNo)).isEmpty();
    assertThat(api().get("qs-reviewer", "/api/cases/" + receiptNo + "/documents").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    // 青山镇's window follows the status; 白石乡's list is of what its own window received
    Map<String, Object> row = registrations("qs-clerk").stream().filter(r -> receiptNo.equals(r.get("receiptNo")))
        .findFirst().orElseThrow();
    assertThat(row).containsEntry("channel", "全县域通办").containsEntry("handlingTownship", "白石乡")
        .containsEntry("receivingTownship", "青山镇").containsEntry("issuingTownship", "白石乡")
        .containsEntry("registeredBy", "qs-clerk");
    Map<String, Object> status = (Map<String, Object>) row.get("status");
    assertThat(status).containsEntry("state", "办理中").containsEntry("township", "白石乡");
    assertThat((List<Map<String, Object>>) status.get("steps")).extracting(s -> s.get("step")).containsExactly("审查并提出意见");
    assertThat(registrations("bs-clerk")).noneMatch(r -> receiptNo.equals(r.get("receiptNo")));
    assertThat(registrations("qs-supervisor")).anyMatch(r -> receiptNo.equals(r.get("receiptNo")));
  }

  @Test
  void theReceivingWindowMayBeChosenToIssueTheDecisionAndThenHandsOverTheDocuments() {
    Map<String, Object> created = api().register("qs-clerk", crossTownship("baishi"));
    String receiptNo = (String) created.get("receiptNo");
    String documents = "/api/cases/" + receiptNo + "/documents";
    assertThat(api().get("qs-clerk", documents).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    String issue = "/api/registrations/" + receiptNo + "/issue";
    assertThat(api().post(null, issue, Map.of("issuingTownshipId", "qingshan")).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(api().post("qs-reviewer", issue, Map.of("issuingTownshipId", "qingshan")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<Map<String, Object>> elsewhere = api().post("qs-clerk", issue, Map.of("issuingTownshipId", "xx"));
    assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) elsewhere.getBody().get("message")).contains("出件窗口只能是收件乡镇或办理乡镇");
    assertThat(api().post("qs-clerk", "/api/registrations/QS-20260101-9999/issue",
        Map.of("issuingTownshipId", "qingshan")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    ResponseEntity<Map<String, Object>> chosen = api().post("qs-clerk", issue, Map.of("issuingTownshipId", "qingshan"));
    assertThat(chosen.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(chosen.getBody()).containsEntry("issuingTownship", "青山镇");
    assertThat(runtime.getVariable((String) created.get("processInstanceId"), "issuingWindow"))
        .isEqualTo("青山镇便民服务中心");
    assertThat(jdbc.queryForObject("SELECT issuing_township_id FROM tw_registration WHERE receipt_no = ?",
        String.class, receiptNo)).isEqualTo("qingshan");

    // now 青山镇's window reads what the applicant receives (the receipt), never the internal file
    assertThat(api().list("qs-clerk", documents)).extracting(d -> d.get("type")).containsExactly("RECEIPT");
    assertThat(api().get("qs-clerk", "/api/cases/" + receiptNo + "/case-file").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api().tasksOf("qs-clerk", receiptNo)).isEmpty();
  }

  /** The step the case waits at now, completed as its holder would. */
  void complete(String receiptNo, String step, Map<String, Object> values) {
    org.camunda.bpm.engine.task.Task task = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo)
        .singleResult();
    assertThat(task.getTaskDefinitionKey()).isEqualTo(step);
    tasks.complete(task.getId(), values);
  }

  @Test
  void theApplicantIsToldToCollectAtTheChosenWindowAndTheChoiceClosesWithTheIssue() {
    Map<String, Object> created = api().register("qs-clerk", crossTownship("baishi"));
    String receiptNo = (String) created.get("receiptNo");
    String issue = "/api/registrations/" + receiptNo + "/issue";
    assertThat(api().post("qs-clerk", issue, Map.of("issuingTownshipId", "qingshan")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    complete(receiptNo, "Task_CheckCompleteness", Map.of("receivedMaterials", created.get("requiredMaterials"),
        "acceptable", true));
    complete(receiptNo, "Task_Review", Map.of("reviewResult", "approve", "reviewOpinion", "符合一户一宅"));
    complete(receiptNo, "Task_LeaderSignOff", Map.of("leaderDecision", "agree", "leaderOpinion", "同意"));
    assertThat(jdbc.queryForObject("SELECT text FROM tw_message WHERE receipt_no = ? AND template_code = "
        + "'DECISION_READY'", String.class, receiptNo)).isEqualTo("【白石乡】王大山：您申请的“" + created.get("matterName")
        + "”（受理编号" + receiptNo + "）已作出决定，请携身份证件到青山镇便民服务中心领取决定书。");
    // the applicant was told 青山镇: the window stays, whoever asks (the decision waits there to be handed over)
    String drafted = "决定书已作出，已通知申请人到青山镇便民服务中心领取，不能再更改出件窗口。";
    for (String clerk : List.of("qs-clerk", "bs-clerk")) {
      ResponseEntity<Map<String, Object>> changed = api().post(clerk, issue, Map.of("issuingTownshipId", "baishi"));
      assertThat(changed.getStatusCode()).as(clerk).isEqualTo(HttpStatus.CONFLICT);
      assertThat((String) changed.getBody().get("message")).as(clerk).isEqualTo(drafted);
    }
    assertThat(runtime.getVariable((String) created.get("processInstanceId"), "issuingWindow"))
        .isEqualTo("青山镇便民服务中心");
    assertThat(jdbc.queryForObject("SELECT issuing_township_id FROM tw_registration WHERE receipt_no = ?",
        String.class, receiptNo)).isEqualTo("qingshan");
    // the decision is there for 青山镇's window to hand over
    assertThat(api().list("qs-clerk", "/api/cases/" + receiptNo + "/documents")).extracting(d -> d.get("type"))
        .contains("DECISION");
    complete(receiptNo, "Task_IssueAtWindow", Map.of("deliveryMethod", "window", "decisionDelivered", true));
    ResponseEntity<Map<String, Object>> late = api().post("qs-clerk", issue, Map.of("issuingTownshipId", "baishi"));
    assertThat(late.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat((String) late.getBody().get("message")).isEqualTo(drafted);
  }

  /**
   * Only a window clerk of the receiving or the handling township chooses the window; their leaders and supervisors
   * do not (the window hands the decision over, not they). A missing, malformed or oversized choice changes nothing.
   */
  @Test
  void onlyTheTwoTownshipsWindowClerksChooseTheIssuingWindow() {
    String receiptNo = (String) api().register("qs-clerk", crossTownship("baishi")).get("receiptNo");
    String issue = "/api/registrations/" + receiptNo + "/issue";
    for (String user : List.of("bs-leader", "bs-supervisor", "bs-reviewer", "qs-reviewer", "qs-leader",
        "qs-supervisor")) {
      ResponseEntity<Map<String, Object>> refused = api().post(user, issue, Map.of("issuingTownshipId", "qingshan"));
      assertThat(refused.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat((String) refused.getBody().get("message")).as(user).isEqualTo("只有窗口受理员可以选择出件窗口。");
    }
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    for (String body : new String[] {null, "", "{\"issuingTownshipId\": [", "{}", "{\"issuingTownshipId\": 7}",
        "{\"issuingTownshipId\":\"" + "q".repeat(10_000) + "\"}"}) {
      ResponseEntity<Map<String, Object>> malformed = api().as("bs-clerk").exchange(issue, HttpMethod.POST,
          new HttpEntity<>(body, json), Api.JSON_OBJECT);
      String shown = body == null ? "null" : body.substring(0, Math.min(body.length(), 40));
      assertThat(malformed.getStatusCode()).as(shown).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat((String) malformed.getBody().get("message")).as(shown).matches(".*[\\u4e00-\\u9fa5].*");
    }
    assertThat(jdbc.queryForObject("SELECT issuing_township_id FROM tw_registration WHERE receipt_no = ?",
        String.class, receiptNo)).isEqualTo("baishi");

    // the handling township's window may choose too, either of the two
    ResponseEntity<Map<String, Object>> chosen = api().post("bs-clerk", issue, Map.of("issuingTownshipId", "qingshan"));
    assertThat(chosen.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(chosen.getBody()).containsEntry("issuingTownship", "青山镇");
    assertThat(api().post("bs-clerk", issue, Map.of("issuingTownshipId", "baishi")).getBody())
        .containsEntry("issuingTownship", "白石乡");
  }

  @Test
  void refusedRegistrationsLeaveNothingBehind() {
    long cases = count("ACT_HI_PROCINST");
    long registered = count("tw_registration");
    // not the caller's township as receiving window
    Map<String, Object> foreign = crossTownship("qingshan");
    foreign.put("townshipId", "baishi");
    ResponseEntity<Map<String, Object>> refused = api().post("qs-clerk", "/api/applications", foreign);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) refused.getBody().get("message")).contains("本乡镇的窗口受理员");
    // only window clerks receive for other townships
    assertThat(api().post("qs-reviewer", "/api/applications", crossTownship("baishi")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<Map<String, Object>> unknown = api().post("qs-clerk", "/api/applications", crossTownship("nowhere"));
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) unknown.getBody().get("message")).isEqualTo("未知的乡镇：nowhere");
    Map<String, Object> badId = crossTownship("baishi");
    badId.put("applicantIdNumber", "123");
    assertThat(api().post("qs-clerk", "/api/applications", badId).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(api().post(null, "/api/applications", crossTownship("baishi")).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<Map<String, Object>> malformed = api().as("qs-clerk").exchange("/api/applications",
        HttpMethod.POST, new HttpEntity<>("{\"handlingTownshipId\": [", json), Api.JSON_OBJECT);
    assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(count("ACT_HI_PROCINST")).isEqualTo(cases);
    assertThat(count("tw_registration")).isEqualTo(registered);
  }

  @Test
  void theReceivingWindowsListIsForWindowClerksAndSupervisors() {
    assertThat(api().get(null, "/api/registrations").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(api().get("qs-reviewer", "/api/registrations").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api().get("xlj-reviewer", "/api/registrations").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    // what 青山镇's window received is 青山镇's list: not 白石乡's clerk's or supervisor's, though 白石乡 handles it
    String receiptNo = (String) api().register("qs-clerk", crossTownship("baishi")).get("receiptNo");
    for (String user : List.of("qs-clerk", "qs-supervisor")) {
      assertThat(registrations(user)).as(user).extracting(r -> r.get("receiptNo")).contains(receiptNo);
    }
    for (String user : List.of("bs-clerk", "bs-supervisor", "qs-agent")) {
      assertThat(registrations(user)).as(user).extracting(r -> r.get("receiptNo")).doesNotContain(receiptNo);
    }
  }

  /** The start form as Tasklist submits it (engine-rest submit-form, the clerk's own session). */
  ResponseEntity<Map<String, Object>> startInTasklist(String clerk, String handling) {
    Map<String, Object> variables = new java.util.LinkedHashMap<>();
    anApplication().variables().forEach((name, value) -> variables.put(name, Map.of("value", value)));
    if (handling != null) {
      variables.put("handlingTownshipId", Map.of("value", handling));
    }
    return api().as(clerk).exchange("/engine-rest/process-definition/key/delegated-review/submit-form",
        HttpMethod.POST, new org.springframework.http.HttpEntity<>(Map.of("variables", variables)), Api.JSON_OBJECT);
  }

  @Test
  void tasklistsStartFormRegistersForTheHandlingTownshipToo() {
    ResponseEntity<Map<String, Object>> started = startInTasklist("qs-clerk", "baishi");
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    String instance = (String) started.getBody().get("id");
    String receiptNo = (String) started.getBody().get("businessKey");
    assertThat(receiptNo).startsWith("BS-");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult().getTenantId())
        .isEqualTo("baishi");
    assertThat(runtime.getVariable(instance, "receivingTownshipName")).isEqualTo("青山镇");
    assertThat(api().tasksOf("qs-clerk", receiptNo)).isEmpty();
    assertThat(api().tasksOf("bs-clerk", receiptNo)).singleElement()
        .satisfies(t -> assertThat(t).containsEntry("taskDefinitionKey", "Task_CheckCompleteness"));
    assertThat(registrations("qs-clerk")).filteredOn(r -> receiptNo.equals(r.get("receiptNo"))).singleElement()
        .satisfies(r -> assertThat(r).containsEntry("channel", "全县域通办").containsEntry("receivingTownship", "青山镇")
            .containsEntry("handlingTownship", "白石乡").containsEntry("registeredBy", "qs-clerk"));

    // the clerk's own township chosen (or none): an ordinary case, nothing recorded as received elsewhere
    ResponseEntity<Map<String, Object>> own = startInTasklist("qs-clerk", "qingshan");
    assertThat((String) own.getBody().get("businessKey")).startsWith("QS-");
    assertThat(registrations("qs-clerk")).noneMatch(r -> own.getBody().get("businessKey").equals(r.get("receiptNo")));

    // the field means nothing outside the window procedures: a complaint a clerk files stays their township's
    Map<String, Object> report = new java.util.LinkedHashMap<>();
    Map.of("handlingTownshipId", "baishi", "caseSource", "complaint", "violationType", "ROAD_OCCUPATION",
            "partyType", "organization", "partyName", "青山建材有限公司", "partyIdNumber", CreditCode.withCheckCharacter("91330000MA0777XXX"),
            "violationDate", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(10).toString(),
            "location", "青山镇东村", "facts", "群众投诉占道经营")
        .forEach((name, value) -> report.put(name, Map.of("value", value)));
    ResponseEntity<Map<String, Object>> complaint = api().as("qs-clerk").exchange(
        "/engine-rest/process-definition/key/joint-enforcement/start", HttpMethod.POST,
        new org.springframework.http.HttpEntity<>(Map.of("variables", report)), Api.JSON_OBJECT);
    assertThat(complaint.getStatusCode()).as("%s", complaint.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId((String) complaint.getBody().get("id"))
        .singleResult().getTenantId()).isEqualTo("qingshan");

    // an unknown township: a Chinese 400, nothing started or recorded
    long before = count("ACT_HI_PROCINST");
    ResponseEntity<Map<String, Object>> nowhere = startInTasklist("qs-clerk", "nowhere");
    assertThat(nowhere.getStatusCode()).as("%s", nowhere.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) nowhere.getBody().get("message")).contains("未知的乡镇");
    assertThat(count("ACT_HI_PROCINST")).isEqualTo(before);

    // what the receipt prints about another window is not the starting clerk's to say on an ordinary case: start
    // variables beyond the start form are refused (TaskVariableGuard), nothing is started
    Map<String, Object> faked = new java.util.LinkedHashMap<>();
    anApplication().variables().forEach((name, value) -> faked.put(name, Map.of("value", value)));
    faked.put("receivingTownshipName", Map.of("value", "白石乡"));
    faked.put("registeredBy", Map.of("value", "bs-clerk"));
    long beforeFaked = count("ACT_HI_PROCINST");
    ResponseEntity<Map<String, Object>> ordinary = api().as("qs-clerk").exchange(
        "/engine-rest/process-definition/key/delegated-review/submit-form", HttpMethod.POST,
        new org.springframework.http.HttpEntity<>(Map.of("variables", faked)), Api.JSON_OBJECT);
    assertThat(ordinary.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) ordinary.getBody().get("message")).contains("receivingTownshipName", "registeredBy");
    assertThat(count("ACT_HI_PROCINST")).isEqualTo(beforeFaked);

    // only a window clerk of one township registers for another: a reviewer is refused, nothing is started
    long cases = count("ACT_HI_PROCINST");
    long received = count("tw_registration");
    ResponseEntity<Map<String, Object>> reviewer = startInTasklist("qs-reviewer", "baishi");
    assertThat(reviewer.getStatusCode().is4xxClientError()).as("%s", reviewer.getBody()).isTrue();
    assertThat(count("ACT_HI_PROCINST")).isEqualTo(cases);
    assertThat(count("tw_registration")).isEqualTo(received);
  }
}
