package cn.township.workflow.system;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.ProcessTestCase;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * History "case-file": what supervision, the case file and the audit read is recorded, the ACT_HI_DETAIL row per
 * variable update is not; a database that ran with history full is moved to it at start.
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
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(root).variableName("intakeOutcome")
        .singleResult()).isNotNull();
    assertThat(history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(instance.getBusinessKey())
        .taskDefinitionKey("Task_CheckCompleteness").finished().count()).isEqualTo(1);
    assertThat(history.createHistoricIdentityLinkLogQuery().taskId(check.getId()).groupId("window-clerk").count())
        .as("the candidate group, kept").isPositive();
    assertThat(history.createUserOperationLogQuery().userId("qs-clerk").operationType("Complete").count()).isPositive();
    assertThat(history.createHistoricDetailQuery().count()).as("no ACT_HI_DETAIL rows").isZero();
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
