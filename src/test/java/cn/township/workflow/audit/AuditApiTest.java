package cn.township.workflow.audit;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * One audit trail, read by administrators and the county supervisor only, never changed through any API, and
 * never cleaned away before its retention.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class AuditApiTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired HistoryService history;
  @Autowired RepositoryService repository;

  Api api() {
    return new Api(anonymous);
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> entries(String user, String query) {
    ResponseEntity<Map<String, Object>> answer = api().get(user, "/api/audit" + query);
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
    return (List<Map<String, Object>>) answer.getBody().get("entries");
  }

  @Test
  void whoDidWhatToACaseIsOnTheRecord() {
    Map<String, Object> created = api().register("bs-clerk", anApplication().in(null).json());
    String receiptNo = (String) created.get("receiptNo");
    String task = (String) api().tasksOf("bs-clerk", receiptNo).get(0).get("id");
    assertThat(api().as("bs-clerk").postForEntity("/engine-rest/task/" + task + "/claim",
        Map.of("userId", "bs-clerk"), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    List<Map<String, Object>> ofTheCase = entries("county-supervisor", "?case=" + receiptNo);
    assertThat(ofTheCase).anySatisfy(e -> {
      assertThat(e).containsEntry("user", "bs-clerk").containsEntry("action", "Claim").containsEntry("source", "engine");
      assertThat(e).containsEntry("caseNo", receiptNo);
    });
    assertThat(ofTheCase).allSatisfy(e -> assertThat(e.get("caseNo")).isEqualTo(receiptNo));
  }

  @Test
  void refusalsLoginsAndMigrationsAreOnItToo() {
    // the suite shares one database: other tests' refusals of bs-reviewer are on the trail too
    java.time.Instant started = java.time.Instant.now().minusSeconds(1);
    assertThat(api().post("bs-reviewer", "/api/admin/migrations", Map.of("processKey", "delegated-review"))
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(anonymous.withBasicAuth("bs-reviewer", "not-the-password").getForEntity("/engine-rest/task",
        String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(api().post("admin", "/api/admin/migrations", Map.of("processKey", "delegated-review", "dryRun", false))
        .getStatusCode()).isEqualTo(HttpStatus.OK);

    assertThat(since(started, entries("admin", "?user=bs-reviewer&action=Refused"))).singleElement()
        .satisfies(e -> assertThat((String) e.get("detail")).isEqualTo("POST /api/admin/migrations"));
    assertThat(since(started, entries("admin", "?user=bs-reviewer&action=LoginFAILURE"))).singleElement()
        .satisfies(e -> assertThat((String) e.get("detail")).startsWith("BASIC "));
    assertThat(since(started, entries("admin", "?user=admin&action=MigrateCases"))).singleElement()
        .satisfies(e -> assertThat((String) e.get("detail")).startsWith("delegated-review → version"));
  }

  @Test
  void onlyAdministratorsAndTheCountySupervisorReadIt() {
    assertThat(api().get(null, "/api/audit").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    for (String user : List.of("qs-supervisor", "qs-clerk", "analyst-lin", "xlj-reviewer")) {
      ResponseEntity<Map<String, Object>> refused = api().get(user, "/api/audit");
      assertThat(refused.getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(refused.getBody()).containsEntry("message", "审计记录仅供系统管理员和县督查查看。");
    }
    assertThat(api().get("county-supervisor", "/api/audit").getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void badFiltersGetAChineseMessage() {
    for (String[] bad : new String[][] {{"?from=2026-13-01", "from"}, {"?to=yesterday", "to"},
        {"?from=2026-12-02&to=2026-12-01", "to"}, {"?size=1000", "size"}, {"?size=0", "size"}, {"?page=-1", "page"}}) {
      ResponseEntity<Map<String, Object>> answer = api().get("admin", "/api/audit" + bad[0]);
      assertThat(answer.getStatusCode()).as(bad[0]).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(answer.getBody()).containsEntry("field", bad[1]);
    }
    assertThat(api().get("admin", "/api/audit?page=x").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void nobodyMayDeleteOrAnnotateTheOperationLog() {
    api().register("qs-clerk", anApplication().json());
    UserOperationLogEntry entry = history.createUserOperationLogQuery().listPage(0, 1).get(0);
    long before = history.createUserOperationLogQuery().count();
    ResponseEntity<Map<String, Object>> delete = api().as("admin").exchange("/engine-rest/history/user-operation/"
        + entry.getId(), HttpMethod.DELETE, null, Api.JSON_OBJECT);
    assertThat(delete.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(delete.getBody()).containsEntry("message", AuditRecordsAreReadOnly.MESSAGE);
    ResponseEntity<String> annotate = api().as("admin").exchange("/engine-rest/history/user-operation/"
            + entry.getOperationId() + "/set-annotation", HttpMethod.PUT,
        new HttpEntity<>(Map.of("annotation", "改写")), String.class);
    assertThat(annotate.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(history.createUserOperationLogQuery().count()).isEqualTo(before);
    assertThat(history.createUserOperationLogQuery().operationId(entry.getOperationId()).list())
        .allSatisfy(e -> assertThat(e.getAnnotation()).isNull());
    assertThat(api().get(null, "/engine-rest/history/user-operation").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  /**
   * The same calls under another spelling of the address (an escaped letter, a doubled slash, a dot segment, a named
   * engine, the webapps' API): the filter reads the address as the container maps it, under every prefix of the
   * engine's API (the plain /engine-rest/engine/default/… deleted an entry until the eighth attacker's review).
   */
  @Test
  void noSpellingOfTheAddressGetsPastTheReadOnlyRecord() throws Exception {
    api().register("qs-clerk", anApplication().json());
    UserOperationLogEntry entry = history.createUserOperationLogQuery().listPage(0, 1).get(0);
    long before = history.createUserOperationLogQuery().count();
    for (String spelling : List.of("/engine-rest/history/%75ser-operation/", "/engine-rest/history//user-operation/",
        "/engine-rest/history/./user-operation/", "/engine-rest/engine/default/history/user-%6Fperation/",
        "/engine-rest/history/user-operation;x=1/", "/engine-rest/engine/default/history/user-operation/",
        "/engine-rest/engine/default/history/user-operation;x=1/")) {
      assertThat(asAdmin("DELETE", spelling + entry.getId(), null).statusCode()).as(spelling).isIn(403, 404);
      assertThat(asAdmin("PUT", spelling + entry.getOperationId() + "/set-annotation", "{\"annotation\":\"改写\"}")
          .statusCode()).as(spelling).isIn(403, 404);
    }
    cn.township.workflow.support.WebappSession admin = new cn.township.workflow.support.WebappSession(
        java.net.URI.create(anonymous.getRootUri()).getPort());
    assertThat(admin.login("admin", "demo", "admin").statusCode()).isEqualTo(200);
    for (String spelling : List.of("/camunda/api/engine/engine/default/history/user-operation/",
        "/camunda/api/engine/engine/default/history/user-%6Fperation/")) {
      assertThat(admin.send("DELETE", spelling + entry.getId(), null).statusCode()).as(spelling).isIn(403, 404);
    }
    assertThat(history.createUserOperationLogQuery().count()).isEqualTo(before);
    assertThat(history.createUserOperationLogQuery().operationId(entry.getOperationId()).list())
        .allSatisfy(e -> assertThat(e.getAnnotation()).isNull());
  }

  /** A request sent as written (no client re-encodes the address), as the administrator. */
  private java.net.http.HttpResponse<String> asAdmin(String method, String path, String json) throws Exception {
    String credentials = java.util.Base64.getEncoder().encodeToString("admin:demo".getBytes(StandardCharsets.UTF_8));
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(anonymous.getRootUri()
            + path)).header("Authorization", "Basic " + credentials).header("Content-Type", "application/json")
        .method(method, json == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(json)).build();
    return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void noModelMayKeepItsHistoryShorterThanTheAuditRecords() {
    String xml = Bpmn.convertToString(Bpmn.createExecutableProcess("short-lived").camundaHistoryTimeToLive(30)
        .startEvent("StartEvent_Short").endEvent("End_Short").done());
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("deployment-name", "short-lived");
    form.add("data", new ByteArrayResource(xml.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return "short-lived.bpmn";
      }
    });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<Map<String, Object>> deployed = api().as("analyst-lin").exchange("/engine-rest/deployment/create",
        HttpMethod.POST, new HttpEntity<>(form, headers), Api.JSON_OBJECT);
    assertThat(deployed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) deployed.getBody().get("message")).contains("短于审计记录的保留期 1095 天");

    String definition = repository.createProcessDefinitionQuery().processDefinitionKey("delegated-review")
        .latestVersion().singleResult().getId();
    ResponseEntity<String> shortened = api().as("admin").exchange("/engine-rest/process-definition/" + definition
        + "/history-time-to-live", HttpMethod.PUT, new HttpEntity<>(Map.of("historyTimeToLive", 30)), String.class);
    assertThat(shortened.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(repository.getProcessDefinition(definition).getHistoryTimeToLive()).isEqualTo(3650);
  }

  private static List<Map<String, Object>> since(java.time.Instant started, List<Map<String, Object>> entries) {
    return entries.stream()
        .filter(e -> !java.time.Instant.parse((String) e.get("occurredAt")).isBefore(started)).toList();
  }
}
