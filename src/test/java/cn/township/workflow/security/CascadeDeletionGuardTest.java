package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.Map;
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
}
