package cn.township.workflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Calls to the running application as one of the demo users (password {@code demo}), or anonymously. */
public record Api(TestRestTemplate rest) {

  public static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {};
  public static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
      new ParameterizedTypeReference<>() {};

  public TestRestTemplate as(String user) {
    return user == null ? rest : rest.withBasicAuth(user, "demo");
  }

  public ResponseEntity<Map<String, Object>> post(String user, String path, Object body) {
    return as(user).exchange(path, HttpMethod.POST, new HttpEntity<>(body), JSON_OBJECT);
  }

  public ResponseEntity<Map<String, Object>> get(String user, String path) {
    return as(user).exchange(path, HttpMethod.GET, null, JSON_OBJECT);
  }

  /** A list answer (200 required). */
  public List<Map<String, Object>> list(String user, String path) {
    ResponseEntity<List<Map<String, Object>>> answer = as(user).exchange(path, HttpMethod.GET, null, JSON_LIST);
    assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  /** Registers an application at the window; it must be accepted (201). */
  public Map<String, Object> register(String clerk, Map<String, Object> application) {
    ResponseEntity<Map<String, Object>> response = post(clerk, "/api/applications", application);
    assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.CREATED);
    return response.getBody();
  }

  /** The tasks of a case (its receipt number) that {@code user} can see over REST. */
  public List<Map<String, Object>> tasksOf(String user, String receiptNo) {
    ResponseEntity<List<Map<String, Object>>> response = as(user).exchange(
        "/engine-rest/task?processInstanceBusinessKey=" + receiptNo, HttpMethod.GET, null, JSON_LIST);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  /** The id of the open intake task of a new case that {@code clerk} registers with the default application. */
  public String intakeTaskOfNewCase(String clerk) {
    String receiptNo = (String) register(clerk, ApplicationBuilder.anApplication().json()).get("receiptNo");
    return (String) tasksOf(clerk, receiptNo).get(0).get("id");
  }
}
