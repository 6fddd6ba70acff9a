package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.catalog.Deadlines;
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
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractActivityBuilder;
import org.junit.jupiter.api.AfterEach;
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
 * No statutory period starts on another day than the one its step began: an ended case restarted at a step whose timer
 * counts from when the step is reached (the acceptance deadline counted again from the restart), and a waiting case
 * migrated onto a version that adds such a timer to its step (the period counted from the migration), are refused
 * over the engine API for everyone, administrators included; timers that read their date from the case keep it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class PeriodRestartGuardTest {

  static final String RESTARTED = "period-restart-example";
  static final String MIGRATED = "period-migration-example";

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @Autowired ManagementService management;
  @Autowired TaskService tasks;
  @Autowired org.camunda.bpm.engine.HistoryService historyService;
  @Autowired Deadlines deadlines;
  @Autowired Refusals refusals;
  @LocalServerPort int port;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /**
   * 受理审查 with its five working days counted from when the case reaches it, 决定 with the date promised to the applicant
   * (read from the case), a notice period of five days counted from its start, 办结 without a period.
   */
  static BpmnModelInstance procedure() {
    return Bpmn.createExecutableProcess(RESTARTED).name("重开示例").camundaHistoryTimeToLive(3650)
        .startEvent("StartEvent_Applied").name("申请")
        .sequenceFlowId("Flow_ToCheck").userTask("Task_Check").name("受理审查").camundaCandidateGroups("window-clerk")
        .boundaryEvent("Timer_Acceptance").name("受理期限届满")
        .timerWithDate("${deadlines.periodFromNow('licensing-acceptance')}").endEvent("End_Deemed").name("视为受理")
        .moveToActivity("Task_Check")
        .userTask("Task_Decide").name("决定").camundaCandidateGroups("window-clerk")
        .boundaryEvent("Timer_Promised").name("承诺期限届满").timerWithDate("${promisedAt}")
        .endEvent("End_Overdue").name("超期").moveToActivity("Task_Decide")
        .intermediateCatchEvent("Timer_NoticePeriod").name("公示期满").timerWithDuration("P5D")
        .userTask("Task_Record").name("办结").camundaCandidateGroups("window-clerk")
        .endEvent("End_Done").name("结束")
        .done();
  }

  /** A case of {@link #procedure} walked to its end; the clock then moved on a month. */
  ProcessInstance endedCase(Date promised) {
    if (repository.createProcessDefinitionQuery().processDefinitionKey(RESTARTED).count() == 0) {
      repository.createDeployment().name(RESTARTED).addModelInstance(RESTARTED + ".bpmn", procedure()).deploy();
    }
    ProcessInstance instance = runtime.startProcessInstanceByKey(RESTARTED, Map.of("townshipId", "qingshan",
        "promisedAt", promised));
    complete(instance, "Task_Check");
    complete(instance, "Task_Decide");
    management.executeJob(management.createJobQuery().processInstanceId(instance.getId())
        .activityId("Timer_NoticePeriod").singleResult().getId());
    complete(instance, "Task_Record");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(30))));
    return instance;
  }

  void complete(ProcessInstance instance, String step) {
    tasks.complete(tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(step).singleResult()
        .getId());
  }

  ResponseEntity<Map<String, Object>> post(String user, String path, Object body) {
    return new Api(rest).as(user).exchange(path, HttpMethod.POST, new HttpEntity<>(body), Api.JSON_OBJECT);
  }

  static Map<String, Object> restart(ProcessInstance ended, Map<?, ?> instruction) {
    return Map.of("processInstanceIds", List.of(ended.getId()), "instructions", List.of(instruction));
  }

  void assertRefused(ResponseEntity<Map<String, Object>> answer, String... named) {
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) answer.getBody().get("message")).contains(named).contains("第四十二条", "未作任何修改");
  }

  long cases() {
    return runtime.createProcessInstanceQuery().processDefinitionKey(RESTARTED).count();
  }

  @Test
  void anEndedCaseIsNotRestartedAtAStepWhosePeriodCountsFromItsStart() {
    Date promised = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(20)));
    ProcessInstance ended = endedCase(promised);
    String byId = "/engine-rest/process-definition/" + ended.getProcessDefinitionId() + "/restart";
    long before = cases();

    // before: 204, and the new case's acceptance deadline was five working days from the restart, a month late
    ResponseEntity<Map<String, Object>> atCheck = post("admin", byId, restart(ended, Map.of("type",
        "startBeforeActivity", "activityId", "Task_Check")));
    assertRefused(atCheck, "Timer_Acceptance", "重新提出申请");
    assertRefused(post("admin", "/engine-rest/engine/default/process-definition/key/" + RESTARTED + "/restart-async",
        restart(ended, Map.of("type", "startBeforeActivity", "activityId", "Task_Check"))), "Timer_Acceptance");
    assertRefused(post("admin", byId, restart(ended, Map.of("type", "startAfterActivity", "activityId",
        "StartEvent_Applied"))), "Timer_Acceptance");
    assertRefused(post("admin", byId, restart(ended, Map.of("type", "startTransition", "transitionId",
        "Flow_ToCheck"))), "Timer_Acceptance");
    // a duration counted from its start: before, the notice period ran five days from the restart
    assertRefused(post("admin", byId, restart(ended, Map.of("type", "startBeforeActivity", "activityId",
        "Timer_NoticePeriod"))), "Timer_NoticePeriod");
    assertThat(cases()).isEqualTo(before);
    assertThat(refusals.of("admin")).extracting(Refusals.Refusal::path).contains(byId);

    // a step whose date is read from the case: the restarted case has the date promised, not one from today
    List<String> running = runtime.createProcessInstanceQuery().processDefinitionKey(RESTARTED).list().stream()
        .map(ProcessInstance::getId).toList();
    assertThat(post("admin", byId, restart(ended, Map.of("type", "startBeforeActivity", "activityId",
        "Task_Decide"))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    ProcessInstance restarted = runtime.createProcessInstanceQuery().processDefinitionKey(RESTARTED).list().stream()
        .filter(each -> !running.contains(each.getId())).findFirst().orElseThrow();
    assertThat(management.createJobQuery().processInstanceId(restarted.getId()).activityId("Timer_Promised")
        .singleResult().getDuedate()).isEqualTo(promised);
    // a step without a period
    assertThat(post("admin", byId, restart(ended, Map.of("type", "startBeforeActivity", "activityId",
        "Task_Record"))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(cases()).isEqualTo(before + 2);
  }

  @Test
  void throughCockpitTooAndOthersGetTheEnginesAnswer() throws Exception {
    ProcessInstance ended = endedCase(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(20))));
    String path = "/process-definition/" + ended.getProcessDefinitionId() + "/restart";
    Map<String, Object> atCheck = restart(ended, Map.of("type", "startBeforeActivity", "activityId", "Task_Check"));
    long before = cases();

    WebappSession cockpit = new WebappSession(port);
    assertThat(cockpit.login("admin", "demo", "cockpit").statusCode()).isEqualTo(200);
    HttpResponse<String> refused = cockpit.post("/camunda/api/engine/engine/default" + path,
        CachedBody.JSON.writeValueAsString(atCheck));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(CachedBody.JSON.readTree(refused.body()).path("message").asText()).contains("Timer_Acceptance");
    assertThat(refusals.of("admin")).extracting(Refusals.Refusal::path)
        .contains("/camunda/api/engine/engine/default" + path);

    assertThat(post(null, "/engine-rest" + path, atCheck).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(post("qs-clerk", "/engine-rest" + path, atCheck).getStatusCode())
        .isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
    for (Object malformed : List.of("{not json", Map.of("instructions", "x"), Map.of("instructions",
        List.of(Map.of("type", List.of(1), "activityId", Map.of()))))) {
      HttpHeaders json = new HttpHeaders();
      json.setContentType(MediaType.APPLICATION_JSON);
      ResponseEntity<String> answer = new Api(rest).as("admin").exchange("/engine-rest" + path, HttpMethod.POST,
          new HttpEntity<>(malformed, json), String.class);
      assertThat(answer.getStatusCode().value()).as("%s: %s", malformed, answer.getBody()).isBetween(400, 499);
    }
    assertThat(cases()).isEqualTo(before);
  }

  static final String CALLED = "period-restart-called";
  static final String CALLING = "period-restart-calling";

  @Test
  void norAtACallOrInASubprocessThatHoldsSuchAPeriod() {
    repository.createDeployment().name(CALLED).addModelInstance(CALLED + ".bpmn", Bpmn.createExecutableProcess(CALLED)
        .name("受理").camundaHistoryTimeToLive(3650).startEvent("StartEvent_Called").name("开始")
        .userTask("Task_Check").name("受理审查").camundaCandidateGroups("window-clerk")
        .boundaryEvent("Timer_Acceptance").name("受理期限届满")
        .timerWithDate("${deadlines.periodFromNow('licensing-acceptance')}").endEvent("End_Deemed").name("视为受理")
        .moveToActivity("Task_Check").endEvent("End_Called").name("结束").done()).deploy();
    String calling = repository.createDeployment().name(CALLING).addModelInstance(CALLING + ".bpmn",
        Bpmn.createExecutableProcess(CALLING).name("办理").camundaHistoryTimeToLive(3650)
            .startEvent("StartEvent_Calling").name("开始")
            .callActivity("CallActivity_Intake").name("受理").calledElement(CALLED)
            .subProcess("SubProcess_Review").name("审查").embeddedSubProcess().startEvent("StartEvent_Review").name("开始")
            .userTask("Task_Inner").name("审查").camundaCandidateGroups("window-clerk").endEvent("End_Review")
            .name("审查完毕").subProcessDone()
            .boundaryEvent("Timer_ReviewPeriod").name("审查期满").timerWithDuration("P10D").endEvent("End_Late")
            .name("超期").moveToActivity("SubProcess_Review")
            .userTask("Task_After").name("办结").camundaCandidateGroups("window-clerk").endEvent("End_Calling")
            .name("结束").done()).deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    ProcessInstance ended = runtime.startProcessInstanceByKey(CALLING, Map.of("townshipId", "qingshan"));
    ProcessInstance called = runtime.createProcessInstanceQuery().superProcessInstanceId(ended.getId()).singleResult();
    complete(called, "Task_Check");
    complete(ended, "Task_Inner");
    complete(ended, "Task_After");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(ended.getId()).count()).isZero();
    String byId = "/engine-rest/process-definition/" + calling + "/restart";
    long before = runtime.createProcessInstanceQuery().processDefinitionKey(CALLING).count();

    assertRefused(post("admin", byId, restart(ended, Map.of("type", "startBeforeActivity", "activityId",
        "CallActivity_Intake"))), "CallActivity_Intake（" + CALLED + " 的 Timer_Acceptance）");
    assertRefused(post("admin", byId, restart(ended, Map.of("type", "startBeforeActivity", "activityId",
        "Task_Inner"))), "Timer_ReviewPeriod");
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(CALLING).count()).isEqualTo(before);
    assertThat(post("admin", byId, restart(ended, Map.of("type", "startBeforeActivity", "activityId",
        "Task_After"))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(CALLING).count()).isEqualTo(before + 1);
  }

  /** Version 1: 受理审查, then 审核, neither with a timer; version 2 gives each one. */
  static BpmnModelInstance migrated(boolean withTimers) {
    AbstractActivityBuilder<?, ?> check = Bpmn.createExecutableProcess(MIGRATED).name("新增期限示例")
        .camundaHistoryTimeToLive(3650).startEvent("StartEvent_Applied").name("申请")
        .userTask("Task_Check").name("受理审查").camundaCandidateGroups("window-clerk");
    if (withTimers) {
      check = check.boundaryEvent("Timer_Acceptance").name("受理期限届满")
          .timerWithDate("${deadlines.periodFromNow('licensing-acceptance')}").endEvent("End_Deemed").name("视为受理")
          .moveToActivity("Task_Check");
    }
    AbstractActivityBuilder<?, ?> review = check.userTask("Task_Review").name("审核").camundaCandidateGroups("window-clerk");
    if (withTimers) {
      review = review.boundaryEvent("Timer_Promised").name("承诺期限届满").timerWithDate("${promisedAt}")
          .endEvent("End_Overdue").name("超期").moveToActivity("Task_Review");
    }
    return review.endEvent("End_Done").name("结束").done();
  }

  @Test
  void aMigrationStartsNoNewPeriodOnItsOwnDay() {
    String source = repository.createDeployment().name(MIGRATED).addModelInstance(MIGRATED + ".bpmn",
        migrated(false)).deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    Date promised = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(40)));
    Map<String, Object> variables = Map.of("townshipId", "qingshan", "promisedAt", promised);
    ProcessInstance inCheck = runtime.startProcessInstanceByKey(MIGRATED, variables);
    ProcessInstance inReview = runtime.startProcessInstanceByKey(MIGRATED, variables);
    complete(inReview, "Task_Check");
    String target = repository.createDeployment().name(MIGRATED).addModelInstance(MIGRATED + ".bpmn",
        migrated(true)).deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(21))));
    java.util.function.Function<Map<String, Object>, Map<String, Object>> plan = cases -> {
      Map<String, Object> body = new java.util.HashMap<>(cases);
      body.put("migrationPlan", Map.of("sourceProcessDefinitionId", source, "targetProcessDefinitionId", target,
          "instructions", List.of(
              Map.of("sourceActivityIds", List.of("Task_Check"), "targetActivityIds", List.of("Task_Check")),
              Map.of("sourceActivityIds", List.of("Task_Review"), "targetActivityIds", List.of("Task_Review")))));
      return body;
    };

    // before: 204, and the case waiting three weeks in 受理审查 got five working days from the migration
    assertRefused(post("analyst-lin", "/engine-rest/migration/execute",
        plan.apply(Map.of("processInstanceIds", List.of(inCheck.getId(), inReview.getId())))),
        "Task_Check → Timer_Acceptance", "/api/admin/migrations");
    assertRefused(post("admin", "/engine-rest/engine/default/migration/executeAsync",
        plan.apply(Map.of("processInstanceQuery", Map.of("processDefinitionId", source)))), "Timer_Acceptance");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(inCheck.getId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(source);
    assertThat(management.createJobQuery().processInstanceId(inCheck.getId()).count()).isZero();
    assertThat(refusals.of("analyst-lin")).extracting(Refusals.Refusal::path).contains("/engine-rest/migration/execute");

    // a case in a step whose new timer reads its date from the case moves, and the timer has that date
    assertThat(post("analyst-lin", "/engine-rest/migration/execute", plan.apply(Map.of("processInstanceIds",
        List.of(inReview.getId())))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(inReview.getId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(target);
    Job timer = management.createJobQuery().processInstanceId(inReview.getId()).singleResult();
    assertThat(timer.getDuedate()).isEqualTo(promised);
  }

  static final String WHOLE = "period-whole-case-example";

  /** 受理审查 alone; version 2 adds a reminder seven days after the case starts (an event subprocess of the process). */
  static BpmnModelInstance withReminder(boolean reminder) {
    org.camunda.bpm.model.bpmn.builder.ProcessBuilder process = Bpmn.createExecutableProcess(WHOLE).name("催办示例")
        .camundaHistoryTimeToLive(3650);
    process.startEvent("StartEvent_Applied").name("申请").userTask("Task_Check").name("受理审查")
        .camundaCandidateGroups("window-clerk").endEvent("End_Done").name("结束");
    if (reminder) {
      process.eventSubProcess("EventSubProcess_Reminder").name("催办").startEvent("Timer_Reminder").name("七日未办结")
          .interrupting(false).timerWithDuration("P7D").endEvent("End_Reminded").name("已催办");
    }
    return process.done();
  }

  @Test
  void aTimerOfTheWholeCaseIsNeitherAddedByAMigrationNorStartedAgainByARestart() {
    String source = repository.createDeployment().name(WHOLE).addModelInstance(WHOLE + ".bpmn", withReminder(false))
        .deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    ProcessInstance waiting = runtime.startProcessInstanceByKey(WHOLE, Map.of("townshipId", "qingshan"));
    String target = repository.createDeployment().name(WHOLE).addModelInstance(WHOLE + ".bpmn", withReminder(true))
        .deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    assertRefused(post("analyst-lin", "/engine-rest/migration/execute", Map.of("processInstanceIds",
        List.of(waiting.getId()), "migrationPlan", Map.of("sourceProcessDefinitionId", source,
            "targetProcessDefinitionId", target, "instructions", List.of(Map.of("sourceActivityIds", List.of("Task_Check"),
                "targetActivityIds", List.of("Task_Check")))))), "案件 → Timer_Reminder");
    assertThat(management.createJobQuery().processInstanceId(waiting.getId()).count()).isZero();

    ProcessInstance ended = runtime.startProcessInstanceByKey(WHOLE, Map.of("townshipId", "qingshan"));
    complete(ended, "Task_Check");
    assertRefused(post("admin", "/engine-rest/process-definition/" + target + "/restart", restart(ended,
        Map.of("type", "startBeforeActivity", "activityId", "Task_Check"))), "Timer_Reminder");
    assertThat(runtime.createProcessInstanceQuery().processDefinitionId(target).count()).isZero();
  }
  static final String PATHS = "period-restart-paths";

  /**
   * 开始 → 分流 (a gateway) → 审查 (a subprocess whose first step has ten days counted from its start) → 办结: nothing
   * waits before the timed step, so a restart at the start, the gateway or the subprocess starts that period at once.
   */
  static BpmnModelInstance pathsToAPeriod() {
    return Bpmn.createExecutableProcess(PATHS).name("经网关重开示例").camundaHistoryTimeToLive(3650)
        .startEvent("StartEvent_Paths").name("申请")
        .exclusiveGateway("Gateway_Route").name("分流")
        .subProcess("SubProcess_Examine").name("审查").embeddedSubProcess().startEvent("StartEvent_Examine").name("开始")
        .userTask("Task_Examine").name("审查").camundaCandidateGroups("window-clerk")
        .boundaryEvent("Timer_ExaminePeriod").name("审查期满").timerWithDuration("P10D").endEvent("End_Late").name("超期")
        .moveToActivity("Task_Examine").endEvent("End_Examined").name("审查完毕").subProcessDone()
        .userTask("Task_Close").name("办结").camundaCandidateGroups("window-clerk").endEvent("End_Paths").name("结束")
        .done();
  }

  /** Found by the fifth attacker's review: the guard looked only at the element an instruction names. */
  @Test
  void norAtAnElementThatLeadsIntoSuchAStepWithoutWaiting() {
    Date promised = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(20)));
    ProcessInstance endedCheck = endedCase(promised);
    String definition = repository.createDeployment().name(PATHS).addModelInstance(PATHS + ".bpmn", pathsToAPeriod())
        .deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    ProcessInstance ended = runtime.startProcessInstanceByKey(PATHS, Map.of("townshipId", "qingshan"));
    complete(ended, "Task_Examine");
    complete(ended, "Task_Close");
    String byId = "/engine-rest/process-definition/" + definition + "/restart";
    long before = runtime.createProcessInstanceQuery().processDefinitionKey(PATHS).count();
    long restartedBefore = cases();

    // before: 204, the restarted case went from its start event straight into 受理审查 with five days from today
    assertRefused(post("admin", "/engine-rest/process-definition/" + endedCheck.getProcessDefinitionId() + "/restart",
        restart(endedCheck, Map.of("type", "startBeforeActivity", "activityId", "StartEvent_Applied"))),
        "Timer_Acceptance");
    for (Map<String, String> instruction : List.of(
        Map.of("type", "startBeforeActivity", "activityId", "StartEvent_Paths"),
        Map.of("type", "startBeforeActivity", "activityId", "Gateway_Route"),
        Map.of("type", "startAfterActivity", "activityId", "StartEvent_Paths"),
        Map.of("type", "startBeforeActivity", "activityId", "SubProcess_Examine"),
        Map.of("type", "startBeforeActivity", "activityId", "StartEvent_Examine"))) {
      assertRefused(post("admin", byId, restart(ended, instruction)), "Timer_ExaminePeriod");
    }
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(PATHS).count()).isEqualTo(before);
    assertThat(cases()).isEqualTo(restartedBefore);
    // a step after the period still restarts
    assertThat(post("admin", byId, restart(ended, Map.of("type", "startBeforeActivity", "activityId", "Task_Close")))
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(PATHS).count()).isEqualTo(before + 1);
  }

  ResponseEntity<String> postText(String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new Api(rest).as("admin").exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), String.class);
  }

  /**
   * Found by the fifth attacker's review: an instruction naming its type twice. Camunda's reader takes the type from
   * the first ("startBeforeActivity"), the guards read the last ("cancel") and let it pass.
   */
  @Test
  void anInstructionThatNamesItsTypeTwiceIsRefused() throws Exception {
    ProcessInstance ended = endedCase(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(20))));
    long before = cases();
    // before: 204, the restarted case waited in 受理审查 with five days from the restart
    ResponseEntity<String> restarted = postText("/engine-rest/process-definition/" + ended.getProcessDefinitionId()
        + "/restart", "{\"processInstanceIds\": [\"" + ended.getId() + "\"], \"instructions\": [{\"type\": "
        + "\"startBeforeActivity\", \"activityId\": \"Task_Check\", \"type\": \"cancel\"}]}");
    assertThat(restarted.getStatusCode()).as(restarted.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(CachedBody.JSON.readTree(restarted.getBody()).path("message").asText()).contains("type", "未作任何修改");
    assertThat(cases()).isEqualTo(before);

    // before: 204, the acceptance timer's path taken at once (视为受理 without the five days having passed)
    ProcessInstance waiting = runtime.startProcessInstanceByKey(RESTARTED, Map.of("townshipId", "qingshan",
        "promisedAt", new Date()));
    complete(waiting, "Task_Check"); // now in 决定, whose timer reads its date from the case
    ResponseEntity<String> modified = postText("/engine-rest/process-instance/" + waiting.getId() + "/modification",
        "{\"instructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"Timer_Acceptance\", "
            + "\"type\": \"cancel\"}]}");
    assertThat(modified.getStatusCode()).as(modified.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(waiting.getId())
        .activityId("End_Deemed").count()).isZero();
    // the same call sent once is refused by what it does
    assertThat(postText("/engine-rest/process-instance/" + waiting.getId() + "/modification",
        "{\"instructions\": [{\"type\": \"startBeforeActivity\", \"activityId\": \"Timer_Acceptance\"}]}")
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  static final String WRAPPED = "period-wrapped-example";

  /** 受理审查 alone; version 2 puts it into a subprocess 受理 with five days counted from the subprocess's start. */
  static BpmnModelInstance wrapped(boolean inSubprocess) {
    org.camunda.bpm.model.bpmn.builder.StartEventBuilder start = Bpmn.createExecutableProcess(WRAPPED).name("新增子流程示例")
        .camundaHistoryTimeToLive(3650).startEvent("StartEvent_Applied").name("申请");
    if (!inSubprocess) {
      return start.userTask("Task_Check").name("受理审查").camundaCandidateGroups("window-clerk").endEvent("End_Done")
          .name("结束").done();
    }
    return start.subProcess("SubProcess_Accept").name("受理").embeddedSubProcess().startEvent("StartEvent_Accept")
        .name("开始").userTask("Task_Check").name("受理审查").camundaCandidateGroups("window-clerk")
        .endEvent("End_Accepted").name("受理完毕").subProcessDone()
        .boundaryEvent("Timer_AcceptPeriod").name("受理期满").timerWithDuration("P5D").endEvent("End_Late").name("超期")
        .moveToActivity("SubProcess_Accept").endEvent("End_Done").name("结束").done();
  }

  /**
   * Found by the fifth attacker's review: the engine creates a subprocess the target version wraps around the step
   * (and the subprocess's timers, counted from the migration); the guard looked only at the step itself.
   */
  @Test
  void aMigrationIntoANewSubprocessWithAPeriodIsRefused() {
    String source = repository.createDeployment().name(WRAPPED).addModelInstance(WRAPPED + ".bpmn", wrapped(false))
        .deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    ProcessInstance waiting = runtime.startProcessInstanceByKey(WRAPPED, Map.of("townshipId", "qingshan"));
    String target = repository.createDeployment().name(WRAPPED).addModelInstance(WRAPPED + ".bpmn", wrapped(true))
        .deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    // before: 204, and the case three weeks in 受理审查 got a five-day timer from the day of the migration
    assertRefused(post("analyst-lin", "/engine-rest/migration/execute", Map.of("processInstanceIds",
        List.of(waiting.getId()), "migrationPlan", Map.of("sourceProcessDefinitionId", source,
            "targetProcessDefinitionId", target, "instructions", List.of(Map.of("sourceActivityIds",
                List.of("Task_Check"), "targetActivityIds", List.of("Task_Check")))))),
        "Task_Check → Timer_AcceptPeriod");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(waiting.getId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(source);
    assertThat(management.createJobQuery().processInstanceId(waiting.getId()).count()).isZero();
  }
  static final String SIGNED = "period-multi-instance-example";

  /** 会签: two signatures, together within five working days counted from when the step is reached. */
  static BpmnModelInstance signed() {
    return Bpmn.createExecutableProcess(SIGNED).name("会签示例").camundaHistoryTimeToLive(3650)
        .startEvent("StartEvent_Signed").name("开始")
        .userTask("Task_Sign").name("会签").camundaCandidateGroups("window-clerk").multiInstance().cardinality("2")
        .multiInstanceDone()
        .boundaryEvent("Timer_SignPeriod").name("会签期满")
        .timerWithDate("${deadlines.periodFromNow('licensing-acceptance')}").endEvent("End_Late").name("超期")
        .moveToActivity("Task_Sign").endEvent("End_Signed").name("结束").done();
  }

  /**
   * Found by the fifth attacker's review: the engine takes a multi-instance step by its body's id
   * ({@code Task_Sign#multiInstanceBody}), which names no element of the model, so the guards found no timer.
   */
  @Test
  void aMultiInstanceStepNamedByItsBodyIsTheStep() {
    String definition = repository.createDeployment().name(SIGNED).addModelInstance(SIGNED + ".bpmn", signed())
        .deployWithResult().getDeployedProcessDefinitions().get(0).getId();
    ProcessInstance ended = runtime.startProcessInstanceByKey(SIGNED, Map.of("townshipId", "qingshan"));
    tasks.createTaskQuery().processInstanceId(ended.getId()).list().forEach(task -> tasks.complete(task.getId()));
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(ended.getId()).count()).isZero();
    // before: 204, the restarted case's five days ran from the restart
    assertRefused(post("admin", "/engine-rest/process-definition/" + definition + "/restart", restart(ended,
        Map.of("type", "startBeforeActivity", "activityId", "Task_Sign#multiInstanceBody"))), "Timer_SignPeriod");
    assertThat(runtime.createProcessInstanceQuery().processDefinitionId(definition).count()).isZero();

    // before: 204, the waiting case's step cancelled by its body and started again, its period with it
    ProcessInstance waiting = runtime.startProcessInstanceByKey(SIGNED, Map.of("townshipId", "qingshan"));
    Date due = management.createJobQuery().processInstanceId(waiting.getId()).singleResult().getDuedate();
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(3))));
    String body = runtime.getActivityInstance(waiting.getId()).getActivityInstances("Task_Sign#multiInstanceBody")[0]
        .getId();
    ResponseEntity<Map<String, Object>> modified = post("admin", "/engine-rest/process-instance/" + waiting.getId()
        + "/modification", Map.of("instructions", List.of(Map.of("type", "cancel", "activityInstanceId", body),
        Map.of("type", "startBeforeActivity", "activityId", "Task_Sign#multiInstanceBody"))));
    assertThat(modified.getStatusCode()).as("%s", modified.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(management.createJobQuery().processInstanceId(waiting.getId()).singleResult().getDuedate())
        .isEqualTo(due);
  }
}
