package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import java.net.http.HttpResponse;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * A clerk cannot rename themselves (the case file's step record and the supervision figures print the name as who did
 * what) nor delete their own account, over /engine-rest or Tasklist's own API; an administrator can (found by an
 * attacker's review: the engine let qs-clerk become anyone, 204).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ProfileGuardTest {

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identity;
  @LocalServerPort int port;

  Map<String, Object> profile(String id, String firstName) {
    User user = identity.createUserQuery().userId(id).singleResult();
    return Map.of("id", id, "firstName", firstName, "lastName", user.getLastName() == null ? "" : user.getLastName(),
        "email", user.getEmail() == null ? "" : user.getEmail());
  }

  String firstName(String id) {
    return identity.createUserQuery().userId(id).singleResult().getFirstName();
  }

  @Test
  void aClerkCannotRenameNorDeleteThemselves() throws Exception {
    String name = firstName("qs-clerk");
    ResponseEntity<String> renamed = new Api(rest).as("qs-clerk").exchange("/engine-rest/user/qs-clerk/profile",
        HttpMethod.PUT, new HttpEntity<>(profile("qs-clerk", "王建国")), String.class);
    assertThat(renamed.getStatusCode()).as(renamed.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(renamed.getBody()).contains("系统管理员");
    assertThat(firstName("qs-clerk")).isEqualTo(name);

    ResponseEntity<String> deleted = new Api(rest).as("qs-clerk").exchange("/engine-rest/user/qs-clerk",
        HttpMethod.DELETE, HttpEntity.EMPTY, String.class);
    assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(identity.createUserQuery().userId("qs-clerk").count()).isEqualTo(1);

    WebappSession tasklist = new WebappSession(port);
    assertThat(tasklist.login("qs-clerk", "demo", "tasklist").statusCode()).isEqualTo(200);
    HttpResponse<String> throughTasklist = tasklist.put("/camunda/api/engine/engine/default/user/qs-clerk/profile",
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(profile("qs-clerk", "王建国")));
    assertThat(throughTasklist.statusCode()).as(throughTasklist.body()).isEqualTo(403);
    assertThat(firstName("qs-clerk")).isEqualTo(name);

    assertThat(rest.exchange("/engine-rest/user/qs-clerk/profile", HttpMethod.PUT,
        new HttpEntity<>(profile("qs-clerk", "王建国")), String.class).getStatusCode())
        .as("anonymous").isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void anAdministratorMaintainsNames() {
    String name = firstName("qs-clerk");
    ResponseEntity<String> renamed = new Api(rest).as("admin").exchange("/engine-rest/user/qs-clerk/profile",
        HttpMethod.PUT, new HttpEntity<>(profile("qs-clerk", name)), String.class);
    assertThat(renamed.getStatusCode()).as(renamed.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(firstName("qs-clerk")).isEqualTo(name);
  }
}
