package cn.township.workflow.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.security.SensitiveVariableRetention;
import cn.township.workflow.security.SensitiveVariables;
import cn.township.workflow.support.Api;
import cn.township.workflow.support.ApplicationBuilder;
import cn.township.workflow.support.EngineTraces;
import cn.township.workflow.window.ChineseIdNumber;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The party's identification number of an enforcement case (a citizen's 身份证号: sensitive personal information) leaves
 * the engine at registration: after {@code POST /api/enforcement/reports} no runtime or history row of the engine
 * names or holds it, it is in {@code tw_party_identity} for that case and township only, the township's supervisor
 * reads the case but not the number and another township not even the case. A number the registration refuses leaves
 * nothing behind; one an administrator writes through the engine's API is moved into the table or refused; the row
 * goes when the case's history goes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class PartyIdNumberTest {

  /** Born 1975-06-15 (the complaint's birth date), a serial no other test uses. */
  private static final AtomicInteger SERIAL = new AtomicInteger(600);

  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired SensitiveVariableRetention retention;

  Api api() {
    return new Api(rest);
  }

  static String freshIdNumber() {
    return ChineseIdNumber.withCheckCharacter("43052219750615" + SERIAL.getAndIncrement());
  }

  static Map<String, Object> complaint(String partyType, String idNumber) {
    Map<String, Object> body = EnforcementApiTest.complaint("LITTERING");
    body.put("partyType", partyType);
    body.put("partyIdNumber", idNumber);
    if (!"citizen".equals(partyType)) {
      body.remove("partyBirthDate");
      body.put("partyName", "青山建材有限公司");
    }
    return body;
  }

  /** Reported at 青山镇 as qs-clerk: the case's process instance id. */
  String reported(String partyType, String idNumber) {
    ResponseEntity<Map<String, Object>> created = api().post("qs-clerk", "/api/enforcement/reports",
        complaint(partyType, idNumber));
    assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody()).doesNotContainValue(idNumber);
    return jdbc.queryForObject("SELECT ID_ FROM ACT_HI_PROCINST WHERE BUSINESS_KEY_ = ?", String.class,
        created.getBody().get("caseNo"));
  }

  Map<String, Object> kept(String instance) {
    return jdbc.queryForMap("SELECT id_number, tenant_id, party_type, case_no FROM tw_party_identity "
        + "WHERE process_instance_id = ?", instance);
  }

  long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }

  /** No row of the variable in the engine, and the number in none of its texts and byte arrays. */
  void assertNothingInTheEngine(String number) {
    for (String table : List.of("ACT_RU_VARIABLE", "ACT_HI_VARINST", "ACT_HI_DETAIL")) {
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE NAME_ = ?", Long.class,
          PartyIdentities.VARIABLE)).as(table).isZero();
    }
    assertThat(EngineTraces.occurrences(jdbc, number)).as("the number in the engine's text").isEmpty();
    assertThat(EngineTraces.byteArraysHolding(jdbc, number)).as("the number in a byte array").isZero();
  }

  @Test
  void theListOfSensitiveVariablesNamesThePartysNumber() {
    assertThat(SensitiveVariables.contains(PartyIdentities.VARIABLE)).isTrue();
  }

  @Test
  void aReportedCitizensNumberIsKeptOnlyInTheTable() {
    String number = freshIdNumber();
    String instance = reported("citizen", number);
    String caseNo = (String) runtime.getVariable(instance, "caseNo");
    assertThat(kept(instance)).containsEntry("id_number", number).containsEntry("tenant_id", "qingshan")
        .containsEntry("party_type", "citizen").containsEntry("case_no", caseNo);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_party_identity WHERE id_number = ?", Long.class, number))
        .as("one row, this case's").isEqualTo(1);
    assertNothingInTheEngine(number);
    assertThat(EngineTraces.occurrences(jdbc, caseNo)).as("the search finds what the case keeps: its number")
        .contains("ACT_RU_VARIABLE.TEXT_", "ACT_HI_PROCINST.BUSINESS_KEY_");

    for (String path : List.of("/engine-rest/process-instance/" + instance + "/variables",
        "/engine-rest/history/variable-instance?processInstanceId=" + instance)) {
      ResponseEntity<String> own = api().as("qs-supervisor").exchange(path, HttpMethod.GET, null, String.class);
      assertThat(own.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
      assertThat(own.getBody()).as(path).contains("partyName").doesNotContain(PartyIdentities.VARIABLE)
          .doesNotContain(number);
    }
    ResponseEntity<String> other = api().as("bs-supervisor").exchange("/engine-rest/process-instance/" + instance
        + "/variables", HttpMethod.GET, null, String.class);
    assertThat(other.getStatusCode()).as("another township's supervisor: %s", other.getBody())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(other.getBody()).doesNotContain(number);
  }

  @Test
  void anOrganizationsCodeIsKeptInTheTableToo() {
    String code = CreditCode.withCheckCharacter("91430522MA4L" + SERIAL.getAndIncrement() + "X2");
    String instance = reported("organization", " " + code.toLowerCase() + " ");
    assertThat(kept(instance)).containsEntry("id_number", code).containsEntry("party_type", "organization");
    assertNothingInTheEngine(code);
  }

  @Test
  void aRefusedNumberIsRefusedInChineseAndNothingIsWritten() {
    long parties = count("tw_party_identity");
    long cases = count("ACT_HI_PROCINST");
    String valid = freshIdNumber();
    String wrongCheck = valid.substring(0, 17) + (valid.endsWith("0") ? "1" : "0");
    assertReportRefused("citizen", wrongCheck, "当事人身份证号码校验位不正确，请核对。");
    assertReportRefused("organization", "9143".repeat(20), PartyIdentities.CODE_FORMAT);
    assertThat(count("tw_party_identity")).isEqualTo(parties);
    assertThat(count("ACT_HI_PROCINST")).isEqualTo(cases);
    assertNothingInTheEngine(wrongCheck);
  }

  @Test
  void anOrganizationsCodeIsCheckedForItsCheckCharacterAndIsNoCitizensNumber() {
    long parties = count("tw_party_identity");
    long cases = count("ACT_HI_PROCINST");
    String valid = CreditCode.withCheckCharacter("91430522MA4L" + SERIAL.getAndIncrement() + "X2");
    String wrongCheck = valid.substring(0, 17) + (valid.endsWith("0") ? "1" : "0");
    assertReportRefused("organization", wrongCheck, "当事人的统一社会信用代码校验位不正确，请核对。");
    String citizens = freshIdNumber();
    assertReportRefused("organization", citizens, PartyIdentities.CITIZENS_NUMBER);
    assertThat(count("tw_party_identity")).isEqualTo(parties);
    assertThat(count("ACT_HI_PROCINST")).isEqualTo(cases);
    assertNothingInTheEngine(citizens);
    // the old nine-character 组织机构代码, with its own check character
    assertThat(kept(reported("organization", "M000100Y-4"))).containsEntry("id_number", "M000100Y-4");
  }

  /** A report with this party's number is refused with 400 naming {@code partyIdNumber} and the message. */
  void assertReportRefused(String partyType, String number, String message) {
    ResponseEntity<Map<String, Object>> refused = api().post("qs-clerk", "/api/enforcement/reports",
        complaint(partyType, number));
    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("field", PartyIdentities.VARIABLE).containsEntry("message", message);
  }

  static Map<String, Object> value(String number) {
    return Map.of("value", number, "type", "String");
  }

  @Test
  void anAdministratorsWriteThroughTheEngineApiIsMovedOrRefused() {
    String instance = reported("citizen", freshIdNumber());
    String corrected = freshIdNumber();
    ResponseEntity<String> set = api().as("admin").exchange("/engine-rest/process-instance/" + instance
        + "/variables/" + PartyIdentities.VARIABLE, HttpMethod.PUT, new HttpEntity<>(value(corrected)), String.class);
    assertThat(set.getStatusCode()).as("%s", set.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(kept(instance)).containsEntry("id_number", corrected).containsEntry("party_type", "citizen");
    assertNothingInTheEngine(corrected);

    String valid = freshIdNumber();
    String wrongCheck = valid.substring(0, 17) + (valid.endsWith("0") ? "1" : "0");
    ResponseEntity<Map<String, Object>> refused = api().as("admin").exchange("/engine-rest/process-instance/"
        + instance + "/variables", HttpMethod.POST, new HttpEntity<>(Map.of("modifications", Map.of(
        PartyIdentities.VARIABLE, value(wrongCheck), "location", Map.of("value", "青山镇西村")))), Api.JSON_OBJECT);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("message", "当事人身份证号码校验位不正确，请核对。");
    assertThat(runtime.getVariable(instance, "location")).as("the whole command is undone").isEqualTo("青山镇集镇路口");
    assertThat(kept(instance)).containsEntry("id_number", corrected);
    assertNothingInTheEngine(wrongCheck);

    String batched = freshIdNumber();
    ResponseEntity<Map<String, Object>> batch = api().as("admin").exchange("/engine-rest/process-instance/"
        + "variables-async", HttpMethod.POST, new HttpEntity<>(Map.of("processInstanceIds", List.of(instance),
        "variables", Map.of(PartyIdentities.VARIABLE, value(batched)))), Api.JSON_OBJECT);
    assertThat(batch.getStatusCode()).as("%s", batch.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(batch.getBody()).containsEntry("message", PartyIdentities.NOT_A_CASE);
    assertThat(kept(instance)).containsEntry("id_number", corrected);
    assertNothingInTheEngine(batched);
  }

  @Test
  void aCaseWithoutAPartyTakesNoPartysNumber() {
    String window = (String) api().register("qs-clerk", ApplicationBuilder.anApplication().json())
        .get("processInstanceId");
    String number = freshIdNumber();
    ResponseEntity<Map<String, Object>> refused = api().as("admin").exchange("/engine-rest/process-instance/"
        + window + "/variables/" + PartyIdentities.VARIABLE, HttpMethod.PUT, new HttpEntity<>(value(number)),
        Api.JSON_OBJECT);
    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("message", PartyIdentities.NO_PARTY);
    assertThat(count("tw_party_identity WHERE process_instance_id = '" + window + "'")).isZero();
    assertNothingInTheEngine(number);
  }

  @Test
  void theNumberGoesWithTheCasesHistory() {
    String running = reported("citizen", freshIdNumber());
    String deleted = reported("citizen", freshIdNumber());
    runtime.deleteProcessInstance(deleted, "登记错误");
    retention.forgetRemovedCases();
    assertThat(count("tw_party_identity WHERE process_instance_id = '" + deleted + "'"))
        .as("deleted while running: its records (history) remain, so does its number").isEqualTo(1);
    history.deleteHistoricProcessInstance(deleted);
    assertThat(retention.forgetRemovedCases()).isPositive();
    assertThat(count("tw_party_identity WHERE process_instance_id = '" + deleted + "'")).isZero();
    assertThat(count("tw_party_identity WHERE process_instance_id = '" + running + "'")).isEqualTo(1);
  }
  /**
   * Tried by the fifth attacker's review, held: a migration's own variables (Camunda 7.23+: {@code migrationPlan.variables},
   * written into every case it moves) are kept like any other engine-API write; the asynchronous migration keeps them
   * as batch variables until its jobs run, so it is refused.
   */
  @Test
  void aMigrationsVariablesAreKeptOrRefusedToo() {
    String instance = reported("citizen", freshIdNumber());
    String definition = runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult()
        .getProcessDefinitionId();
    ResponseEntity<Map<String, Object>> generated = api().post("admin", "/engine-rest/migration/generate",
        Map.of("sourceProcessDefinitionId", definition, "targetProcessDefinitionId", definition));
    assertThat(generated.getStatusCode()).as("%s", generated.getBody()).isEqualTo(HttpStatus.OK);
    String async = freshIdNumber();
    Map<String, Object> plan = new java.util.HashMap<>(generated.getBody());
    plan.put("variables", Map.of(PartyIdentities.VARIABLE, value(async)));
    long batches = count("ACT_RU_BATCH");
    ResponseEntity<Map<String, Object>> refused = api().post("admin", "/engine-rest/migration/executeAsync",
        Map.of("migrationPlan", plan, "processInstanceIds", List.of(instance)));
    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("message", PartyIdentities.NOT_A_CASE);
    assertThat(count("ACT_RU_BATCH")).isEqualTo(batches);
    assertNothingInTheEngine(async);

    String corrected = freshIdNumber();
    plan.put("variables", Map.of(PartyIdentities.VARIABLE, value(corrected)));
    ResponseEntity<String> moved = api().as("admin").exchange("/engine-rest/migration/execute", HttpMethod.POST,
        new HttpEntity<>(Map.of("migrationPlan", plan, "processInstanceIds", List.of(instance))), String.class);
    assertThat(moved.getStatusCode()).as("%s", moved.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(kept(instance)).containsEntry("id_number", corrected);
    assertNothingInTheEngine(corrected);
  }
  /**
   * Found by the fifth attacker's review: a case an administrator restarts (Cockpit, {@code …/restart}: a case deleted
   * by mistake) is a new process instance, and the number stayed with the old one — the restarted case's repeat-fine
   * check, register entry and publication check ran without it. Now the restarted case keeps the party's number.
   */
  @Test
  void aRestartedCaseKeepsItsPartysNumber() {
    String number = freshIdNumber();
    String deleted = reported("citizen", number);
    String definition = runtime.createProcessInstanceQuery().processInstanceId(deleted).singleResult()
        .getProcessDefinitionId();
    runtime.deleteProcessInstance(deleted, "误删");
    for (String step : List.of("Task_ApproveFiling", "StartEvent_CaseReported")) {
      ResponseEntity<String> restarted = api().as("admin").exchange("/engine-rest/process-definition/" + definition
          + "/restart", HttpMethod.POST, new HttpEntity<>(Map.of("processInstanceIds", List.of(deleted),
          "instructions", List.of(Map.of("type", "startBeforeActivity", "activityId", step)))), String.class);
      assertThat(restarted.getStatusCode()).as("%s: %s", step, restarted.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
      String again = runtime.createProcessInstanceQuery().processDefinitionId(definition).active().list().stream()
          .map(org.camunda.bpm.engine.runtime.ProcessInstance::getId)
          .filter(id -> deleted.equals(history.createHistoricProcessInstanceQuery().processInstanceId(id)
              .singleResult().getRestartedProcessInstanceId()))
          .findFirst().orElseThrow(); // the one restarted now: the earlier one is deleted below
      assertThat(kept(again)).as(step).containsEntry("id_number", number).containsEntry("party_type", "citizen");
      runtime.deleteProcessInstance(again, "测试");
    }
    assertNothingInTheEngine(number);
  }
  /**
   * Found by the fifth attacker's review: a number sent over the engine's start as a number ({@code "type": "Long"})
   * was dropped without a word — the case started without the party's number, its repeat-fine check with nothing to
   * compare. It is refused now, as a file or a Json value is.
   */
  @Test
  void aNumberSentAsANumberIsRefusedNotDropped() {
    String number = freshIdNumber();
    while (number.endsWith("X")) {
      number = freshIdNumber();
    }
    for (String partyType : List.of("citizen", "organization")) {
      Map<String, Object> variables = new java.util.HashMap<>();
      complaint(partyType, number).forEach((name, value) -> variables.put(name, Map.of("value", value)));
      variables.put(PartyIdentities.VARIABLE, Map.of("value", Long.parseLong(number), "type", "Long"));
      long cases = count("ACT_HI_PROCINST");
      ResponseEntity<Map<String, Object>> started = api().as("qs-clerk").exchange(
          "/engine-rest/process-definition/key/joint-enforcement/start", HttpMethod.POST,
          new HttpEntity<>(Map.of("variables", variables)), Api.JSON_OBJECT);
      assertThat(started.getStatusCode()).as("%s: %s", partyType, started.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat((String) started.getBody().get("message")).as(partyType).contains("文本");
      assertThat(count("ACT_HI_PROCINST")).as(partyType).isEqualTo(cases);
    }
    assertNothingInTheEngine(number);
  }
}
