package cn.township.workflow.window;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.security.SensitiveVariables;
import cn.township.workflow.support.Api;
import cn.township.workflow.support.EngineTraces;
import cn.township.workflow.support.WebappSession;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The applicant's ID number (身份证号, sensitive personal information) leaves the engine at registration: after a start
 * through Tasklist's start form, {@code POST /api/applications} or the engine's plain start, no runtime or history row
 * of the engine names or holds it (the number is searched for in every text column and byte array), it is in
 * {@code tw_applicant_identity} for that case and township only, and neither the township's supervisor (Cockpit, the
 * engine REST API) nor another township reads it. A number the window refuses leaves nothing behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ApplicantIdNumberTest {

  private static final AtomicInteger SERIAL = new AtomicInteger(100);

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  Api api() {
    return new Api(anonymous);
  }

  /** A valid number no other case of this run has: the search for it finds this case's traces only. */
  static String freshIdNumber() {
    return ChineseIdNumber.withCheckCharacter("43052119" + (70 + SERIAL.get() % 29) + "0" + (1 + SERIAL.get() % 9)
        + "15" + SERIAL.getAndIncrement());
  }

  /** The application's fields as the start form's variables ({@code {"name": {"value": …}}}). */
  static Map<String, Object> formVariables(String idNumber, String applicant, String matter) {
    Map<String, Object> variables = new LinkedHashMap<>();
    anApplication().idNumber(idNumber).applicant(applicant).forMatter(matter).json()
        .forEach((name, value) -> variables.put(name, Map.of("value", value)));
    return variables;
  }

  /** A case with a fresh number, started as qs-clerk over an engine-rest address and checked; its id and number. */
  String[] startedOverEngineRest(String address, String matter) {
    String id = freshIdNumber();
    String applicant = "申请人" + id.substring(14);
    ResponseEntity<Map<String, Object>> started = api().as("qs-clerk").exchange(address, HttpMethod.POST,
        new HttpEntity<>(Map.of("variables", formVariables(id, applicant, matter))), Api.JSON_OBJECT);
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    String instance = (String) started.getBody().get("id");
    assertKeptOnlyInTheTable(instance, id, applicant, "qingshan");
    return new String[] {instance, id};
  }

  @Test
  void tasklistsStartFormKeepsTheNumberOutOfTheEngine() throws Exception {
    String[] started = startedOverEngineRest("/engine-rest/process-definition/key/delegated-review/submit-form",
        "RURAL_HOMESTEAD");
    assertTheSupervisorReadsTheCaseButNotTheNumber(started[0], started[1]);
  }

  @Test
  void theApplicationsApiKeepsTheNumberOutOfTheEngine() {
    String id = freshIdNumber();
    Map<String, Object> created = api().register("qs-clerk",
        anApplication().idNumber(id).applicant("申请人" + id.substring(14)).json());
    assertThat(created).doesNotContainValue(id);
    assertKeptOnlyInTheTable((String) created.get("processInstanceId"), id, "申请人" + id.substring(14), "qingshan");
  }

  @Test
  void theEnginesPlainStartKeepsTheNumberOutOfTheEngine() {
    startedOverEngineRest("/engine-rest/process-definition/key/delegated-review/start", "RURAL_HOMESTEAD");
  }

  @Autowired org.camunda.bpm.engine.RuntimeService runtime;

  @Test
  void registeringACaseAgainCorrectsItsNumber() {
    // an administrator starts the case again before 登记收件 (Cockpit's modification) with a corrected number
    String[] started = startedOverEngineRest("/engine-rest/process-definition/key/delegated-review/start",
        "RURAL_HOMESTEAD");
    String corrected = freshIdNumber();
    runtime.createProcessInstanceModification(started[0]).startBeforeActivity("Task_RegisterApplication")
        .setVariable(ApplicantIdentities.VARIABLE, corrected).execute();
    assertThat(jdbc.queryForList("SELECT id_number FROM tw_applicant_identity WHERE process_instance_id = ?",
        String.class, started[0])).containsExactly(corrected);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_VARIABLE WHERE NAME_ = ?", Long.class,
        ApplicantIdentities.VARIABLE)).isZero();
  }

  @Test
  void aForwardedCaseKeepsItOutOfTheEngineToo() {
    // the county receives the application, the materials and the township's opinion (forwarding-letter.html, the
    // level review's variables): none of them carries the number, so it is kept the same way
    startedOverEngineRest("/engine-rest/process-definition/key/forward-to-county/submit-form", "FARMLAND_CONVERSION");
  }

  @Test
  void anotherTownshipSeesNeitherTheCaseNorTheNumber() throws Exception {
    String id = freshIdNumber();
    String instance = (String) api().register("qs-clerk", anApplication().idNumber(id).json())
        .get("processInstanceId");
    for (String path : List.of("/engine-rest/process-instance/" + instance + "/variables",
        "/engine-rest/history/variable-instance?processInstanceId=" + instance)) {
      ResponseEntity<String> read = api().as("bs-supervisor").exchange(path, HttpMethod.GET, null, String.class);
      assertThat(read.getBody()).as(path).doesNotContain(id).doesNotContain("王大山");
    }
    assertThat(jdbc.queryForList("SELECT tenant_id FROM tw_applicant_identity WHERE id_number = ?", String.class, id))
        .containsExactly("qingshan");
  }

  @Test
  void aRefusedNumberIsRefusedInChineseAndNothingIsKept() {
    long identities = count("tw_applicant_identity");
    long cases = count("ACT_HI_PROCINST");
    String valid = freshIdNumber();
    String wrongCheck = valid.substring(0, 17) + (valid.endsWith("0") ? "1" : "0");
    ResponseEntity<Map<String, Object>> refused = api().post("qs-clerk", "/api/applications",
        anApplication().idNumber(wrongCheck).json());
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("field", "applicantIdNumber");
    assertThat((String) refused.getBody().get("message")).contains("校验位");
    ResponseEntity<Map<String, Object>> inTasklist = api().as("qs-clerk").exchange(
        "/engine-rest/process-definition/key/delegated-review/submit-form", HttpMethod.POST,
        new HttpEntity<>(Map.of("variables", formVariables(wrongCheck, "王大山", "RURAL_HOMESTEAD"))), Api.JSON_OBJECT);
    assertThat(inTasklist.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) inTasklist.getBody().get("message")).contains("校验位");
    assertThat(count("tw_applicant_identity")).isEqualTo(identities);
    assertThat(count("ACT_HI_PROCINST")).isEqualTo(cases);
    assertThat(occurrences(wrongCheck)).as("the refused number anywhere in the engine's text").isEmpty();
  }

  @Test
  void theListOfSensitiveVariablesNamesTheIdNumber() {
    assertThat(SensitiveVariables.contains(ApplicantIdentities.VARIABLE)).isTrue();
  }

  void assertKeptOnlyInTheTable(String instance, String id, String applicant, String township) {
    List<Map<String, Object>> kept = jdbc.queryForList("SELECT id_number, tenant_id, receipt_no "
        + "FROM tw_applicant_identity WHERE process_instance_id = ?", instance);
    String receiptNo = jdbc.queryForObject("SELECT BUSINESS_KEY_ FROM ACT_HI_PROCINST WHERE ID_ = ?", String.class,
        instance);
    assertThat(kept).singleElement().satisfies(row -> assertThat(row).containsEntry("id_number", id)
        .containsEntry("tenant_id", township).containsEntry("receipt_no", receiptNo));
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_applicant_identity WHERE id_number = ?", Long.class, id))
        .as("one row, this case's").isEqualTo(1);

    List<String> instances = jdbc.queryForList("SELECT ID_ FROM ACT_HI_PROCINST WHERE ROOT_PROC_INST_ID_ = ?",
        String.class, instance);
    assertThat(instances).as("the case and the processes it called").contains(instance);
    for (String table : List.of("ACT_RU_VARIABLE", "ACT_HI_VARINST", "ACT_HI_DETAIL")) {
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE NAME_ = ? AND PROC_INST_ID_ IN ("
              + String.join(",", instances.stream().map(i -> "?").toList()) + ")", Long.class,
          concat(ApplicantIdentities.VARIABLE, instances))).as(table).isZero();
    }
    assertThat(occurrences(id)).as("the number anywhere in the engine's text").isEmpty();
    assertThat(occurrences(applicant)).as("the search finds what the case keeps: the applicant's name")
        .contains("ACT_RU_VARIABLE.TEXT_", "ACT_HI_VARINST.TEXT_");
    assertThat(byteArraysHolding(id)).as("byte arrays holding the number").isZero();
    assertThat(byteArraysHolding("申请人身份证明")).as("the search reads byte arrays: the required materials' list")
        .isPositive();
  }

  void assertTheSupervisorReadsTheCaseButNotTheNumber(String instance, String id) throws Exception {
    for (String path : List.of("/engine-rest/process-instance/" + instance + "/variables",
        "/engine-rest/history/variable-instance?processInstanceId=" + instance)) {
      ResponseEntity<String> read = api().as("qs-supervisor").exchange(path, HttpMethod.GET, null, String.class);
      assertThat(read.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
      assertThat(read.getBody()).as(path).contains("applicantName").doesNotContain(ApplicantIdentities.VARIABLE)
          .doesNotContain(id);
    }
    WebappSession cockpit = new WebappSession(port);
    assertThat(cockpit.login("qs-supervisor", "demo", "cockpit").statusCode()).isEqualTo(200);
    for (String path : List.of("/camunda/api/engine/engine/default/process-instance/" + instance + "/variables",
        "/camunda/api/engine/engine/default/history/variable-instance?processInstanceId=" + instance)) {
      HttpResponse<String> read = cockpit.get(path);
      assertThat(read.statusCode()).as(path).isEqualTo(200);
      assertThat(read.body()).as(path).contains("applicantName").doesNotContain(ApplicantIdentities.VARIABLE)
          .doesNotContain(id);
    }
  }

  List<String> occurrences(String text) {
    return occurrences(jdbc, text);
  }

  static List<String> occurrences(JdbcTemplate jdbc, String text) {
    return EngineTraces.occurrences(jdbc, text);
  }

  long byteArraysHolding(String text) {
    return EngineTraces.byteArraysHolding(jdbc, text);
  }

  static long byteArraysHolding(JdbcTemplate jdbc, String text) {
    return EngineTraces.byteArraysHolding(jdbc, text);
  }

  long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }

  static Object[] concat(String first, List<String> rest) {
    Object[] all = new Object[rest.size() + 1];
    all[0] = first;
    for (int i = 0; i < rest.size(); i++) {
      all[i + 1] = rest.get(i);
    }
    return all;
  }
}
