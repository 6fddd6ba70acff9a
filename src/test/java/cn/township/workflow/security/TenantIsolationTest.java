package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
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
 * Another township's case, read or changed through every engine-rest address a curious clerk would try: the answer
 * is 403 or 404 with a Chinese message, never 500 (issue 15 found 500, ENGINE-13034), and nothing changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class TenantIsolationTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired RuntimeService runtime;

  @Test
  void anotherTownshipsCaseIsNeverA500() {
    Api api = new Api(anonymous);
    Map<String, Object> created = api.register("qs-clerk", anApplication().json());
    String instance = (String) created.get("processInstanceId");
    String receiptNo = (String) created.get("receiptNo");
    String task = (String) api.tasksOf("qs-clerk", receiptNo).get(0).get("id");
    String execution = runtime.createExecutionQuery().processInstanceId(instance).list().get(0).getId();

    List<String[]> probes = List.of(
        new String[] {"GET", "/engine-rest/process-instance/" + instance},
        new String[] {"GET", "/engine-rest/process-instance/" + instance + "/variables"},
        new String[] {"GET", "/engine-rest/process-instance/" + instance + "/variables/applicantName"},
        new String[] {"GET", "/engine-rest/process-instance/" + instance + "/activity-instances"},
        new String[] {"GET", "/engine-rest/process-instance/" + instance + "/comment"},
        new String[] {"GET", "/engine-rest/execution/" + execution},
        new String[] {"GET", "/engine-rest/execution/" + execution + "/localVariables"},
        new String[] {"GET", "/engine-rest/task/" + task},
        new String[] {"GET", "/engine-rest/task/" + task + "/variables"},
        new String[] {"GET", "/engine-rest/task/" + task + "/form-variables"},
        new String[] {"GET", "/engine-rest/task/" + task + "/deployed-form"},
        new String[] {"GET", "/engine-rest/task/" + task + "/comment"},
        new String[] {"GET", "/engine-rest/task/" + task + "/identity-links"},
        new String[] {"GET", "/engine-rest/history/process-instance/" + instance},
        new String[] {"POST", "/engine-rest/task/" + task + "/claim"},
        new String[] {"POST", "/engine-rest/task/" + task + "/complete"},
        new String[] {"POST", "/engine-rest/process-instance/" + instance + "/variables"},
        new String[] {"PUT", "/engine-rest/process-instance/" + instance + "/suspended"},
        new String[] {"DELETE", "/engine-rest/process-instance/" + instance});
    for (String[] probe : probes) {
      Object body = switch (probe[0]) {
        case "PUT" -> Map.of("suspended", true);
        case "POST" -> probe[1].endsWith("/claim") ? Map.of("userId", "bs-clerk")
            : probe[1].endsWith("/variables") ? Map.of("modifications", Map.of("x", Map.of("value", 1)))
            : Map.of();
        default -> null;
      };
      ResponseEntity<Map<String, Object>> answer = api.as("bs-clerk").exchange(probe[1],
          HttpMethod.valueOf(probe[0]), body == null ? null : new HttpEntity<>(body), Api.JSON_OBJECT);
      assertThat(answer.getStatusCode().value()).as("%s %s → %s", probe[0], probe[1], answer.getBody())
          .isIn(403, 404);
      assertThat(String.valueOf(answer.getBody().get("message"))).as("%s %s", probe[0], probe[1])
          .matches(".*[\\u4e00-\\u9fa5].*");
    }
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).active().count())
        .as("the case is untouched").isEqualTo(1);
    assertThat(runtime.getVariable(instance, "x")).isNull();
    assertThat(api.tasksOf("qs-clerk", receiptNo)).singleElement()
        .satisfies(t -> assertThat(t.get("assignee")).isNull());
  }
}
