package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import cn.township.workflow.system.RejectedInputException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * No REVOKE authorization is created, on any path, so the engine is told not to look for one in every command; where
 * the database holds one (an earlier release, SQL), the engine keeps looking and the revoke counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class RevokeAuthorizationsTest {

  /** The engine REST API as a client calls it, by the default engine's name, and as Admin calls it. */
  static final List<String> REST_PATHS = List.of("/engine-rest", "/engine-rest/engine/default");
  static final String ADMIN_PATH = "/camunda/api/engine/engine/default";

  @Autowired TestRestTemplate rest;
  @Autowired AuthorizationService authorizations;
  @Autowired IdentityService identity;
  @Autowired RepositoryService repository;
  @Autowired ProcessEngine engine;
  @Autowired RevokeAuthorizations revokes;
  @Autowired Refusals refusals;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  static Map<String, Object> authorization(Object type, String userId, String resourceId) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (type != null) {
      body.put("type", type);
    }
    body.put("permissions", List.of("READ"));
    body.put("userId", userId);
    body.put("groupId", null);
    body.put("resourceType", Resources.PROCESS_DEFINITION.resourceType());
    body.put("resourceId", resourceId);
    return body;
  }

  long revokeRows() {
    return authorizations.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_REVOKE).count();
  }

  String mode() {
    return engine.getProcessEngineConfiguration().getAuthorizationCheckRevokes();
  }

  ResponseEntity<Map<String, Object>> send(String user, HttpMethod method, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new Api(rest).as(user).exchange(path, method, new HttpEntity<>(body, headers), Api.JSON_OBJECT);
  }

  @Test
  void anAdministratorCannotCreateARevokeOnAnyPath() throws Exception {
    int refusedBefore = refusals.of("admin").size();
    for (String engineApi : REST_PATHS) {
      for (Object type : List.of(2, "2", 2.5, 3)) {
        ResponseEntity<Map<String, Object>> refused = send("admin", HttpMethod.POST, engineApi + "/authorization/create",
            authorization(type, "qs-clerk", "delegated-review"));
        assertThat(refused.getStatusCode()).as("%s type %s: %s", engineApi, type, refused.getBody())
            .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("message", RevokeAuthorizations.REFUSAL);
      }
    }
    WebappSession admin = new WebappSession(port);
    assertThat(admin.login("admin", "demo", "admin").statusCode()).isEqualTo(200);
    HttpResponse<String> throughAdmin = admin.post(ADMIN_PATH + "/authorization/create",
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(authorization(2, "qs-clerk", "*")));
    assertThat(throughAdmin.statusCode()).as(throughAdmin.body()).isEqualTo(400);
    assertThat(throughAdmin.body()).contains("撤销授权");
    assertThat(revokeRows()).isZero();
    // on the record: who tried, on which path
    assertThat(refusals.of("admin")).hasSize(refusedBefore + 9)
        .anySatisfy(r -> assertThat(r.path()).isEqualTo(ADMIN_PATH + "/authorization/create"))
        .anySatisfy(r -> assertThat(r.path()).isEqualTo("/engine-rest/engine/default/authorization/create"));
    assertThat(mode()).isEqualTo("never");
  }

  @Test
  void aGrantIsStillCreatedAndCannotBeTurnedIntoARevoke() throws Exception {
    ResponseEntity<Map<String, Object>> created = send("admin", HttpMethod.POST, "/engine-rest/authorization/create",
        authorization(1, "qs-clerk", "revoke-test"));
    assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.OK);
    String id = (String) created.getBody().get("id");
    try {
      for (String engineApi : REST_PATHS) {
        Map<String, Object> change = authorization(Authorization.AUTH_TYPE_REVOKE, "qs-clerk", "revoke-test");
        change.put("id", id);
        ResponseEntity<Map<String, Object>> refused = send("admin", HttpMethod.PUT, engineApi + "/authorization/" + id,
            change);
        assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("message", RevokeAuthorizations.REFUSAL);
      }
      WebappSession admin = new WebappSession(port);
      assertThat(admin.login("admin", "demo", "admin").statusCode()).isEqualTo(200);
      Map<String, Object> change = authorization(2, "qs-clerk", "revoke-test");
      change.put("id", id);
      HttpResponse<String> throughAdmin = admin.put(ADMIN_PATH + "/authorization/" + id,
          new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(change));
      assertThat(throughAdmin.statusCode()).as(throughAdmin.body()).isEqualTo(400);
      assertThat(authorizations.createAuthorizationQuery().authorizationId(id).singleResult().getAuthorizationType())
          .isEqualTo(Authorization.AUTH_TYPE_GRANT);

      // a change that keeps the grant (Admin sends its type along) or leaves the type out goes through
      Map<String, Object> wider = authorization(1, "qs-clerk", "revoke-test");
      wider.put("permissions", List.of("READ", "CREATE_INSTANCE"));
      assertThat(send("admin", HttpMethod.PUT, "/engine-rest/authorization/" + id, wider).getStatusCode())
          .isEqualTo(HttpStatus.NO_CONTENT);
      Map<String, Object> untyped = authorization(null, "qs-clerk", "revoke-test");
      assertThat(send("admin", HttpMethod.PUT, "/engine-rest/authorization/" + id, untyped).getStatusCode())
          .isEqualTo(HttpStatus.NO_CONTENT);
    } finally {
      authorizations.deleteAuthorization(id);
    }
    assertThat(revokeRows()).isZero();
  }

  @Test
  void otherCallersAndMalformedBodies() {
    // nobody: the engine's own answer; a clerk: refused by the engine for the grant, by us for the revoke
    assertThat(send(null, HttpMethod.POST, "/engine-rest/authorization/create", authorization(2, "qs-clerk", "*"))
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(send("qs-clerk", HttpMethod.POST, "/engine-rest/authorization/create",
        authorization(1, "qs-clerk", "*")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(send("qs-clerk", HttpMethod.POST, "/engine-rest/authorization/create",
        authorization(2, "qs-clerk", "*")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    // not JSON, no type, a type of another kind, too large: 400 in Chinese, nothing stored
    long before = authorizations.createAuthorizationQuery().count();
    for (Object body : List.of("{not json", Map.of("permissions", List.of("READ")), authorization(true, "qs-clerk", "*"),
        authorization(Map.of("value", 1), "qs-clerk", "*"), authorization("2", "qs-clerk", "*"),
        authorization(" 2 ", "qs-clerk", "*"), authorization(-1, "qs-clerk", "*"), authorization(List.of(2), "qs-clerk", "*"),
        authorization(2.0, "qs-clerk", "*"), "{\"type\":1,\"resourceId\":\"" + "x".repeat(70_000) + "\"}")) {
      ResponseEntity<Map<String, Object>> refused = send("admin", HttpMethod.POST, "/engine-rest/authorization/create",
          body);
      assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat((String) refused.getBody().get("message")).containsPattern("\\p{IsHan}");
    }
    assertThat(authorizations.createAuthorizationQuery().count()).isEqualTo(before);
    // no type is not a revoke (the engine would store 0, global): the answer asks for the type; not JSON says so
    assertThat(send("admin", HttpMethod.POST, "/engine-rest/authorization/create",
        authorization(null, "qs-clerk", "*")).getBody()).containsEntry("message", AuthorizationTypeGuard.NO_TYPE);
    assertThat(send("admin", HttpMethod.POST, "/engine-rest/authorization/create", "{not json").getBody())
        .containsEntry("message", AuthorizationTypeGuard.NOT_JSON);
    assertThat(authorizations.createAuthorizationQuery().count()).isEqualTo(before);
  }

  @Test
  void theEngineRefusesARevokeFromJavaToo() {
    Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
    revoke.setUserId("qs-clerk");
    revoke.setResource(Resources.PROCESS_DEFINITION);
    revoke.setResourceId("delegated-review");
    revoke.removePermission(Permissions.READ);
    assertThatThrownBy(() -> authorizations.saveAuthorization(revoke)).isInstanceOf(RejectedInputException.class)
        .hasMessage(RevokeAuthorizations.REFUSAL);
    assertThat(revokeRows()).isZero();
  }

  /** What qs-clerk sees of delegated-review's definitions. */
  long definitionsSeenByTheClerk() {
    identity.setAuthentication("qs-clerk", List.of("window-clerk"), List.of("qingshan"));
    try {
      return repository.createProcessDefinitionQuery().processDefinitionKey("delegated-review").count();
    } finally {
      identity.clearAuthentication();
    }
  }

  @Test
  void aRevokeAlreadyInTheDatabaseKeepsTheCheckAndCounts() {
    assertThat(mode()).as("no revoke in the database at start").isEqualTo("never");
    long seen = definitionsSeenByTheClerk();
    assertThat(seen).isPositive();
    // an earlier release's revoke, or one written by SQL: qs-clerk may not read delegated-review
    jdbc.update("INSERT INTO ACT_RU_AUTHORIZATION (ID_, REV_, TYPE_, USER_ID_, RESOURCE_TYPE_, RESOURCE_ID_, PERMS_) "
        + "VALUES ('revoke-test', 1, 2, 'qs-clerk', ?, 'delegated-review', ?)",
        Resources.PROCESS_DEFINITION.resourceType(), Integer.MAX_VALUE & ~Permissions.READ.getValue());
    try {
      assertThat(definitionsSeenByTheClerk()).as("ignored until the database is asked again").isEqualTo(seen);
      revokes.check(); // as at start-up, and every minute
      assertThat(mode()).isEqualTo("auto");
      assertThat(definitionsSeenByTheClerk()).as("the revoke counts").isZero();
    } finally {
      jdbc.update("DELETE FROM ACT_RU_AUTHORIZATION WHERE ID_ = 'revoke-test'");
      revokes.check();
    }
    assertThat(mode()).isEqualTo("never");
    assertThat(definitionsSeenByTheClerk()).isEqualTo(seen);
  }
}
