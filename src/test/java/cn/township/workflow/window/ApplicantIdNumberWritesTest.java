package cn.township.workflow.window;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static cn.township.workflow.window.ApplicantIdNumberTest.freshIdNumber;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;

/**
 * The applicant's ID number written into a running case through the engine's API, not at registration, leaves the
 * engine as the registration's does: each way in (a variable, the variables' modifications, an execution's or a task's
 * variable, a message's variables, a modification's variables; over /engine-rest, /engine-rest/engine/default and the
 * webapps' API) leaves no runtime or history row of the variable and no trace of the number in the engine, and the
 * case's row in tw_applicant_identity holds the new number. A number the registration would refuse, or a file, is
 * refused in Chinese and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ApplicantIdNumberWritesTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired RepositoryService repository;
  @Autowired org.camunda.bpm.engine.ManagementService management;
  @LocalServerPort int port;

  Api api() {
    return new Api(anonymous);
  }

  /** A case registered at 青山镇's window: its process instance id (the table's key). */
  String registered() {
    return (String) api().register("qs-clerk", anApplication().idNumber(freshIdNumber()).json())
        .get("processInstanceId");
  }

  /** The case's open task (in the case or a process it called). */
  Task openTask(String instance) {
    return tasks.createTaskQuery().processInstanceIdIn(instancesOf(instance)).list().get(0);
  }

  String[] instancesOf(String instance) {
    return jdbc.queryForList("SELECT ID_ FROM ACT_RU_EXECUTION WHERE ROOT_PROC_INST_ID_ = ? AND ID_ = PROC_INST_ID_",
        String.class, instance).toArray(String[]::new);
  }

  static Map<String, Object> value(String number) {
    return Map.of("value", number, "type", "String");
  }

  String numberKept(String instance) {
    return jdbc.queryForObject("SELECT id_number FROM tw_applicant_identity WHERE process_instance_id = ?",
        String.class, instance);
  }

  /** The number is the case's in the table, and nowhere in the engine; no row of the variable exists. */
  void assertMovedOutOfTheEngine(String instance, String number) {
    assertThat(numberKept(instance)).isEqualTo(number);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_applicant_identity WHERE id_number = ?", Long.class,
        number)).as("one row, the case's").isEqualTo(1);
    assertNothingInTheEngine(number);
  }

  void assertNothingInTheEngine(String number) {
    for (String table : List.of("ACT_RU_VARIABLE", "ACT_HI_VARINST", "ACT_HI_DETAIL")) {
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE NAME_ = ?", Long.class,
          ApplicantIdentities.VARIABLE)).as(table).isZero();
    }
    assertThat(ApplicantIdNumberTest.occurrences(jdbc, number)).as("the number in the engine's text").isEmpty();
  }

  @Test
  void aVariableSetOverEitherEngineRestAddressIsMovedOutOfTheEngine() {
    for (String engine : List.of("/engine-rest", "/engine-rest/engine/default")) {
      String instance = registered();
      String number = freshIdNumber();
      ResponseEntity<String> set = api().as("admin").exchange(engine + "/process-instance/" + instance
          + "/variables/" + ApplicantIdentities.VARIABLE, HttpMethod.PUT, new HttpEntity<>(value(number)), String.class);
      assertThat(set.getStatusCode()).as("%s %s", engine, set.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
      assertMovedOutOfTheEngine(instance, number);
    }
  }

  @Test
  void aModificationOfTheVariablesIsMovedTooAndAnAnalystMayNotMakeOne() {
    String instance = registered();
    String number = freshIdNumber();
    Map<String, Object> body = Map.of("modifications", Map.of(ApplicantIdentities.VARIABLE,
        value(number), "applicantName", Map.of("value", "王小山")));
    ResponseEntity<String> byAnalyst = api().as("analyst-lin").exchange("/engine-rest/process-instance/" + instance
        + "/variables", HttpMethod.POST, new HttpEntity<>(body), String.class);
    assertThat(byAnalyst.getStatusCode()).as("analysts deploy and migrate; they do not change cases")
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(runtime.getVariable(instance, "applicantName")).isNotEqualTo("王小山");
    ResponseEntity<String> modified = api().as("admin").exchange("/engine-rest/process-instance/" + instance
        + "/variables", HttpMethod.POST, new HttpEntity<>(body), String.class);
    assertThat(modified.getStatusCode()).as("%s", modified.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertMovedOutOfTheEngine(instance, number);
    assertThat(runtime.getVariable(instance, "applicantName")).as("the rest of the command stands")
        .isEqualTo("王小山");
  }

  @Test
  void anExecutionsLocalVariableIsMovedToTheCaseItBelongsTo() {
    String instance = registered();
    String number = freshIdNumber();
    Task task = openTask(instance);
    ResponseEntity<String> set = api().as("admin").exchange("/engine-rest/execution/" + task.getExecutionId()
        + "/localVariables/" + ApplicantIdentities.VARIABLE, HttpMethod.PUT, new HttpEntity<>(value(number)),
        String.class);
    assertThat(set.getStatusCode()).as("%s", set.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertMovedOutOfTheEngine(instance, number);
  }

  @Test
  void aTasksVariableIsRefusedOverRestAndMovedThroughTheJavaApi() {
    String instance = registered();
    String before = numberKept(instance);
    Task task = openTask(instance);
    String refusedNumber = freshIdNumber();
    ResponseEntity<Map<String, Object>> refused = api().as("admin").exchange("/engine-rest/task/" + task.getId()
            + "/localVariables/" + ApplicantIdentities.VARIABLE, HttpMethod.PUT, new HttpEntity<>(value(refusedNumber)),
        Api.JSON_OBJECT);
    assertThat(refused.getStatusCode()).as("the task's form does not ask for it (TaskVariableGuard)")
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(numberKept(instance)).isEqualTo(before);
    assertNothingInTheEngine(refusedNumber);

    String number = freshIdNumber();
    tasks.setVariableLocal(task.getId(), ApplicantIdentities.VARIABLE, number);
    assertMovedOutOfTheEngine(instance, number);
    String global = freshIdNumber();
    tasks.setVariable(task.getId(), ApplicantIdentities.VARIABLE, global);
    assertMovedOutOfTheEngine(instance, global);
  }

  @Test
  void aMessagesVariablesAreMovedOutOfTheEngine() {
    // no procedure waits for a message carrying the applicant: a model that does, started with a business key
    repository.createDeployment().addModelInstance("sensitive-message.bpmn", Bpmn.createExecutableProcess(
        "sensitive-message").camundaHistoryTimeToLive(3650).startEvent().intermediateCatchEvent("Event_Wait")
        .message("sensitive-message-arrives").userTask("Task_Wait").endEvent().done()).deploy();
    String instance = runtime.startProcessInstanceByKey("sensitive-message", "QS-TEST-0001").getId();
    String number = freshIdNumber();
    ResponseEntity<String> sent = api().as("admin").exchange("/engine-rest/message", HttpMethod.POST, new HttpEntity<>(
        Map.of("messageName", "sensitive-message-arrives", "processInstanceId", instance, "processVariables",
            Map.of(ApplicantIdentities.VARIABLE, value(number)))), String.class);
    assertThat(sent.getStatusCode()).as("%s", sent.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertMovedOutOfTheEngine(instance, number);
    assertThat(jdbc.queryForObject("SELECT receipt_no FROM tw_applicant_identity WHERE process_instance_id = ?",
        String.class, instance)).isEqualTo("QS-TEST-0001");

    // the engine's Java API alike, on a case no registration ever ran in (the row is replaced: again)
    String corrected = freshIdNumber();
    runtime.setVariable(instance, ApplicantIdentities.VARIABLE, corrected);
    assertMovedOutOfTheEngine(instance, corrected);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).count()).isEqualTo(1);
  }

  @Test
  void aModificationsVariablesAreMovedOutOfTheEngine() {
    String instance = registered();
    // past intake: while its five working days run, the case is not modified (StatutoryTimerGuard)
    management.createJobQuery().rootProcessInstanceId(instance).activityId("Timer_AcceptanceDeadline").list()
        .forEach(timer -> management.executeJob(timer.getId()));
    Task task = openTask(instance);
    String number = freshIdNumber();
    ResponseEntity<String> modified = api().as("admin").exchange("/engine-rest/process-instance/"
        + task.getProcessInstanceId() + "/modification", HttpMethod.POST, new HttpEntity<>(Map.of("instructions",
        List.of(Map.of("type", "startBeforeActivity", "activityId", task.getTaskDefinitionKey(), "variables",
            Map.of(ApplicantIdentities.VARIABLE, Map.of("value", number, "local", false)))))), String.class);
    assertThat(modified.getStatusCode()).as("%s", modified.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertMovedOutOfTheEngine(instance, number);
    assertThat(tasks.createTaskQuery().processInstanceIdIn(instancesOf(instance)).count()).as("the modification stands")
        .isEqualTo(2);
  }

  @Test
  void theWebappsEngineApiMovesItToo() throws Exception {
    String instance = registered();
    String number = freshIdNumber();
    WebappSession cockpit = new WebappSession(port);
    assertThat(cockpit.login("admin", "demo", "cockpit").statusCode()).isEqualTo(200);
    HttpResponse<String> set = cockpit.put("/camunda/api/engine/engine/default/process-instance/" + instance
        + "/variables/" + ApplicantIdentities.VARIABLE, new ObjectMapper().writeValueAsString(value(number)));
    assertThat(set.statusCode()).as(set.body()).isEqualTo(204);
    assertMovedOutOfTheEngine(instance, number);
  }

  @Test
  void aNumberTheRegistrationWouldRefuseIsRefusedAndNothingChanges() throws Exception {
    String instance = registered();
    String before = numberKept(instance);
    String valid = freshIdNumber();
    String wrongCheck = valid.substring(0, 17) + (valid.endsWith("0") ? "1" : "0");
    ResponseEntity<Map<String, Object>> refused = api().as("admin").exchange("/engine-rest/process-instance/"
        + instance + "/variables", HttpMethod.POST, new HttpEntity<>(Map.of("modifications", Map.of(
        ApplicantIdentities.VARIABLE, value(wrongCheck), "applicantName", Map.of("value", "王小山")))), Api.JSON_OBJECT);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) refused.getBody().get("message")).isEqualTo("身份证号码校验位不正确，请核对。");
    assertThat(numberKept(instance)).isEqualTo(before);
    assertThat(runtime.getVariable(instance, "applicantName")).as("the whole command is undone")
        .isNotEqualTo("王小山");
    assertNothingInTheEngine(wrongCheck);

    WebappSession cockpit = new WebappSession(port);
    assertThat(cockpit.login("admin", "demo", "cockpit").statusCode()).isEqualTo(200);
    HttpResponse<String> inCockpit = cockpit.put("/camunda/api/engine/engine/default/process-instance/" + instance
        + "/variables/" + ApplicantIdentities.VARIABLE, new ObjectMapper().writeValueAsString(value("12345")));
    assertThat(inCockpit.statusCode()).as(inCockpit.body()).isEqualTo(400);
    assertThat(new ObjectMapper().readTree(inCockpit.body()).path("message").asText())
        .isEqualTo("身份证号码应为18位，前17位为数字，最后一位为数字或X。");
    assertThat(numberKept(instance)).isEqualTo(before);
  }

  @Test
  void aFileNamedLikeTheVariableIsRefused() {
    String instance = registered();
    String before = numberKept(instance);
    String number = freshIdNumber();
    HttpHeaders part = new HttpHeaders();
    part.setContentType(MediaType.TEXT_PLAIN);
    LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("data", new HttpEntity<>(new ByteArrayResource(number.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return "id.txt";
      }
    }, part));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<Map<String, Object>> refused = api().as("admin").exchange("/engine-rest/process-instance/"
            + instance + "/variables/" + ApplicantIdentities.VARIABLE + "/data", HttpMethod.POST,
        new HttpEntity<>(form, headers), Api.JSON_OBJECT);
    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) refused.getBody().get("message")).isEqualTo("身份证号码应为18位，前17位为数字，最后一位为数字或X。");
    assertThat(numberKept(instance)).isEqualTo(before);
    assertNothingInTheEngine(number);
    assertThat(ApplicantIdNumberTest.byteArraysHolding(jdbc, number)).as("nor a byte array").isZero();
  }

  @Test
  void aBatchOfCasesIsRefusedForTheBatchWouldKeepItUntilItsJobsRun() {
    String instance = registered();
    String before = numberKept(instance);
    String number = freshIdNumber();
    ResponseEntity<Map<String, Object>> refused = api().as("admin").exchange("/engine-rest/process-instance/"
        + "variables-async", HttpMethod.POST, new HttpEntity<>(Map.of("processInstanceIds", List.of(instance),
        "variables", Map.of(ApplicantIdentities.VARIABLE, value(number)))), Api.JSON_OBJECT);
    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) refused.getBody().get("message")).isEqualTo(ApplicantIdentities.NOT_A_CASE);
    assertThat(numberKept(instance)).isEqualTo(before);
    assertNothingInTheEngine(number);
  }

  @Test
  void aStartWithTheNumberStillRegistersIt() {
    // the registration removes the start variable itself: the plugin finds nothing left to move and does not refuse
    String instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables()).getId();
    assertThat(numberKept(instance)).isNotNull();
    assertThat(runtime.getVariable(instance, "receiptNo")).isNotNull();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_VARIABLE WHERE NAME_ = ?", Long.class,
        ApplicantIdentities.VARIABLE)).isZero();
  }
}
