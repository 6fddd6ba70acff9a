package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.township.workflow.enforcement.EnforcementApiTest;
import cn.township.workflow.support.Api;
import cn.township.workflow.support.EngineTraces;
import cn.township.workflow.support.WebappSession;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.window.ChineseIdNumber;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A resident ID number typed into any field but the designated ones is refused over every way in — a clerk's task over
 * /engine-rest, Tasklist's own API, our /api (into a case or into a table of ours), an administrator's variable, the
 * Java API — with 400 in Chinese naming the field, recorded as a refusal, and nothing of it kept; the numbers a case's
 * text holds besides are taken as they are.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class IdNumbersOutOfPlaceTest {

  private static final AtomicInteger SERIAL = new AtomicInteger(100);

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired Refusals refusals;
  @LocalServerPort int port;

  Api api() {
    return new Api(anonymous);
  }

  /** A valid number no other test uses (county 430524, born in 1985). */
  static String freshIdNumber() {
    int serial = SERIAL.getAndIncrement();
    return ChineseIdNumber.withCheckCharacter(String.format("4305241985%02d%02d%03d", 1 + serial % 12,
        1 + serial % 28, serial));
  }

  static String refusal(String label) {
    return String.format(IdNumbersOutOfPlace.REFUSAL, label);
  }

  static Map<String, Object> value(Object value, String type) {
    return Map.of("value", value, "type", type);
  }

  void assertNothingKept(String number) {
    assertThat(EngineTraces.occurrences(jdbc, number)).as("the number in the engine's text").isEmpty();
    assertThat(EngineTraces.byteArraysHolding(jdbc, number)).as("byte arrays holding the number").isZero();
  }

  String lastRefusalOf(String user) {
    List<Refusals.Refusal> all = refusals.of(user);
    return all.isEmpty() ? null : all.get(all.size() - 1).path();
  }

  @Test
  void aClerksTaskCompletedOverEngineRestIsRefusedAndNothingIsKept() {
    String taskId = api().intakeTaskOfNewCase("qs-clerk");
    String number = freshIdNumber();
    ResponseEntity<Map<String, Object>> refused = api().as("qs-clerk").exchange("/engine-rest/task/" + taskId
        + "/complete", HttpMethod.POST, new HttpEntity<>(Map.of("variables", Map.of("acceptable", value(false,
        "Boolean"), "refusalReason", value("申请人（身份证号" + number + "）非本乡镇集体经济组织成员", "String")))),
        Api.JSON_OBJECT);
    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("message", refusal("不予受理理由"));
    assertThat(tasks.createTaskQuery().taskId(taskId).count()).as("the task is still open").isEqualTo(1);
    assertNothingKept(number);
    assertThat(lastRefusalOf("qs-clerk")).isEqualTo("/engine-rest/task/" + taskId + "/complete 身份证号码写在「refusalReason」");

    ResponseEntity<String> clean = api().as("qs-clerk").exchange("/engine-rest/task/" + taskId + "/complete",
        HttpMethod.POST, new HttpEntity<>(Map.of("variables", Map.of("acceptable", value(false, "Boolean"),
            "refusalReason", value("申请人非本乡镇集体经济组织成员（受理编号 QS-20261028-0002，电话13800138000）",
                "String")))), String.class);
    assertThat(clean.getStatusCode()).as("%s", clean.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  /**
   * A case of an earlier release whose text already held a number (written before the check) is not stopped: the same
   * text written again — a form submitted with its field as it was — is taken; another number in it is refused.
   */
  @Test
  void aNumberACaseAlreadyHeldIsCarriedOnAndANewOneIsStillRefused() {
    String taskId = api().intakeTaskOfNewCase("qs-clerk");
    String intake = tasks.createTaskQuery().taskId(taskId).singleResult().getProcessInstanceId();
    runtime.setVariable(intake, "refusalReason", "待补");
    String old = "申请人（身份证号" + freshIdNumber() + "）非本乡镇集体经济组织成员";
    // as an earlier release stored it, before any check
    jdbc.update("UPDATE ACT_RU_VARIABLE SET TEXT_ = ? WHERE PROC_INST_ID_ = ? AND NAME_ = 'refusalReason'", old, intake);
    jdbc.update("UPDATE ACT_HI_VARINST SET TEXT_ = ? WHERE PROC_INST_ID_ = ? AND NAME_ = 'refusalReason'", old, intake);

    String other = "申请人（身份证号" + freshIdNumber() + "）非本乡镇集体经济组织成员";
    ResponseEntity<Map<String, Object>> refused = api().as("qs-clerk").exchange("/engine-rest/task/" + taskId
        + "/complete", HttpMethod.POST, new HttpEntity<>(Map.of("variables", Map.of("acceptable", value(false,
        "Boolean"), "refusalReason", value(other, "String")))), Api.JSON_OBJECT);
    assertThat(refused.getStatusCode()).as("another number").isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("message", refusal("不予受理理由"));

    ResponseEntity<String> carried = api().as("qs-clerk").exchange("/engine-rest/task/" + taskId + "/complete",
        HttpMethod.POST, new HttpEntity<>(Map.of("variables", Map.of("acceptable", value(false, "Boolean"),
            "refusalReason", value(old, "String")))), String.class);
    assertThat(carried.getStatusCode()).as("the text the case held: %s", carried.getBody())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(tasks.createTaskQuery().taskId(taskId).count()).isZero();
  }

  @Test
  void tasklistsOwnApiIsRefusedToo() throws Exception {
    String taskId = api().intakeTaskOfNewCase("qs-clerk");
    String number = freshIdNumber();
    WebappSession tasklist = new WebappSession(port);
    assertThat(tasklist.login("qs-clerk", "demo", "tasklist").statusCode()).isEqualTo(200);
    // typed with a Chinese input method, full width, in groups
    String typed = IdNumbersInTextTest.fullWidth(number.substring(0, 6) + " " + number.substring(6, 14) + " "
        + number.substring(14));
    HttpResponse<String> refused = tasklist.post("/camunda/api/engine/engine/default/task/" + taskId + "/submit-form",
        new ObjectMapper().writeValueAsString(Map.of("variables", Map.of("acceptable", value(false, "Boolean"),
            "refusalReason", value("身份证" + typed, "String")))));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(new ObjectMapper().readTree(refused.body()).path("message").asText()).isEqualTo(refusal("不予受理理由"));
    assertThat(tasks.createTaskQuery().taskId(taskId).count()).isEqualTo(1);
    assertNothingKept(typed.substring(0, 6));
  }

  @Test
  void aNoteOnAStepIsRefusedToo() {
    String taskId = api().intakeTaskOfNewCase("qs-clerk");
    String number = freshIdNumber();
    ResponseEntity<Map<String, Object>> refused = api().as("qs-clerk").exchange("/engine-rest/task/" + taskId
        + "/comment/create", HttpMethod.POST, new HttpEntity<>(Map.of("message", "申请人身份证号：" + number)),
        Api.JSON_OBJECT);
    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("message", refusal("办理意见"));
    assertThat(tasks.getTaskComments(taskId)).isEmpty();
    assertNothingKept(number);
    ResponseEntity<Map<String, Object>> note = api().as("qs-clerk").exchange("/engine-rest/task/" + taskId
        + "/comment/create", HttpMethod.POST, new HttpEntity<>(Map.of("message", "已电话联系申请人（13800138000）")),
        Api.JSON_OBJECT);
    assertThat(note.getStatusCode()).as("%s", note.getBody()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void ourApiRefusesItInAnyFieldButTheDesignatedOne() {
    long cases = jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_PROCINST", Long.class);
    long identities = jdbc.queryForObject("SELECT COUNT(*) FROM tw_applicant_identity", Long.class);
    String number = freshIdNumber();
    ResponseEntity<Map<String, Object>> application = api().post("qs-clerk", "/api/applications",
        anApplication().idNumber(freshIdNumber()).jsonWith("applicationSummary", "代申请人" + number + "翻建住房"));
    assertThat(application.getStatusCode()).as("%s", application.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(application.getBody()).containsEntry("field", "applicationSummary")
        .containsEntry("message", refusal("申请内容说明"));

    Map<String, Object> report = EnforcementApiTest.complaint("LITTERING");
    report.put("facts", "当事人刘某（身份证" + number + "）在路口倾倒建筑垃圾");
    ResponseEntity<Map<String, Object>> complaint = api().post("qs-clerk", "/api/enforcement/reports", report);
    assertThat(complaint.getStatusCode()).as("%s", complaint.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(complaint.getBody()).containsEntry("field", "facts")
        .containsEntry("message", refusal("线索内容（时间、地点、基本事实）"));
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_PROCINST", Long.class)).isEqualTo(cases);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_applicant_identity", Long.class)).isEqualTo(identities);
    assertNothingKept(number);
    assertThat(lastRefusalOf("qs-clerk")).isEqualTo("/api/enforcement/reports 身份证号码写在「facts」");

    // a table of ours: an absence's reason
    long absences = jdbc.queryForObject("SELECT COUNT(*) FROM tw_absence", Long.class);
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    Map<String, Object> absence = new HashMap<>(Map.of("from", today.plusDays(30).toString(), "to",
        today.plusDays(31).toString(), "substitute", "qs-reviewer2", "reason", "陪同家属（" + number + "）就医"));
    ResponseEntity<Map<String, Object>> away = api().as("admin").exchange("/api/absences/qs-reviewer", HttpMethod.PUT,
        new HttpEntity<>(absence), Api.JSON_OBJECT);
    assertThat(away.getStatusCode()).as("%s", away.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(away.getBody()).containsEntry("field", "reason").containsEntry("message", refusal("事由"));
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_absence", Long.class)).isEqualTo(absences);

    // the designated field takes it, as before
    ResponseEntity<Map<String, Object>> designated = api().post("qs-clerk", "/api/applications",
        anApplication().idNumber(number).json());
    assertThat(designated.getStatusCode()).as("%s", designated.getBody()).isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void aJsonVariableIsReadToItsLastString() {
    String instance = (String) api().register("qs-clerk", anApplication().idNumber(freshIdNumber()).json())
        .get("processInstanceId");
    String number = freshIdNumber();
    String json = "{\"contacts\":[{\"name\":\"王小山\",\"note\":\"身份证" + number + "\"}],\"receipt\":\"QS-20261028-0002\"}";
    ResponseEntity<Map<String, Object>> refused = api().as("admin").exchange("/engine-rest/process-instance/"
        + instance + "/variables/extraInfo", HttpMethod.PUT, new HttpEntity<>(value(json, "Json")), Api.JSON_OBJECT);
    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("message", refusal("extraInfo」中的「contacts[0].note"));
    // JSON escapes do not hide it
    String escaped = "{\"a\":\"\\u00" + Integer.toHexString(number.charAt(0)) + number.substring(1) + "\"}";
    ResponseEntity<Map<String, Object>> hidden = api().as("admin").exchange("/engine-rest/process-instance/"
        + instance + "/variables/extraInfo", HttpMethod.PUT, new HttpEntity<>(value(escaped, "Json")), Api.JSON_OBJECT);
    assertThat(hidden.getStatusCode()).as("%s", hidden.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    // a number typed as a whole number
    String digits = freshDigitsOnlyNumber();
    ResponseEntity<Map<String, Object>> asLong = api().as("admin").exchange("/engine-rest/process-instance/"
        + instance + "/variables/code", HttpMethod.PUT, new HttpEntity<>(value(Long.parseLong(digits), "Long")),
        Api.JSON_OBJECT);
    assertThat(asLong.getStatusCode()).as("%s", asLong.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(runtime.getVariables(instance, List.of("extraInfo", "code"))).isEmpty();
    assertNothingKept(number);
  }

  static String freshDigitsOnlyNumber() {
    String number = freshIdNumber();
    while (number.endsWith("X")) {
      number = freshIdNumber();
    }
    return number;
  }

  @Test
  void otherNumbersAndNearMissesAreKeptAsTyped() {
    String instance = (String) api().register("qs-clerk", anApplication().idNumber(freshIdNumber()).json())
        .get("processInstanceId");
    String number = freshIdNumber();
    Map<String, Object> texts = new LinkedHashMap<>();
    texts.put("wrongCheck", "身份证号" + number.substring(0, 17) + (number.endsWith("0") ? "1" : "0"));
    texts.put("receipt", "受理编号 QS-20261028-0002，文号 青政发〔2026〕12号");
    texts.put("phone", "联系电话 13800138000、0731-84567890");
    texts.put("dates", "2026-10-28 至 2026-11-28，罚款 123456789012.50 元");
    texts.put("creditCode", "统一社会信用代码 91350100M000100Y43");
    texts.put("digitsOnlyCode", "统一社会信用代码 " + IdNumbersInTextTest.digitsOnlyCodeThatLooksLikeAnIdNumber());
    texts.put("bankCard", "银行卡号 6222021987010112345");
    Map<String, Object> modifications = new LinkedHashMap<>();
    texts.forEach((name, text) -> modifications.put(name, value(text, "String")));
    modifications.put("json", value("{\"receipt\":\"QS-20261028-0002\",\"phone\":13800138000}", "Json"));
    ResponseEntity<String> kept = api().as("admin").exchange("/engine-rest/process-instance/" + instance
        + "/variables", HttpMethod.POST, new HttpEntity<>(Map.of("modifications", modifications)), String.class);
    assertThat(kept.getStatusCode()).as("%s", kept.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    texts.forEach((name, text) -> assertThat(runtime.getVariable(instance, name)).as(name).isEqualTo(text));
  }

  @Test
  void anOversizedValueIsAnsweredNotFailed() {
    String instance = (String) api().register("qs-clerk", anApplication().idNumber(freshIdNumber()).json())
        .get("processInstanceId");
    String number = freshIdNumber();
    String large = "2026-10-28 13800138000 ".repeat(8000);
    ResponseEntity<Map<String, Object>> withNumber = api().as("admin").exchange("/engine-rest/process-instance/"
        + instance + "/variables/remarks", HttpMethod.PUT, new HttpEntity<>(value(large + number, "String")),
        Api.JSON_OBJECT);
    assertThat(withNumber.getStatusCode()).as("%s", withNumber.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(withNumber.getBody()).containsEntry("message", refusal("remarks"));
    ResponseEntity<Map<String, Object>> without = api().as("admin").exchange("/engine-rest/process-instance/"
        + instance + "/variables/remarks", HttpMethod.PUT, new HttpEntity<>(value(large, "String")), Api.JSON_OBJECT);
    assertThat(without.getStatusCode().value()).as("%s", without.getBody()).isLessThan(500);
    ResponseEntity<Map<String, Object>> hugeReport = api().post("qs-clerk", "/api/enforcement/reports",
        new HashMap<>(Map.of("facts", large + number)));
    assertThat(hugeReport.getStatusCode()).as("%s", hugeReport.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertNothingKept(number);
  }

  @Test
  void theJavaApiIsRefusedToo() {
    String instance = (String) api().register("qs-clerk", anApplication().idNumber(freshIdNumber()).json())
        .get("processInstanceId");
    String number = freshIdNumber();
    assertThatThrownBy(() -> runtime.setVariable(instance, "remarks", "申请人" + number))
        .isInstanceOfSatisfying(RejectedInputException.class, refused -> {
          assertThat(refused.field()).isEqualTo("remarks");
          assertThat(refused.getMessage()).isEqualTo(refusal("remarks"));
        });
    assertThat(runtime.getVariable(instance, "remarks")).isNull();
    assertNothingKept(number);
    assertThat(lastRefusalOf("")).isEqualTo("身份证号码写在「remarks」");
  }
}
