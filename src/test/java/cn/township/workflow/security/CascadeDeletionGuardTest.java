package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * A model version is never deleted with its cases (cascade): a model analyst deleted a deployment from Cockpit or the
 * REST API with {@code cascade=true}, and its running cases were gone with their timers and their history.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class CascadeDeletionGuardTest {

  static final String KEY = "cascade-example";

  @Autowired TestRestTemplate rest;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired TaskService tasks;
  @Autowired Refusals refusals;
  @Autowired org.camunda.bpm.engine.DecisionService decisions;

  ProcessDefinition deployed() {
    return repository.createDeployment().name(KEY).addModelInstance(KEY + ".bpmn", Bpmn.createExecutableProcess(KEY)
        .name("删除示例").camundaHistoryTimeToLive(3650).startEvent("StartEvent_Example").name("开始")
        .userTask("Task_Wait").name("等待").camundaCandidateGroups("reviewer").endEvent("End_Done").name("结束")
        .done()).deployWithResult().getDeployedProcessDefinitions().get(0);
  }

  ResponseEntity<Map<String, Object>> delete(String user, String path) {
    return new Api(rest).as(user).exchange(path, HttpMethod.DELETE, HttpEntity.EMPTY, Api.JSON_OBJECT);
  }

  void assertRefused(ResponseEntity<Map<String, Object>> answer) {
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(answer.getBody()).containsEntry("message", CascadeDeletionGuard.REFUSAL);
  }

  @Test
  void aModelVersionIsNotDeletedWithItsCases() {
    ProcessDefinition version = deployed();
    ProcessInstance running = runtime.startProcessInstanceByKey(KEY, Map.of("townshipId", "qingshan"));
    ProcessInstance decided = runtime.startProcessInstanceByKey(KEY, Map.of("townshipId", "qingshan"));
    tasks.complete(tasks.createTaskQuery().processInstanceId(decided.getId()).singleResult().getId());

    assertThat(delete(null, "/engine-rest/deployment/" + version.getDeploymentId() + "?cascade=true").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    // before: 204, both cases and their history gone
    assertRefused(delete("analyst-lin", "/engine-rest/deployment/" + version.getDeploymentId() + "?cascade=true"));
    assertRefused(delete("analyst-lin", "/engine-rest/engine/default/deployment/" + version.getDeploymentId()
        + "?cascade=TRUE"));
    assertRefused(delete("admin", "/engine-rest/process-definition/" + version.getId() + "?cascade=true"));
    assertRefused(delete("admin", "/engine-rest/process-definition/key/" + KEY + "/delete?cascade=true"));
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(running.getId()).count()).isEqualTo(1);
    assertThat(history.createHistoricProcessInstanceQuery().processDefinitionId(version.getId()).count()).isEqualTo(2);
    assertThat(refusals.of("analyst-lin")).extracting(Refusals.Refusal::path)
        .contains("/engine-rest/deployment/" + version.getDeploymentId());

    // a version without cases stays the engine's to delete
    ProcessDefinition unused = deployed();
    assertThat(delete("analyst-lin", "/engine-rest/deployment/" + unused.getDeploymentId() + "?cascade=true")
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(repository.createProcessDefinitionQuery().processDefinitionId(unused.getId()).count()).isZero();
    assertThat(delete("analyst-lin", "/engine-rest/deployment/no-such-deployment?cascade=true").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  ResponseEntity<Map<String, Object>> post(String user, String path, Object body) {
    return new Api(rest).post(user, path, body);
  }

  /**
   * Found by an attacker's review: an administrator deleted a decided case's whole record over the engine's API years
   * before its period ended (204: DELETE …/history/process-instance/{id}; the batch by ids or by query; the variable
   * history; one historic variable; or a removal time of today set by hand for the history cleanup to act on).
   */
  @Test
  void aDecidedCasesRecordIsKeptUntilItsPeriodIsOver() {
    deployed();
    ProcessInstance decided = runtime.startProcessInstanceByKey(KEY, Map.of("townshipId", "qingshan"));
    tasks.complete(tasks.createTaskQuery().processInstanceId(decided.getId()).singleResult().getId());
    String variable = history.createHistoricVariableInstanceQuery().processInstanceId(decided.getId()).singleResult()
        .getId();
    String record = "/engine-rest/history/process-instance/" + decided.getId();
    List<ResponseEntity<Map<String, Object>>> refused = List.of(
        delete("admin", record),
        delete("admin", "/engine-rest/engine/default/history/process-instance/" + decided.getId() + "/"),
        delete("admin", record + "/variable-instances"),
        delete("admin", "/engine-rest/history/variable-instance/" + variable),
        post("admin", "/engine-rest/history/process-instance/delete",
            Map.of("historicProcessInstanceIds", List.of(decided.getId()))),
        post("admin", "/engine-rest/history/process-instance/set-removal-time", Map.of("absoluteRemovalTime",
            "2026-01-01T00:00:00.000+0000", "historicProcessInstanceIds", List.of(decided.getId()))),
        delete("analyst-lin", record));
    for (ResponseEntity<Map<String, Object>> answer : refused) {
      assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(answer.getBody()).containsEntry("message", CaseRecordGuard.REFUSAL);
    }
    ResponseEntity<Map<String, Object>> byQuery = post("admin", "/engine-rest/history/process-instance/delete",
        Map.of("historicProcessInstanceQuery", Map.of("processDefinitionKey", KEY)));
    assertThat(byQuery.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(byQuery.getBody()).containsEntry("message", CaseRecordGuard.BY_QUERY);
    assertThat(delete(null, record).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(decided.getId()).count()).isEqualTo(1);
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(decided.getId()).count()).isEqualTo(1);
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(decided.getId()).singleResult()
        .getRemovalTime()).isAfter(new Date());
    assertThat(refusals.of("admin")).extracting(Refusals.Refusal::path).contains(record);

    // a decision evaluation's record (kept for its decision's historyTimeToLive), by ids or by query
    decisions.evaluateDecisionTableByKey("decision-planning", Map.of("affectsPublicInterest", true,
        "technicallyComplex", false, "mayAffectStability", false));
    String evaluation = history.createHistoricDecisionInstanceQuery().decisionDefinitionKey("decision-planning")
        .orderByEvaluationTime().desc().list().get(0).getId();
    assertThat(post("admin", "/engine-rest/history/decision-instance/delete", Map.of("historicDecisionInstanceIds",
        List.of(evaluation))).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(post("admin", "/engine-rest/history/decision-instance/delete", Map.of("historicDecisionInstanceQuery",
        Map.of())).getBody()).containsEntry("message", CaseRecordGuard.BY_QUERY);
    assertThat(history.createHistoricDecisionInstanceQuery().decisionInstanceId(evaluation).count()).isEqualTo(1);

    // its period over (3650 days after it ended), the record is the engine's to delete, as the cleanup would
    Date removal = history.createHistoricProcessInstanceQuery().processInstanceId(decided.getId()).singleResult()
        .getRemovalTime();
    ClockUtil.setCurrentTime(new Date(removal.getTime() + 1000));
    try {
      assertThat(delete("admin", record).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    } finally {
      ClockUtil.reset();
    }
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(decided.getId()).count()).isZero();
  }

  /** A note on a case's step (催办, 退回) is part of its record: neither deleted nor rewritten, running or decided. */
  @Test
  void aCasesNotesAreKeptWithItsRecord() {
    deployed();
    ProcessInstance running = runtime.startProcessInstanceByKey(KEY, Map.of("townshipId", "qingshan"));
    String task = tasks.createTaskQuery().processInstanceId(running.getId()).singleResult().getId();
    String note = tasks.createComment(task, running.getId(), "请于今日办结。").getId();
    TestRestTemplate admin = new Api(rest).as("admin");
    String onTask = "/engine-rest/task/" + task + "/comment";
    String onCase = "/engine-rest/process-instance/" + running.getId() + "/comment";
    Map<String, Object> rewritten = Map.of("id", note, "message", "已办结。");
    // before: 204 for each, the urge gone or rewritten (on a decided case the engine answers 400: no task)
    List<ResponseEntity<Map<String, Object>>> refused = List.of(
        admin.exchange(onTask, HttpMethod.PUT, new HttpEntity<>(rewritten), Api.JSON_OBJECT),
        admin.exchange(onCase, HttpMethod.PUT, new HttpEntity<>(rewritten), Api.JSON_OBJECT),
        delete("admin", onTask + "/" + note),
        delete("admin", "/engine-rest/engine/default/task/" + task + "/comment/"),
        delete("admin", onCase + ";x=1/" + note),
        delete("admin", onCase));
    for (ResponseEntity<Map<String, Object>> answer : refused) {
      assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(answer.getBody()).containsEntry("message", CaseRecordGuard.NOTE);
    }
    assertThat(delete(null, onTask).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(tasks.getProcessInstanceComments(running.getId())).extracting(c -> c.getFullMessage())
        .containsExactly("请于今日办结。");
    assertThat(refusals.of("admin")).extracting(Refusals.Refusal::path).contains(onCase);

    // a standalone task's notes are its own
    org.camunda.bpm.engine.task.Task own = tasks.newTask();
    tasks.saveTask(own);
    try {
      tasks.createComment(own.getId(), null, "备忘");
      assertThat(delete("admin", "/engine-rest/task/" + own.getId() + "/comment").getStatusCode())
          .isEqualTo(HttpStatus.NO_CONTENT);
      assertThat(tasks.getTaskComments(own.getId())).isEmpty();
    } finally {
      tasks.deleteTask(own.getId(), true);
    }
  }

  /** Tried by an attacker's review: a version whose cases have all ended, deleted without cascade, keeps their record. */
  @Test
  void aVersionDeletedWithoutCascadeKeepsItsDecidedCasesRecord() {
    ProcessDefinition version = deployed();
    ProcessInstance decided = runtime.startProcessInstanceByKey(KEY, Map.of("townshipId", "qingshan"));
    tasks.complete(tasks.createTaskQuery().processInstanceId(decided.getId()).singleResult().getId());
    assertThat(delete("analyst-lin", "/engine-rest/deployment/" + version.getDeploymentId()).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(repository.createProcessDefinitionQuery().processDefinitionId(version.getId()).count()).isZero();
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(decided.getId()).singleResult()
        .getRemovalTime()).isAfter(new Date());
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(decided.getId()).count()).isEqualTo(1);
  }
}
