package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * Nobody moves a case's statutory deadline through the engine's job API, administrators included (行政许可法第四十二条:
 * an extension only with the head's approval, through the procedure): setting a timer's due date, a retry with a due
 * date (one job, a batch of jobs, a batch of cases, a job definition), recalculating it to another date, executing it
 * before its day or deleting it are refused with 403 and the timer keeps its date; what moves no deadline (a
 * recalculation giving the same date, a retry without a date, an asynchronous step's retry date) stays allowed. And
 * suspending a case, which stops its timers, is the administrator's alone (analysts held it before).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class StatutoryTimerGuardTest {

  static final String KEY = "timer-guard-example";
  static final String LATER = "2030-01-01T00:00:00.000+0000";

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @Autowired ManagementService management;
  @Autowired Refusals refusals;
  @LocalServerPort int port;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /** A case of 青山镇 at intake: its five working days (行政许可法第三十二条) counted from when it reached the step. */
  Job acceptanceTimer() {
    Map<String, Object> created = new Api(rest).register("qs-clerk", anApplication().json());
    ProcessInstance intake = runtime.createProcessInstanceQuery().processDefinitionKey("window-intake")
        .processInstanceBusinessKey((String) created.get("receiptNo")).singleResult();
    return management.createJobQuery().processInstanceId(intake.getId()).activityId("Timer_AcceptanceDeadline")
        .singleResult();
  }

  /** A step with a deadline read from the case ({@code ${dueAt}}) beside an asynchronous step (a job, no timer). */
  static BpmnModelInstance example() {
    return Bpmn.createExecutableProcess(KEY).name("期限示例").camundaHistoryTimeToLive(3650)
        .startEvent("StartEvent_Example").name("开始")
        .parallelGateway("Gateway_Fork").name("分支")
        .userTask("Task_Wait").name("等待").camundaCandidateGroups("reviewer")
        .boundaryEvent("Timer_Due").name("期限届满").timerWithDate("${dueAt}")
        .endEvent("End_Due").name("届满")
        .moveToActivity("Task_Wait").endEvent("End_Waited").name("已办")
        .moveToNode("Gateway_Fork")
        .userTask("Task_Async").name("异步步骤").camundaAsyncBefore().camundaCandidateGroups("reviewer")
        .endEvent("End_Async").name("结束")
        .done();
  }

  ProcessInstance exampleCase(Date dueAt) {
    if (repository.createProcessDefinitionQuery().processDefinitionKey(KEY).count() == 0) {
      repository.createDeployment().name(KEY).addModelInstance(KEY + ".bpmn", example()).deploy();
    }
    return runtime.startProcessInstanceByKey(KEY, Variables.createVariables().putValue("townshipId", "qingshan")
        .putValue("dueAt", dueAt));
  }

  Job job(ProcessInstance instance, String activityId) {
    return management.createJobQuery().processInstanceId(instance.getId()).activityId(activityId).singleResult();
  }

  Date dueOf(Job job) {
    return management.createJobQuery().jobId(job.getId()).singleResult().getDuedate();
  }

  ResponseEntity<Map<String, Object>> call(String user, HttpMethod method, String path, Object body) {
    return new Api(rest).as(user).exchange(path, method, body == null ? HttpEntity.EMPTY : new HttpEntity<>(body),
        Api.JSON_OBJECT);
  }

  void assertRefused(ResponseEntity<Map<String, Object>> answer) {
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) answer.getBody().get("message")).contains("负责人批准延期", "第四十二条", "未作任何修改");
  }

  @Test
  void anAdministratorCannotMoveACaseDeadlineByHand() {
    Job timer = acceptanceTimer();
    Date due = timer.getDuedate();
    String job = "/engine-rest/job/" + timer.getId();

    assertRefused(call("admin", HttpMethod.PUT, job + "/duedate", Map.of("duedate", LATER, "cascade", false)));
    assertRefused(call("admin", HttpMethod.PUT, "/engine-rest/engine/default/job/" + timer.getId() + "/duedate",
        Map.of("duedate", LATER, "cascade", true)));
    assertRefused(call("admin", HttpMethod.PUT, job + "/retries", Map.of("retries", 3, "dueDate", LATER)));
    assertRefused(call("admin", HttpMethod.POST, job + "/execute", null));
    assertRefused(call("admin", HttpMethod.DELETE, job, null));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/job/retries",
        Map.of("jobIds", List.of(timer.getId()), "retries", 1, "dueDate", LATER)));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/job/retries",
        Map.of("jobQuery", Map.of("timers", true), "retries", 1, "dueDate", LATER)));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/process-instance/job-retries",
        Map.of("processInstances", List.of(timer.getProcessInstanceId()), "retries", 1, "dueDate", LATER)));
    assertRefused(call("admin", HttpMethod.PUT, "/engine-rest/job-definition/" + timer.getJobDefinitionId()
        + "/retries", Map.of("retries", 1, "dueDate", LATER)));
    // no retries left: a timer without retries is never acquired and never fires (before: 204)
    assertRefused(call("admin", HttpMethod.PUT, job + "/retries", Map.of("retries", 0)));
    assertRefused(call("admin", HttpMethod.PUT, job + "/retries", Map.of("retries", "0")));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/job/retries",
        Map.of("jobIds", List.of(timer.getId()), "retries", 0)));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/process-instance/job-retries",
        Map.of("processInstances", List.of(timer.getProcessInstanceId()), "retries", 0)));
    assertRefused(call("admin", HttpMethod.PUT, "/engine-rest/job-definition/" + timer.getJobDefinitionId()
        + "/retries", Map.of("retries", 0)));
    assertThat(management.createJobQuery().jobId(timer.getId()).singleResult().getRetries()).isEqualTo(3);
    assertThat(dueOf(timer)).as("the timer keeps its date and exists").isEqualTo(due);

    // a retry without a date moves nothing
    assertThat(call("admin", HttpMethod.PUT, job + "/retries", Map.of("retries", 3)).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(dueOf(timer)).isEqualTo(due);
    // the refusals are on record, and the time-limit step still is the only lawful way
    assertThat(refusals.of("admin")).extracting(Refusals.Refusal::path).contains(job + "/duedate", job);
  }

  @Test
  void throughCockpitToo() throws Exception {
    Job timer = acceptanceTimer();
    Date due = timer.getDuedate();
    WebappSession cockpit = new WebappSession(port);
    assertThat(cockpit.login("admin", "demo", "cockpit").statusCode()).isEqualTo(200);
    String job = "/camunda/api/engine/engine/default/job/" + timer.getId();

    HttpResponse<String> set = cockpit.put(job + "/duedate", "{\"duedate\":\"" + LATER + "\",\"cascade\":true}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(403);
    ClockUtil.setCurrentTime(Date.from(due.toInstant().minus(Duration.ofDays(1))));
    HttpResponse<String> fromNow = cockpit.post(job + "/duedate/recalculate?creationDateBased=false", "");
    assertThat(fromNow.statusCode()).as(fromNow.body()).isEqualTo(403);
    assertThat(dueOf(timer)).isEqualTo(due);
    assertThat(refusals.of("admin")).extracting(Refusals.Refusal::path).contains(job + "/duedate");
  }

  @Test
  void recalculatingRestartsNoPeriod() {
    Job timer = acceptanceTimer();
    Date due = timer.getDuedate();
    String recalculate = "/engine-rest/job/" + timer.getId() + "/duedate/recalculate";
    ClockUtil.setCurrentTime(Date.from(due.toInstant().minus(Duration.ofDays(1))));

    assertRefused(call("admin", HttpMethod.POST, recalculate + "?creationDateBased=false", null));
    // read as the engine's resource reads it: anything but "true" counts from now
    ResponseEntity<Map<String, Object>> zero = call("admin", HttpMethod.POST, recalculate + "?creationDateBased=0", null);
    assertRefused(zero);
    assertThat((String) zero.getBody().get("message")).startsWith("重算会改变案件的法定期限（从现在起重新计算）");
    // "creation-date based" (Cockpit's other choice, the API's default) restarts it just the same: the model's date
    // function counts from the clock, not from the timer's creation
    assertRefused(call("admin", HttpMethod.POST, recalculate, null));
    assertThat(dueOf(timer)).isEqualTo(due);

    // a deadline read from the case recalculates to itself, either way: allowed
    Date promised = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(20)));
    Job read = job(exampleCase(promised), "Timer_Due");
    String itself = "/engine-rest/job/" + read.getId() + "/duedate/recalculate";
    assertThat(call("admin", HttpMethod.POST, itself, null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(call("admin", HttpMethod.POST, itself + "?creationDateBased=false", null).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(dueOf(read)).isEqualTo(promised);
  }

  @Test
  void aJobThatIsNoTimerKeepsItsRetryDate() {
    ProcessInstance instance = exampleCase(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(20))));
    Job async = job(instance, "Task_Async");
    String path = "/engine-rest/job/" + async.getId();
    assertThat(call("admin", HttpMethod.PUT, path + "/duedate", Map.of("duedate", LATER)).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(dueOf(async).toInstant()).isEqualTo(java.time.Instant.parse("2030-01-01T00:00:00Z"));
    ResponseEntity<Map<String, Object>> recalculated = call("admin", HttpMethod.POST, path + "/duedate/recalculate",
        null);
    assertThat(recalculated.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(recalculated.getBody()).containsEntry("message", "只有计时器的到期日可以重算。未作任何修改。");
  }

  @Test
  void othersGetTheEnginesAnswerAndNothingMoves() {
    Job timer = acceptanceTimer();
    Date due = timer.getDuedate();
    String duedate = "/engine-rest/job/" + timer.getId() + "/duedate";
    Map<String, Object> later = Map.of("duedate", LATER);

    assertThat(call(null, HttpMethod.PUT, duedate, later).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    for (String outsider : List.of("qs-clerk", "bs-supervisor", "analyst-lin")) {
      ResponseEntity<Map<String, Object>> answer = call(outsider, HttpMethod.PUT, duedate, later);
      assertThat(answer.getStatusCode()).as(outsider).isIn(HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN);
    }
    // the engine API's one answer to a job the caller may not read and to one nobody has (UnseenIdGuard)
    assertThat(call("qs-clerk", HttpMethod.PUT, duedate, later).getBody())
        .containsEntry("message", cn.township.workflow.system.EngineRestErrors.OTHER_TOWNSHIP);
    // the township's supervisor sees the case's jobs and may not change them: the engine's own refusal
    assertThat(call("qs-supervisor", HttpMethod.POST, "/engine-rest/job/" + timer.getId()
        + "/duedate/recalculate", null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    for (String malformed : List.of("no-such-job", "%20", "x".repeat(300), "..%3B")) {
      ResponseEntity<Map<String, Object>> answer = call("admin", HttpMethod.PUT, "/engine-rest/job/" + malformed
          + "/duedate", later);
      assertThat(answer.getStatusCode()).as(malformed).isEqualTo(HttpStatus.NOT_FOUND);
    }
    assertThat(dueOf(timer)).isEqualTo(due);
  }

  static final String MIGRATED = "timer-guard-migration";

  /** A step with a period counted from when the case reached it (行政许可法第三十二条's five working days). */
  static BpmnModelInstance counted(String stepName) {
    return Bpmn.createExecutableProcess(MIGRATED).name("期限迁移示例").camundaHistoryTimeToLive(3650)
        .startEvent("StartEvent_Counted").name("开始")
        .userTask("Task_Check").name(stepName).camundaCandidateGroups("window-clerk")
        .boundaryEvent("Timer_Counted").name("期限届满").timerWithDate("${deadlines.periodFromNow('licensing-acceptance')}")
        .endEvent("End_Deemed").name("视为受理")
        .moveToActivity("Task_Check").endEvent("End_Checked").name("已核验")
        .done();
  }

  @Test
  void migratingOverTheEngineApiRestartsNoPeriod() {
    String source = repository.createDeployment().name(MIGRATED).addModelInstance(MIGRATED + ".bpmn",
        counted("受理审查")).deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    ProcessInstance waiting = runtime.startProcessInstanceByKey(MIGRATED, Map.of("townshipId", "qingshan"));
    Job timer = job(waiting, "Timer_Counted");
    String target = repository.createDeployment().name(MIGRATED).addModelInstance(MIGRATED + ".bpmn",
        counted("受理审查（核验材料）")).deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().minus(Duration.ofDays(1))));
    java.util.function.Function<Boolean, Map<String, Object>> migration = update -> Map.of("migrationPlan", Map.of(
        "sourceProcessDefinitionId", source, "targetProcessDefinitionId", target, "instructions", List.of(
            Map.of("sourceActivityIds", List.of("Task_Check"), "targetActivityIds", List.of("Task_Check")),
            Map.of("sourceActivityIds", List.of("Timer_Counted"), "targetActivityIds", List.of("Timer_Counted"),
                "updateEventTrigger", update))), "processInstanceIds", List.of(waiting.getId()));

    for (String path : List.of("/engine-rest/migration/execute", "/engine-rest/migration/executeAsync")) {
      ResponseEntity<Map<String, Object>> refused = call("analyst-lin", HttpMethod.POST, path, migration.apply(true));
      assertRefused(refused);
      assertThat((String) refused.getBody().get("message")).contains("/api/admin/migrations");
    }
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(waiting.getId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(source);
    // the step mapped without its timer: the engine would remove the timer and create the target's anew, from today
    ResponseEntity<Map<String, Object>> unmapped = call("analyst-lin", HttpMethod.POST, "/engine-rest/migration/execute",
        Map.of("migrationPlan", Map.of("sourceProcessDefinitionId", source, "targetProcessDefinitionId", target,
            "instructions", List.of(Map.of("sourceActivityIds", List.of("Task_Check"), "targetActivityIds",
                List.of("Task_Check")))), "processInstanceIds", List.of(waiting.getId())));
    assertRefused(unmapped);
    assertThat(job(waiting, "Timer_Counted").getDuedate()).isEqualTo(timer.getDuedate());
    // without updated triggers the timer keeps its date: the engine migrates
    assertThat(call("analyst-lin", HttpMethod.POST, "/engine-rest/migration/execute", migration.apply(false))
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(waiting.getId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(target);
    assertThat(job(waiting, "Timer_Counted").getDuedate()).isEqualTo(timer.getDuedate());
  }

  @Test
  void suspendingACaseStopsItsTimersAndIsTheAdministratorsAlone() {
    Job timer = acceptanceTimer();
    String instance = timer.getProcessInstanceId();
    Map<String, Object> suspend = Map.of("suspended", true);
    for (String user : List.of("analyst-lin", "qs-supervisor", "qs-clerk")) {
      for (String path : List.of("/engine-rest/process-instance/" + instance + "/suspended",
          "/engine-rest/job/" + timer.getId() + "/suspended",
          "/engine-rest/job-definition/" + timer.getJobDefinitionId() + "/suspended")) {
        ResponseEntity<Map<String, Object>> answer = call(user, HttpMethod.PUT, path, suspend);
        assertThat(answer.getStatusCode()).as("%s %s", user, path).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
      }
    }
    assertThat(call("analyst-lin", HttpMethod.PUT, "/engine-rest/process-instance/" + instance + "/suspended",
        suspend).getStatusCode()).as("analysts held UPDATE on every case before").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult().isSuspended()).isFalse();
    assertThat(management.createJobQuery().jobId(timer.getId()).singleResult().isSuspended()).isFalse();
    assertThat(management.createJobDefinitionQuery().jobDefinitionId(timer.getJobDefinitionId()).singleResult()
        .isSuspended()).isFalse();
  }

  /** A process instance modification's instructions. */
  static Map<String, Object> instructions(Map<String, Object> extra, Map<?, ?>... instructions) {
    Map<String, Object> body = new java.util.HashMap<>(extra);
    body.put("instructions", List.of(instructions));
    return body;
  }

  @Test
  void aProcessInstanceModificationNeitherFiresNorRestartsACaseTimer() {
    Job timer = acceptanceTimer();
    Date due = timer.getDuedate();
    String intake = timer.getProcessInstanceId();
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(intake).singleResult();
    ClockUtil.setCurrentTime(Date.from(due.toInstant().minus(Duration.ofDays(1))));
    Map<String, Object> restartStep = instructions(Map.of(), Map.of("type", "cancel", "activityId",
        "Task_CheckCompleteness"), Map.of("type", "startBeforeActivity", "activityId", "Task_CheckCompleteness"));
    Map<String, Object> fireTimer = instructions(Map.of(), Map.of("type", "startBeforeActivity", "activityId",
        "Timer_AcceptanceDeadline"));

    // the step started again: its five working days counted again from today (before: a new timer six days later)
    ResponseEntity<Map<String, Object>> restarted = call("admin", HttpMethod.POST, "/engine-rest/process-instance/"
        + intake + "/modification", restartStep);
    assertRefused(restarted);
    assertThat((String) restarted.getBody().get("message")).startsWith("案件正处于从到达环节起计算的法定期限中");
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/engine/default/process-instance/" + intake
        + "/modification-async", restartStep));
    // or the call holding it, from the case
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/process-instance/" + instance.getRootProcessInstanceId()
        + "/modification", instructions(Map.of(), Map.of("type", "cancel", "activityId", "CallActivity_WindowIntake"),
        Map.of("type", "startBeforeActivity", "activityId", "CallActivity_WindowIntake"))));
    // the step cancelled by its instance: the period gone (the case would go on as if the check were done)
    String step = runtime.getActivityInstance(intake).getActivityInstances("Task_CheckCompleteness")[0].getId();
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/process-instance/" + intake + "/modification",
        instructions(Map.of(), Map.of("type", "cancel", "activityInstanceId", step))));
    // the timer fired before its day (before: the case was deemed accepted at once)
    ResponseEntity<Map<String, Object>> fired = call("admin", HttpMethod.POST, "/engine-rest/process-instance/"
        + intake + "/modification", fireTimer);
    assertRefused(fired);
    assertThat((String) fired.getBody().get("message")).startsWith("不能通过流程实例修改启动计时器事件");
    Map<String, Object> batch = instructions(Map.of("processDefinitionId", instance.getProcessDefinitionId(),
        "processInstanceIds", List.of(intake)), Map.of("type", "cancel", "activityId", "Task_CheckCompleteness"),
        Map.of("type", "startTransition", "transitionId", "Flow_AcceptanceTimedOut"));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/modification/execute", batch));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/modification/executeAsync", instructions(Map.of(
        "processDefinitionId", instance.getProcessDefinitionId(), "processInstanceQuery", Map.of()),
        Map.of("type", "startBeforeActivity", "activityId", "Task_CheckCompleteness"))));
    assertThat(dueOf(timer)).as("the timer keeps its date and exists").isEqualTo(due);
    assertThat(runtime.getActiveActivityIds(intake)).containsExactly("Task_CheckCompleteness");

    // a deadline read from the case: the step started again keeps its date, the administrator may move the case
    Date promised = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(20)));
    ProcessInstance example = exampleCase(promised);
    assertThat(call("admin", HttpMethod.POST, "/engine-rest/process-instance/" + example.getId() + "/modification",
        instructions(Map.of(), Map.of("type", "cancel", "activityId", "Task_Wait"),
            Map.of("type", "startBeforeActivity", "activityId", "Task_Wait"))).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(job(example, "Timer_Due").getDuedate()).isEqualTo(promised);
    // but not fire its timer, nor restart ended cases at it
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/process-instance/" + example.getId()
        + "/modification", instructions(Map.of(), Map.of("type", "startAfterActivity", "activityId", "Timer_Due"))));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/process-definition/key/" + KEY + "/restart",
        instructions(Map.of("processInstanceIds", List.of(example.getId())), Map.of("type", "startBeforeActivity",
            "activityId", "Timer_Due"))));
    assertThat(job(example, "Timer_Due").getDuedate()).isEqualTo(promised);
    assertThat(refusals.of("admin")).extracting(Refusals.Refusal::path)
        .contains("/engine-rest/process-instance/" + intake + "/modification", "/engine-rest/modification/execute");
  }

  static Map<String, Object> later() {
    return Map.of("value", LATER, "type", "Date");
  }

  @Test
  void theCaseClockIsNotWrittenThroughTheEngineApi() {
    Job timer = acceptanceTimer();
    String root = runtime.createProcessInstanceQuery().processInstanceId(timer.getProcessInstanceId()).singleResult()
        .getRootProcessInstanceId();
    Object days = runtime.getVariable(root, "timeLimitDays");
    String variables = "/engine-rest/process-instance/" + root + "/variables";

    // before: 204, and the case's clock read the year-long period when it started
    ResponseEntity<Map<String, Object>> set = call("admin", HttpMethod.PUT, variables + "/timeLimitDueAt", later());
    assertRefused(set);
    assertThat((String) set.getBody().get("message")).startsWith("案件的期限变量由流程按法定期限表和工作日历计算")
        .contains("timeLimitDueAt");
    assertRefused(call("admin", HttpMethod.POST, variables, Map.of("modifications", Map.of("timeLimitDays",
        Map.of("value", 365, "type", "Integer")))));
    assertRefused(call("admin", HttpMethod.POST, variables, Map.of("deletions", List.of("timeLimitDays"))));
    assertRefused(call("admin", HttpMethod.DELETE, variables + "/timeLimitDays", null));
    assertRefused(call("admin", HttpMethod.PUT, "/engine-rest/engine/default/execution/" + root
        + "/localVariables/issueDueAt", later()));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/process-instance/variables-async", Map.of(
        "processInstanceIds", List.of(root), "variables", Map.of("timeLimitDueAt", later()))));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/message", Map.of("messageName", "Message_Any",
        "processInstanceId", root, "processVariables", Map.of("issueDueAt", later()))));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/signal", Map.of("name", "Signal_Any",
        "variables", Map.of("timeLimitRunningSince", later()))));
    // an external task's completion and a condition's evaluation write into a case too (read since the Json check)
    // (an external task nobody has is not found before its body is read: UnseenIdGuard; our models have none)
    assertThat(call("admin", HttpMethod.POST, "/engine-rest/external-task/any-task/complete", Map.of(
        "workerId", "w", "variables", Map.of("timeLimitDueAt", later()))).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/condition", Map.of(
        "variables", Map.of("timeLimitDueAt", later()))));
    assertThat(runtime.getVariable(root, "timeLimitDays")).isEqualTo(days);
    assertThat(runtime.getVariable(root, "timeLimitDueAt")).isNull();

    // a model's own timer dates, with a modification too; other variables stay the administrator's
    Date promised = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(20)));
    ProcessInstance example = exampleCase(promised);
    assertRefused(call("admin", HttpMethod.PUT, "/engine-rest/process-instance/" + example.getId()
        + "/variables/dueAt", later()));
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/process-instance/" + example.getId() + "/modification",
        instructions(Map.of(), Map.of("type", "startBeforeActivity", "activityId", "Task_Wait", "variables",
            Map.of("dueAt", later())))));
    assertThat(call("admin", HttpMethod.PUT, "/engine-rest/process-instance/" + example.getId()
        + "/variables/note", Map.of("value", "备注", "type", "String")).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(runtime.getVariable(example.getId(), "dueAt")).isEqualTo(promised);
    assertThat(call(null, HttpMethod.PUT, variables + "/timeLimitDueAt", later()).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(call("qs-clerk", HttpMethod.PUT, variables + "/timeLimitDueAt", later()).getStatusCode())
        .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
  }

  @Autowired cn.township.workflow.models.ModelMigration migrations;

  @Test
  void aMigrationToAVersionThatRenamedTheTimerRestartsNoPeriod() {
    String key = "timer-guard-renamed";
    java.util.function.Function<String, BpmnModelInstance> model = timerId -> Bpmn.createExecutableProcess(key)
        .name("期限改名示例").camundaHistoryTimeToLive(3650).startEvent("StartEvent_Counted").name("开始")
        .userTask("Task_Check").name("受理审查").camundaCandidateGroups("window-clerk")
        .boundaryEvent(timerId).name("期限届满").timerWithDate("${deadlines.periodFromNow('licensing-acceptance')}")
        .endEvent("End_Deemed").name("视为受理")
        .moveToActivity("Task_Check").endEvent("End_Checked").name("已核验")
        .done();
    repository.createDeployment().name(key).addModelInstance(key + ".bpmn", model.apply("Timer_Counted")).deploy();
    ProcessInstance waiting = runtime.startProcessInstanceByKey(key, Map.of("townshipId", "qingshan"));
    Job timer = job(waiting, "Timer_Counted");
    repository.createDeployment().name(key).addModelInstance(key + ".bpmn", model.apply("Timer_CountedRenamed")).deploy();
    ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().minus(Duration.ofDays(1))));

    // before: migrated, the old timer removed and the renamed one counted from today
    cn.township.workflow.models.ModelMigration.Outcome outcome = migrations.migrateToLatest(key, false);
    assertThat(outcome.migrated()).isEmpty();
    assertThat(outcome.blocked()).singleElement().satisfies(blocked -> assertThat(blocked.reasons())
        .singleElement().asString().startsWith("计时器 Timer_Counted 在新版本中没有同一 id 的事件"));
    assertThat(job(waiting, "Timer_Counted").getDuedate()).isEqualTo(timer.getDuedate());
  }

  @Test
  void malformedModificationsAndVariableWritesGetNoServerError() {
    Job timer = acceptanceTimer();
    String intake = timer.getProcessInstanceId();
    List<Object[]> calls = List.of(
        new Object[] {HttpMethod.POST, "/engine-rest/process-instance/" + intake + "/modification", "{not json"},
        new Object[] {HttpMethod.POST, "/engine-rest/process-instance/" + intake + "/modification",
            Map.of("instructions", "x")},
        new Object[] {HttpMethod.POST, "/engine-rest/process-instance/" + intake + "/modification",
            Map.of("instructions", List.of(Map.of("type", List.of(1), "activityId", Map.of())))},
        new Object[] {HttpMethod.POST, "/engine-rest/process-instance/no-such-case/modification",
            Map.of("instructions", List.of(Map.of("type", "cancel", "activityId", "Task_CheckCompleteness")))},
        new Object[] {HttpMethod.POST, "/engine-rest/modification/execute", Map.of("processDefinitionId", "x".repeat(300),
            "processInstanceIds", List.of(Map.of()), "instructions", List.of(Map.of("type", "startTransition")))},
        new Object[] {HttpMethod.POST, "/engine-rest/process-definition/no-such-definition/restart",
            Map.of("instructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "Timer_Due")))},
        new Object[] {HttpMethod.POST, "/engine-rest/migration/execute", Map.of("migrationPlan", Map.of(
            "sourceProcessDefinitionId", List.of(), "instructions", List.of(Map.of("sourceActivityIds", "Task_Check"))))},
        new Object[] {HttpMethod.PUT, "/engine-rest/process-instance/no-such-case/variables/timeLimitDueAt", later()},
        new Object[] {HttpMethod.POST, "/engine-rest/process-instance/" + intake + "/variables",
            Map.of("modifications", List.of("timeLimitDueAt"), "deletions", Map.of("a", 1))},
        new Object[] {HttpMethod.POST, "/engine-rest/message", Map.of("messageName", "Message_Any",
            "processVariables", List.of(1))},
        new Object[] {HttpMethod.DELETE, "/engine-rest/deployment/%20?cascade=true", null});
    for (Object[] each : calls) {
      org.springframework.http.HttpHeaders json = new org.springframework.http.HttpHeaders();
      json.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
      ResponseEntity<String> answer = new Api(rest).as("admin").exchange((String) each[1], (HttpMethod) each[0],
          new HttpEntity<>(each[2], json), String.class);
      assertThat(answer.getStatusCode().value()).as("%s %s: %s", each[0], each[1], answer.getBody()).isBetween(400, 499);
    }
    assertThat(dueOf(timer)).isEqualTo(timer.getDuedate());
  }

  /**
   * Found by an attacker's review: {@code POST …/execution/{id}/signal} on a case waiting at a timer event made it
   * leave the event before its day (204: the timer gone, the case at the next step, as 超时默认 early), and its
   * variables, like a message subscription's trigger, wrote the case clock (neither path was read).
   */
  @Test
  void signallingAnExecutionNeitherFiresATimerNorWritesTheClock() {
    String key = "timer-signal-example";
    ProcessInstance instance = started(Bpmn.createExecutableProcess(key)
        .name("等待期示例").camundaHistoryTimeToLive(3650).startEvent("StartEvent_Example").name("开始")
        .intermediateCatchEvent("Timer_NoticePeriod").name("公示期满").timerWithDuration("P5D")
        .userTask("Task_After").name("公示后").camundaCandidateGroups("reviewer").endEvent("End_Done").name("结束")
        .done());
    Job timer = job(instance, "Timer_NoticePeriod");
    String waiting = executionAt(instance, "Timer_NoticePeriod");
    assertSignalRefused(waiting);
    assertRefused(call("admin", HttpMethod.POST, "/engine-rest/engine/default/execution/" + waiting + "/signal/",
        Map.of("variables", Map.of("note", Map.of("value", "提前", "type", "String")))));
    assertThat(dueOf(timer)).isEqualTo(timer.getDuedate());
    assertThat(runtime.createExecutionQuery().processInstanceId(instance.getId()).activityId("Timer_NoticePeriod")
        .count()).isEqualTo(1);

    String root = acceptanceTimer().getProcessInstanceId();
    for (String path : List.of("/engine-rest/execution/" + root + "/signal",
        "/engine-rest/execution/" + root + "/messageSubscriptions/Message_Any/trigger")) {
      ResponseEntity<Map<String, Object>> clock = call("admin", HttpMethod.POST, path,
          Map.of("variables", Map.of("timeLimitDueAt", later())));
      assertRefused(clock);
      assertThat((String) clock.getBody().get("message")).as(path).contains("timeLimitDueAt");
    }
    assertThat(runtime.getVariable(root, "timeLimitDueAt")).isNull();
    assertThat(call("qs-clerk", HttpMethod.POST, "/engine-rest/execution/" + waiting + "/signal", Map.of())
        .getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
    assertThat(call("admin", HttpMethod.POST, "/engine-rest/execution/no-such-execution/signal", Map.of())
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  /**
   * Found by an attacker's review: a case waiting at an event-based gateway (a period's timer racing a message, as the
   * rating period) waits at the gateway, not at the timer: signalling that execution passed the guard.
   */
  @Test
  void signallingAnEventGatewayFiresNoTimer() {
    String key = "timer-gateway-example";
    ProcessInstance instance = started(Bpmn.createExecutableProcess(key)
        .name("等待评价示例").camundaHistoryTimeToLive(3650).startEvent("StartEvent_Example").name("开始")
        .eventBasedGateway().id("Gateway_Await").name("等待评价")
        .intermediateCatchEvent("Timer_Period").name("评价期满").timerWithDuration("P5D")
        .endEvent("End_NotRated").name("未评价")
        .moveToNode("Gateway_Await").intermediateCatchEvent("Message_Rated").name("已评价").message("rated-example")
        .endEvent("End_Rated").name("已评价结束").done());
    Job timer = job(instance, "Timer_Period");
    String waiting = executionAt(instance, "Gateway_Await");
    assertSignalRefused(waiting);
    assertThat(dueOf(timer)).isEqualTo(timer.getDuedate());
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isEqualTo(1);
  }

  /** A case of {@code model} (deployed here), started in qingshan. */
  ProcessInstance started(org.camunda.bpm.model.bpmn.BpmnModelInstance model) {
    String key = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class).iterator().next()
        .getId();
    repository.createDeployment().name(key).addModelInstance(key + ".bpmn", model).deploy();
    return runtime.startProcessInstanceByKey(key, Map.of("townshipId", "qingshan"));
  }

  String executionAt(ProcessInstance instance, String activityId) {
    return runtime.createExecutionQuery().processInstanceId(instance.getId()).activityId(activityId).singleResult()
        .getId();
  }

  /** The administrator's signal to an execution waiting for a timer: 403, the timer not executed. */
  void assertSignalRefused(String waiting) {
    ResponseEntity<Map<String, Object>> early = call("admin", HttpMethod.POST, "/engine-rest/execution/" + waiting
        + "/signal", Map.of());
    assertRefused(early);
    assertThat((String) early.getBody().get("message")).startsWith("执行正在等待计时器");
  }
}
