package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * A form's fields are read from its deployed resource once, and a new version of the form counts at once: the task
 * that takes the latest version gets the new fields, a task fixed to a version keeps its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class DeployedFormFieldsTest {

  @Autowired ProcessEngine engine;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired TestRestTemplate rest;

  static String form(String id, String... keys) {
    StringBuilder components = new StringBuilder();
    for (String key : keys) {
      components.append(components.length() == 0 ? "" : ",").append("{\"type\":\"textfield\",\"id\":\"Field_")
          .append(key).append("\",\"key\":\"").append(key).append("\",\"label\":\"").append(key).append("\"}");
    }
    return "{\"id\":\"" + id + "\",\"type\":\"default\",\"schemaVersion\":16,\"components\":[" + components + "]}";
  }

  static BpmnModelInstance process(String key, String formId, String binding) {
    var task = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1095).startEvent().camundaFormRef(formId)
        .camundaFormRefBinding("latest").userTask("Task_Fill").camundaCandidateGroups("window-clerk")
        .camundaFormRef(formId).camundaFormRefBinding(binding);
    if ("version".equals(binding)) {
      task = task.camundaFormRefVersion("1");
    }
    return task.endEvent().done();
  }

  void deployForm(String formId, String... keys) {
    repository.createDeployment().name(formId).addString(formId + ".form", form(formId, keys)).deploy();
  }

  Task startedTask(String key) {
    String instance = runtime.startProcessInstanceByKey(key, Map.of("townshipId", "qingshan")).getId();
    return tasks.createTaskQuery().processInstanceId(instance).singleResult();
  }

  @Test
  void aFormIsReadOnceAndItsNewVersionCountsAtOnce() {
    deployForm("tw-cached-form", "opinion");
    repository.createDeployment().name("tw-cached").addModelInstance("tw-cached-latest.bpmn",
        process("tw-cached-latest", "tw-cached-form", "latest")).addModelInstance("tw-cached-fixed.bpmn",
        process("tw-cached-fixed", "tw-cached-form", "version")).deploy();
    DeployedFormFields forms = new DeployedFormFields(((ProcessEngineConfigurationImpl) engine
        .getProcessEngineConfiguration()).getCommandExecutorTxRequired());
    Task latest = startedTask("tw-cached-latest");
    Task fixed = startedTask("tw-cached-fixed");

    assertThat(forms.ofTask(latest.getId())).containsExactly("opinion");
    assertThat(forms.ofTask(fixed.getId())).containsExactly("opinion");
    assertThat(forms.ofStart(latest.getProcessDefinitionId())).containsExactly("opinion");
    assertThat(forms.parsed).as("one resource, read once").hasValue(1);

    deployForm("tw-cached-form", "opinion", "legalBasis");
    assertThat(forms.ofTask(latest.getId())).as("the latest version, at once").containsExactly("opinion", "legalBasis");
    assertThat(forms.ofStart(latest.getProcessDefinitionId())).containsExactly("opinion", "legalBasis");
    assertThat(forms.ofTask(fixed.getId())).as("fixed to version 1").containsExactly("opinion");
    assertThat(forms.parsed).hasValue(2);
    assertThat(forms.ofTask("no-such-task")).isEmpty();
  }

  @Test
  void theGuardTakesANewFieldOnceTheNewVersionIsDeployed() {
    deployForm("tw-guarded-form", "opinion");
    repository.createDeployment().name("tw-guarded").addModelInstance("tw-guarded.bpmn",
        process("tw-guarded", "tw-guarded-form", "latest")).deploy();
    Task task = startedTask("tw-guarded");
    Map<String, Object> sent = Map.of("variables", Map.of("opinion", Map.of("value", "同意"),
        "legalBasis", Map.of("value", "第三十八条")));

    ResponseEntity<String> refused = complete(task, sent);
    assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).contains("legalBasis");
    assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);

    deployForm("tw-guarded-form", "opinion", "legalBasis");
    ResponseEntity<String> completed = complete(task, sent);
    assertThat(completed.getStatusCode()).as(completed.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isZero();
  }

  ResponseEntity<String> complete(Task task, Map<String, Object> body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new Api(rest).as("qs-clerk").exchange("/engine-rest/task/" + task.getId() + "/complete", HttpMethod.POST,
        new HttpEntity<>(body, headers), String.class);
  }
}
