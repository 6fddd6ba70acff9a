package cn.township.workflow.models;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.security.Refusals;
import cn.township.workflow.support.Api;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The analysts' way of changing a model: deploy a new version over REST (as Camunda Modeler does),
 * dry-run the migration of running cases, migrate. Nobody else may deploy or migrate, and no model
 * with a script is accepted from anyone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ModelChangeTest {

  static final String KEY = "migration-example";

  @Autowired TestRestTemplate anonymous;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @Autowired Refusals refusals;
  @Autowired org.camunda.bpm.engine.ManagementService management;

  /** A two-step procedure; {@code firstStepId} lets a version rename the step cases wait in. */
  static BpmnModelInstance example(String firstStepId, String firstStepName) {
    return Bpmn.createExecutableProcess(KEY).name("迁移示例").camundaHistoryTimeToLive(3650)
        .startEvent("StartEvent_Example").name("开始")
        .userTask(firstStepId).name(firstStepName).camundaCandidateGroups("reviewer")
        .userTask("Task_Second").name("第二步").camundaCandidateGroups("reviewer")
        .endEvent("End_Example").name("结束")
        .done();
  }

  static BpmnModelInstance withScript() {
    return Bpmn.createExecutableProcess("script-example").name("脚本示例").camundaHistoryTimeToLive(3650)
        .startEvent("StartEvent_Script").name("开始")
        .scriptTask("Task_Script").name("脚本").scriptFormat("javascript").scriptText("1 + 1")
        .endEvent("End_Script").name("结束")
        .done();
  }

  ResponseEntity<Map<String, Object>> deploy(String user, String name, BpmnModelInstance model) {
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("deployment-name", name);
    form.add("deploy-changed-only", "true");
    form.add("data", new ByteArrayResource(Bpmn.convertToString(model).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return name + ".bpmn";
      }
    });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return new Api(anonymous).as(user).exchange("/engine-rest/deployment/create", HttpMethod.POST,
        new HttpEntity<>(form, headers), Api.JSON_OBJECT);
  }

  ResponseEntity<Map<String, Object>> migrate(String user, boolean dryRun) {
    return migrate(user, KEY, dryRun);
  }

  ResponseEntity<Map<String, Object>> migrate(String user, String key, boolean dryRun) {
    return new Api(anonymous).post(user, "/api/admin/migrations", Map.of("processKey", key, "dryRun", dryRun));
  }

  static final String DEADLINE_KEY = "migration-deadline-example";

  /** A step with a statutory period counted from when the case reached it (行政许可法第三十二条's five working days). */
  static BpmnModelInstance withDeadline(String stepName) {
    return Bpmn.createExecutableProcess(DEADLINE_KEY).name("期限迁移示例").camundaHistoryTimeToLive(3650)
        .startEvent("StartEvent_Deadline").name("开始")
        .userTask("Task_Check").name(stepName).camundaCandidateGroups("window-clerk")
        .boundaryEvent("Timer_Deadline").name("期限届满")
        .timerWithDate("${deadlines.periodFromNow('licensing-acceptance')}")
        .endEvent("End_Deemed").name("视为受理")
        .moveToActivity("Task_Check").endEvent("End_Checked").name("已核验")
        .done();
  }

  @Test
  void aMigratedCaseKeepsTheDatesItsPeriodsWereGiven() {
    // moving a case onto a new version must not restart a period counted "from now": the deadline is the statute's,
    // fixed when the case reached the step (before: the migration recalculated every timer from the migration's day)
    assertThat(deploy("analyst-lin", DEADLINE_KEY, withDeadline("受理审查")).getStatusCode()).isEqualTo(HttpStatus.OK);
    ProcessInstance waiting = runtime.startProcessInstanceByKey(DEADLINE_KEY, "MIG-DEADLINE");
    org.camunda.bpm.engine.runtime.Job timer = management.createJobQuery().processInstanceId(waiting.getId())
        .singleResult();
    java.util.Date due = timer.getDuedate();
    assertThat(deploy("analyst-lin", DEADLINE_KEY, withDeadline("受理审查（核验材料）")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(due.toInstant()
        .minus(java.time.Duration.ofDays(1))));
    try {
      ResponseEntity<Map<String, Object>> done = migrate("analyst-lin", DEADLINE_KEY, false);
      assertThat(done.getBody()).containsEntry("targetVersion", 2);
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
    assertThat(versionOf(waiting)).isEqualTo(2);
    assertThat(management.createJobQuery().processInstanceId(waiting.getId()).singleResult().getDuedate())
        .isEqualTo(due);
  }

  static final String ADDED_KEY = "migration-added-deadline-example";

  /** 受理审查 then 审核; version 2 gives 受理审查 its five working days counted from when the case reaches it. */
  static BpmnModelInstance withAddedDeadline(boolean deadline) {
    org.camunda.bpm.model.bpmn.builder.AbstractActivityBuilder<?, ?> check = Bpmn.createExecutableProcess(ADDED_KEY)
        .name("新增期限迁移示例").camundaHistoryTimeToLive(3650).startEvent("StartEvent_Added").name("开始")
        .userTask("Task_Check").name("受理审查").camundaCandidateGroups("window-clerk");
    if (deadline) {
      check = check.boundaryEvent("Timer_Deadline").name("期限届满")
          .timerWithDate("${deadlines.periodFromNow('licensing-acceptance')}").endEvent("End_Deemed").name("视为受理")
          .moveToActivity("Task_Check");
    }
    return check.userTask("Task_Second").name("审核").camundaCandidateGroups("window-clerk")
        .endEvent("End_Added").name("结束").done();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCaseInAStepThatANewVersionGivesAPeriodStaysOnItsVersion() {
    assertThat(deploy("analyst-lin", ADDED_KEY, withAddedDeadline(false)).getStatusCode()).isEqualTo(HttpStatus.OK);
    ProcessInstance inCheck = runtime.startProcessInstanceByKey(ADDED_KEY, "MIG-ADDED-1");
    ProcessInstance inSecond = runtime.startProcessInstanceByKey(ADDED_KEY, "MIG-ADDED-2");
    org.camunda.bpm.engine.TaskService tasks = org.camunda.bpm.engine.ProcessEngines.getDefaultProcessEngine()
        .getTaskService();
    tasks.complete(tasks.createTaskQuery().processInstanceId(inSecond.getId()).singleResult().getId());
    assertThat(deploy("analyst-lin", ADDED_KEY, withAddedDeadline(true)).getStatusCode()).isEqualTo(HttpStatus.OK);
    // three weeks in 受理审查: version 2's five working days would start today
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(java.time.Instant.now()
        .plus(java.time.Duration.ofDays(21))));
    try {
      for (boolean dryRun : List.of(true, false)) {
        ResponseEntity<Map<String, Object>> answer = migrate("analyst-lin", ADDED_KEY, dryRun);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<Map<String, Object>>) answer.getBody().get("migrated")).extracting(m -> m.get("businessKey"))
            .as("dry run %s", dryRun).containsExactly("MIG-ADDED-2");
        assertThat((List<Map<String, Object>>) answer.getBody().get("blocked")).singleElement().satisfies(blocked -> {
          assertThat(blocked).containsEntry("businessKey", "MIG-ADDED-1");
          assertThat((List<String>) blocked.get("reasons")).singleElement().asString()
              .startsWith("新版本给案件所在的环节新增了从到达环节起计算期限的计时器（Task_Check → Timer_Deadline）");
        });
      }
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
    assertThat(versionOf(inCheck)).isEqualTo(1);
    assertThat(management.createJobQuery().processInstanceId(inCheck.getId()).count()).isZero();
    assertThat(versionOf(inSecond)).isEqualTo(2);
  }

  int versionOf(ProcessInstance instance) {
    String definitionId = runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).singleResult()
        .getProcessDefinitionId();
    return repository.getProcessDefinition(definitionId).getVersion();
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAnalystDeploysANewVersionDryRunsAndMigratesRunningCases() {
    assertThat(deploy("analyst-lin", KEY, example("Task_First", "第一步")).getStatusCode()).isEqualTo(HttpStatus.OK);
    ProcessInstance waiting = runtime.startProcessInstanceByKey(KEY, "MIG-1");
    ProcessInstance alsoWaiting = runtime.startProcessInstanceByKey(KEY, "MIG-2");

    // version 2 renames the step the cases wait in: they cannot move, and the dry run says why
    assertThat(deploy("analyst-lin", KEY, example("Task_FirstRenamed", "第一步")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    ResponseEntity<Map<String, Object>> blocked = migrate("analyst-lin", true);
    assertThat(blocked.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(blocked.getBody()).containsEntry("targetVersion", 2).containsEntry("dryRun", true);
    List<Map<String, Object>> refused = (List<Map<String, Object>>) blocked.getBody().get("blocked");
    assertThat(refused).extracting(b -> b.get("businessKey")).containsExactlyInAnyOrder("MIG-1", "MIG-2");
    assertThat((List<?>) refused.get(0).get("reasons")).anySatisfy(reason -> assertThat((String) reason).contains("Task_First"));
    assertThat((List<?>) blocked.getBody().get("migrated")).isEmpty();

    // version 3 only renames the label: the dry run lists both, and changes nothing
    assertThat(deploy("analyst-lin", KEY, example("Task_First", "第一步（核对材料）")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    ResponseEntity<Map<String, Object>> dryRun = migrate("analyst-lin", true);
    assertThat((List<Map<String, Object>>) dryRun.getBody().get("migrated")).extracting(m -> m.get("businessKey"))
        .containsExactlyInAnyOrder("MIG-1", "MIG-2");
    assertThat(versionOf(waiting)).isEqualTo(1);

    ResponseEntity<Map<String, Object>> done = migrate("analyst-lin", false);
    assertThat(done.getBody()).containsEntry("targetVersion", 3).containsEntry("dryRun", false);
    assertThat(versionOf(waiting)).isEqualTo(3);
    assertThat(versionOf(alsoWaiting)).isEqualTo(3);
  }

  @Test
  void aClerkCanNeitherDeployNorMigrateAndTheAttemptIsRecorded() {
    ResponseEntity<Map<String, Object>> deployment = deploy("qs-clerk", "clerk-attempt", example("Task_First", "第一步"));
    assertThat(deployment.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(repository.createDeploymentQuery().deploymentName("clerk-attempt").count()).isZero();
    ResponseEntity<Map<String, Object>> migration = migrate("qs-clerk", true);
    assertThat(migration.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) migration.getBody().get("message")).contains("只有流程分析员或管理员");
    assertThat(refusals.of("qs-clerk")).extracting(Refusals.Refusal::path)
        .contains("/engine-rest/deployment/create", "/api/admin/migrations");
  }

  @Test
  void aModelWithAScriptIsRefusedFromAClerkAndFromAnAnalyst() {
    assertThat(deploy("qs-clerk", "script-by-clerk", withScript()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<Map<String, Object>> byAnalyst = deploy("analyst-lin", "script-by-analyst", withScript());
    assertThat(byAnalyst.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) byAnalyst.getBody().get("message")).contains("Task_Script").contains("脚本任务");
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("script-example").count()).isZero();
  }

  @Test
  void anUnknownProcessIsAClearError() {
    ResponseEntity<Map<String, Object>> response = new Api(anonymous).post("analyst-lin", "/api/admin/migrations",
        Map.of("processKey", "no-such-procedure"));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) response.getBody().get("message")).contains("没有已部署的流程“no-such-procedure”");
  }
}
