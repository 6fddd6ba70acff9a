package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * Our task count (TaskCountStatement) as Tasklist reaches it, over HTTP with the web tests' application: a clerk
 * counts no task of another township; bad filter ids are refused, never a 500. The count's equality with the
 * engine's is TaskCountStatementTest's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class TaskCountRestTest {

  static final String KEY = "tw-count-rest";

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;
  @Autowired FilterService filters;
  @Autowired TestRestTemplate rest;

  final List<String> createdInstances = new ArrayList<>();

  @BeforeEach
  void model() {
    if (repository.createProcessDefinitionQuery().processDefinitionKey(KEY).count() == 0) {
      repository.createDeployment().addModelInstance(KEY + ".bpmn", Bpmn.createExecutableProcess(KEY)
          .camundaHistoryTimeToLive(1095).startEvent().userTask("Task_Count").endEvent().done()).deploy();
    }
  }

  @AfterEach
  void cleanUp() {
    identity.clearAuthentication();
    createdInstances.forEach(id -> runtime.deleteProcessInstance(id, "test"));
  }

  @Test
  void aClerkCountsNoTaskOfAnotherTownshipThroughTasklistsRequest() {
    Filter unclaimed = filters.createFilterQuery().filterName("待认领（本岗位）").singleResult();
    long qingshan = tasklistCount("qs-clerk", unclaimed.getId());
    long baishi = tasklistCount("bs-clerk", unclaimed.getId());
    for (int i = 0; i < 3; i++) {
      String instance = runtime.startProcessInstanceByKey(KEY, Map.of("townshipId", "qingshan")).getId();
      createdInstances.add(instance);
      tasks.addCandidateGroup(tasks.createTaskQuery().processInstanceId(instance).singleResult().getId(),
          "window-clerk");
    }
    assertThat(tasklistCount("qs-clerk", unclaimed.getId())).isEqualTo(qingshan + 3);
    assertThat(tasklistCount("bs-clerk", unclaimed.getId())).as("白石乡's clerk, after three new 青山镇 tasks")
        .isEqualTo(baishi);
    identity.setAuthentication("bs-clerk", List.of("window-clerk"), List.of("baishi"));
    try {
      List<Task> seen = filters.list(unclaimed.getId());
      assertThat(seen).extracting(Task::getTenantId).doesNotContain("qingshan");
    } finally {
      identity.clearAuthentication();
    }
  }

  @Test
  void malformedOrUnknownFilterIdsAreRefusedInChineseNeverA500() {
    Api api = new Api(rest);
    for (String id : List.of("no-such-filter", "' or 1=1 --", "x".repeat(2000), "..%2F..%2Ftask", "%E4%B8%AD",
        "1;DROP TABLE ACT_RU_TASK")) {
      for (String path : List.of("/engine-rest/filter/" + id + "/count", "/engine-rest/filter/" + id + "/list")) {
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
          HttpHeaders headers = new HttpHeaders();
          headers.setContentType(MediaType.APPLICATION_JSON);
          headers.setAccept(List.of(MediaType.valueOf("application/hal+json"), MediaType.APPLICATION_JSON));
          ResponseEntity<String> answer = api.as("qs-clerk").exchange(path, method,
              new HttpEntity<>(method == HttpMethod.POST ? "{\"active\":true}" : null, headers), String.class);
          // the engine asks for READ on the filter before it looks it up: an unknown id is 403, revealing nothing
          assertThat(answer.getStatusCode().value()).as("%s %s → %s", method, path, answer.getBody())
              .isIn(400, 403, 404);
          if (answer.getStatusCode().value() == 403) {
            assertThat(answer.getBody()).contains("您没有办理此项操作的权限");
          }
        }
      }
    }
    ResponseEntity<String> anonymous = rest.postForEntity("/engine-rest/filter/no-such-filter/count", null,
        String.class);
    assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
  }

  /** The count Tasklist shows: POST filter/{id}/list (HAL), as it sends it. */
  long tasklistCount(String user, String filterId) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setAccept(List.of(MediaType.valueOf("application/hal+json")));
    ResponseEntity<Map<String, Object>> answer = new Api(rest).as(user).exchange(
        "/engine-rest/filter/" + filterId + "/list?firstResult=0&maxResults=15", HttpMethod.POST,
        new HttpEntity<>(Map.of("processVariables", List.of(), "taskVariables", List.of(), "caseInstanceVariables",
            List.of(), "firstResult", 0, "maxResults", 15,
            "sorting", List.of(Map.of("sortBy", "created", "sortOrder", "desc")), "active", true), headers),
        Api.JSON_OBJECT);
    assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(200);
    return ((Number) answer.getBody().get("count")).longValue();
  }
}
