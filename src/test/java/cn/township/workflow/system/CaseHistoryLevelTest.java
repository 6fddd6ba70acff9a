package cn.township.workflow.system;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.window.ChineseIdNumber;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * History "case-file": what supervision, the case file and the audit read is recorded; the ACT_HI_DETAIL row per
 * variable update, a job's creation and deletion and a figure a case looks up in a decision table are not; a database
 * that ran with history full is moved to it at start.
 */
class CaseHistoryLevelTest extends ProcessTestCase {

  @Autowired HistoryService history;

  @Test
  void theEngineRunsWithIt() {
    assertThat(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getHistoryLevel().getId())
        .isEqualTo(CaseHistoryLevel.ID);
    assertThat(engine.getManagementService().getProperties()).containsEntry("historyLevel",
        String.valueOf(CaseHistoryLevel.ID));
  }

  @Test
  void variablesTasksIdentityLinksAndTheOperationLogAreKeptButNoUpdateDetails() {
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    Task check = tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).singleResult();
    engine.getIdentityService().setAuthentication("qs-clerk", List.of("window-clerk"), List.of("qingshan"));
    try {
      tasks.complete(check.getId(), java.util.Map.of("receivedMaterials", List.of("农村宅基地和建房（规划许可）申请表",
          "申请人身份证明", "户口簿", "村民小组会议讨论意见及村委会审查意见", "住房设计图或通用图"), "acceptable", true));
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    String root = instance.getId();
    HistoricVariableInstance receipt = history.createHistoricVariableInstanceQuery().processInstanceId(root)
        .variableName("receiptNo").singleResult();
    assertThat(receipt.getValue()).isEqualTo(runtime.getVariable(root, "receiptNo"));
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(root).variableName("materialsInFile")
        .singleResult()).as("copied out of the intake").isNotNull();
    assertThat(history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(instance.getBusinessKey())
        .taskDefinitionKey("Task_CheckCompleteness").finished().count()).isEqualTo(1);
    assertThat(history.createHistoricIdentityLinkLogQuery().taskId(check.getId()).groupId("window-clerk").count())
        .as("the candidate group, kept").isPositive();
    assertThat(history.createUserOperationLogQuery().userId("qs-clerk").operationType("Complete").count()).isPositive();
    assertThat(history.createHistoricDetailQuery().count()).as("no ACT_HI_DETAIL rows").isZero();
  }

  @Test
  void aFigureACaseLooksUpIsNotRecordedButABusinessRuleTaskAndAnEvaluationThroughTheApiAre() {
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    assertThat(runtime.getVariable(instance.getId(), "timeLimitDays")).as("the catalog's figure, in the case")
        .isEqualTo(20);
    String intake = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId()).singleResult()
        .getId();
    assertThat(history.createHistoricDecisionInstanceQuery().processInstanceId(instance.getId()).count())
        .as("the catalog's lookup at registration").isZero();
    assertThat(history.createHistoricDecisionInstanceQuery().processInstanceId(intake).count())
        .as("the acceptance period's lookup for the intake's timer").isZero();

    BpmnModelInstance model = Bpmn.createExecutableProcess("rule-task-history").camundaHistoryTimeToLive(3650)
        .startEvent().businessRuleTask("Rule_Period").camundaDecisionRef("statutory-periods")
        .camundaResultVariable("periodRow").camundaMapDecisionResult("singleResult").userTask("Task_Wait")
        .endEvent().done();
    engine.getRepositoryService().createDeployment().addModelInstance("rule-task-history.bpmn", model).deploy();
    String ruled = runtime.startProcessInstanceByKey("rule-task-history",
        Variables.createVariables().putValue("period", "licensing-acceptance")).getId();
    HistoricDecisionInstance byTask = history.createHistoricDecisionInstanceQuery().processInstanceId(ruled)
        .includeOutputs().singleResult();
    assertThat(byTask.getActivityId()).isEqualTo("Rule_Period");
    assertThat(byTask.getOutputs()).extracting(HistoricDecisionOutputInstance::getVariableName)
        .contains("days", "unit");

    long before = history.createHistoricDecisionInstanceQuery().decisionDefinitionKey("statutory-periods").count();
    engine.getDecisionService().evaluateDecisionByKey("statutory-periods")
        .variables(Variables.createVariables().putValue("period", "licensing-acceptance")).evaluate();
    assertThat(history.createHistoricDecisionInstanceQuery().decisionDefinitionKey("statutory-periods").count())
        .as("evaluated through the API").isEqualTo(before + 1);
  }

  @Test
  void aSensitiveVariableHasNoHistoryWhateverHappensToIt() {
    // straight on the engine, without RegisterApplication (which removes it): created, updated, migrated and deleted;
    // SensitiveVariableWrites takes each write out of the engine too, so the history level is the second line here
    BpmnModelInstance model = Bpmn.createExecutableProcess("sensitive-history").camundaHistoryTimeToLive(3650)
        .startEvent().userTask("Task_Wait").endEvent().done();
    engine.getRepositoryService().createDeployment().addModelInstance("sensitive-history.bpmn", model).deploy();
    String id = runtime.startProcessInstanceByKey("sensitive-history", Variables.createVariables()
        .putValue("applicantIdNumber", ChineseIdNumber.withCheckCharacter("43052119800101123")).putValue("applicantName", "王大山")).getId();
    runtime.setVariable(id, "applicantIdNumber", ChineseIdNumber.withCheckCharacter("43052119800101124"));
    engine.getRepositoryService().createDeployment().addModelInstance("sensitive-history.bpmn", model).deploy();
    var definitions = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(
        "sensitive-history").orderByProcessDefinitionVersion().asc().list();
    runtime.newMigration(runtime.createMigrationPlan(definitions.get(0).getId(), definitions.get(1).getId())
        .mapEqualActivities().build()).processInstanceIds(id).execute();
    assertThat(runtime.getVariable(id, "applicantIdNumber")).as("moved out of the engine at each write").isNull();
    runtime.removeVariable(id, "applicantIdNumber");
    tasks.complete(tasks.createTaskQuery().processInstanceId(id).singleResult().getId());

    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(id).list())
        .extracting(HistoricVariableInstance::getName).containsExactly("applicantName");
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(id).includeDeleted()
        .variableName("applicantIdNumber").count()).isZero();
    assertThat(history.createHistoricDetailQuery().processInstanceId(id).count()).isZero();
  }

  @Test
  void aVariableEventIsToldByTheVariablesName() {
    HistoricVariableUpdateEventEntity update = new HistoricVariableUpdateEventEntity();
    update.setVariableName("applicantIdNumber");
    assertThat(CaseHistoryLevel.LEVEL.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE, update))
        .isFalse();
    update.setVariableName("applicantName");
    assertThat(CaseHistoryLevel.LEVEL.isHistoryEventProduced(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE, update))
        .isTrue();
    assertThat(CaseHistoryLevel.LEVEL.isHistoryEventProduced(HistoryEventTypes.PROCESS_INSTANCE_START, null))
        .as("other events of the case").isTrue();
  }

  @Test
  void aJobsRunIsLoggedItsCreationAndDeletionAreNot() {
    ManagementService management = engine.getManagementService();
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    String intake = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId()).singleResult()
        .getId();
    Job deadline = management.createJobQuery().processInstanceId(intake).activityId("Timer_AcceptanceDeadline")
        .singleResult();
    assertThat(deadline).as("the acceptance deadline's timer").isNotNull();
    ClockUtil.setCurrentTime(new java.util.Date(deadline.getDuedate().getTime() + 60_000));
    management.executeJob(deadline.getId());
    assertThat(history.createHistoricJobLogQuery().jobId(deadline.getId()).successLog().count()).isEqualTo(1);
    assertThat(history.createHistoricJobLogQuery().jobId(deadline.getId()).creationLog().count()).isZero();
    assertThat(history.createHistoricJobLogQuery().processInstanceId(intake).deletionLog().count()).isZero();
  }

  @Test
  void aDatabaseThatRanWithHistoryFullIsMovedOnceAndANewOneIsLeftToTheEngine() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:history" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    assertThat(CaseHistoryLevel.adopt(dataSource, "")).as("no engine tables yet").isFalse();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("CREATE TABLE ACT_GE_PROPERTY (NAME_ VARCHAR(64) PRIMARY KEY, VALUE_ VARCHAR(300), REV_ INTEGER)");
    jdbc.update("INSERT INTO ACT_GE_PROPERTY VALUES ('historyLevel', '3', 1)");
    assertThat(CaseHistoryLevel.adopt(dataSource, "")).isTrue();
    assertThat(jdbc.queryForObject("SELECT VALUE_ FROM ACT_GE_PROPERTY WHERE NAME_ = 'historyLevel'", String.class))
        .isEqualTo(String.valueOf(CaseHistoryLevel.ID));
    assertThat(CaseHistoryLevel.adopt(dataSource, "")).as("already moved").isFalse();
    jdbc.update("UPDATE ACT_GE_PROPERTY SET VALUE_ = '2' WHERE NAME_ = 'historyLevel'");
    assertThat(CaseHistoryLevel.adopt(dataSource, "")).as("another level is left for the engine to refuse").isFalse();
  }
}
