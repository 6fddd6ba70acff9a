package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * What a logged-in clerk or analyst writes that the webapps show to someone else (an attacker's review): a task's
 * attachment links only to a web address; comments and incident annotations are kept as written (the webapps show
 * them as text) and only those who may change the case write them; a clerk names no filter, group, township or task
 * others see, and the case's receipt number is never the one a clerk sends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ShownTextsTest {

  /** An AngularJS expression and an HTML element with a script: what an attacker puts where others read. */
  static final String HOSTILE = "{{constructor.constructor('window.__probe=1')()}}<img src=x onerror=\"window.__probe=2\">";

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @LocalServerPort int port;
  Api api;
  Task intake;
  String receiptNo;

  /** A case of 青山镇 at its intake check, claimed by its window clerk. */
  @BeforeEach
  void caseAtIntake() {
    api = new Api(rest);
    receiptNo = (String) api.register("qs-clerk", anApplication().json()).get("receiptNo");
    intake = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).singleResult();
    tasks.claim(intake.getId(), "qs-clerk");
  }

  static final String BOUNDARY = "----township-probe";

  /** A multipart form of text parts, as a browser sends it. */
  static byte[] form(Map<String, String> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach((name, value) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
        + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  ResponseEntity<String> attach(String user, String path, Map<String, String> parts) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY));
    return api.as(user).exchange(path, HttpMethod.POST, new HttpEntity<>(form(parts), headers), String.class);
  }

  static Map<String, String> link(String url) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("attachment-name", "现场照片");
    parts.put("attachment-description", "申请人补交");
    parts.put("url", url);
    return parts;
  }

  @Test
  void anAttachmentLinksOnlyToAWebAddress() throws Exception {
    String create = "/engine-rest/task/" + intake.getId() + "/attachment/create";
    // before the fix the administrator's were stored (200); a clerk's the engine refused only because clerks may not
    // read history (400, "No task found"). Tasklist 7.24 shows no attachment, but whatever lists them links the address
    for (String url : List.of("javascript:alert(document.cookie)", " javascript:alert(1)", "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "vbscript:msgbox(1)",
        "https://example.gov.cn/\njavascript:alert(1)", "")) {
      for (String user : List.of("admin", "qs-clerk")) {
        for (String path : List.of(create, "/engine-rest/engine/default/task/" + intake.getId() + "/attachment/create")) {
          ResponseEntity<String> refused = attach(user, path, link(url));
          assertThat(refused.getStatusCode().value()).as("%s %s %s", user, url, refused.getBody()).isEqualTo(400);
          assertThat(refused.getBody()).contains("附件链接只能是以 http:// 或 https:// 开头的网址", "未作任何修改");
        }
      }
    }
    WebappSession tasklist = new WebappSession(port);
    assertThat(tasklist.login("admin", "demo", "tasklist").statusCode()).isEqualTo(200);
    java.net.http.HttpResponse<String> throughTasklist = tasklist.post("/camunda/api/engine/engine/default/task/"
        + intake.getId() + "/attachment/create", "multipart/form-data; boundary=" + BOUNDARY,
        form(link("javascript:alert(1)")));
    assertThat(throughTasklist.statusCode()).as(throughTasklist.body()).isEqualTo(400);
    assertThat(throughTasklist.body()).contains("附件链接只能是");
    // texts longer than the engine's columns: before the fix the database refused them (500)
    Map<String, String> longName = link("https://example.gov.cn/a.pdf");
    longName.put("attachment-name", "照".repeat(256));
    ResponseEntity<String> tooLong = attach("admin", create, longName);
    assertThat(tooLong.getStatusCode().value()).as(tooLong.getBody()).isEqualTo(400);
    assertThat(tooLong.getBody()).contains("attachment-name", "255");
    assertThat(tasks.getTaskAttachments(intake.getId())).as("nothing stored").isEmpty();

    assertThat(attach(null, create, link("https://example.gov.cn/a.pdf")).getStatusCode().value()).isEqualTo(401);
    ResponseEntity<String> otherTownship = attach("bs-clerk", create, link("https://example.gov.cn/a.pdf"));
    assertThat(otherTownship.getStatusCode().value()).as(otherTownship.getBody()).isBetween(400, 404);
    assertThat(tasks.getTaskAttachments(intake.getId())).isEmpty();

    ResponseEntity<String> stored = attach("admin", create, link("https://example.gov.cn/材料/照片.jpg?v=1"));
    assertThat(stored.getStatusCode().value()).as(stored.getBody()).isEqualTo(200);
    assertThat(tasks.getTaskAttachments(intake.getId())).singleElement()
        .satisfies(a -> assertThat(a.getUrl()).isEqualTo("https://example.gov.cn/材料/照片.jpg?v=1"));
    // a form that is not multipart, or multipart without its boundary or end: a 4xx, nothing stored
    HttpHeaders plain = new HttpHeaders();
    plain.set(HttpHeaders.AUTHORIZATION, "Basic " + java.util.Base64.getEncoder().encodeToString("admin:demo".getBytes()));
    for (String contentType : List.of("multipart/form-data", "multipart/form-data; boundary=" + BOUNDARY,
        "application/json", "text/plain")) {
      plain.set(HttpHeaders.CONTENT_TYPE, contentType);
      ResponseEntity<String> malformed = rest.exchange(create, HttpMethod.POST, new HttpEntity<>("--" + BOUNDARY
          + "\r\nContent-Disposition: form-data; name=\"url\"\r\n\r\njavascript:alert(1)", plain), String.class);
      assertThat(malformed.getStatusCode().value()).as("%s: %s", contentType, malformed.getBody()).isBetween(400, 499);
    }
    assertThat(tasks.getTaskAttachments(intake.getId())).hasSize(1);
    // a file attached (no link) is kept as before
    Map<String, String> file = new LinkedHashMap<>(Map.of("attachment-name", "说明", "content", "补交说明"));
    assertThat(attach("admin", create, file).getStatusCode().value()).isEqualTo(200);
    assertThat(tasks.getTaskAttachments(intake.getId())).hasSize(2);
  }

  @Test
  void aJsonValueIsJson() {
    // a form field sent typed Json with text that is not JSON: stored unread before the fix (204), and the next
    // step's form then failed to open for every clerk (Tasklist parses it), quoting the text into an AngularJS template
    String variable = "/engine-rest/task/" + intake.getId() + "/variables/receivedMaterials";
    Object before = runtime.getVariable(intake.getProcessInstanceId(), "receivedMaterials");
    for (String text : List.of("x{{1+1}}", "", "[\"申请表\"] x")) {
      ResponseEntity<String> refused = api.as("qs-clerk").exchange(variable, HttpMethod.PUT,
          new HttpEntity<>(Map.of("type", "Json", "value", text)), String.class);
      assertThat(refused.getStatusCode().value()).as("%s %s", text, refused.getBody()).isEqualTo(400);
      assertThat(refused.getBody()).contains("receivedMaterials", "有效的 JSON", "未作任何修改");
    }
    ResponseEntity<String> inForm = api.as("qs-clerk").exchange("/engine-rest/task/" + intake.getId() + "/submit-form",
        HttpMethod.POST, new HttpEntity<>(Map.of("variables", Map.of("receivedMaterials",
            Map.of("type", "Json", "value", "x{{1+1}}"), "acceptable", Map.of("value", true)))), String.class);
    assertThat(inForm.getStatusCode().value()).as(inForm.getBody()).isEqualTo(400);
    assertThat(runtime.getVariable(intake.getProcessInstanceId(), "receivedMaterials")).isEqualTo(before);
    assertThat(tasks.createTaskQuery().taskId(intake.getId()).count()).isEqualTo(1);
    // what Tasklist sends for a checklist passes
    ResponseEntity<String> json = api.as("qs-clerk").exchange(variable, HttpMethod.PUT,
        new HttpEntity<>(Map.of("type", "Json", "value", "[\"申请表\"]")), String.class);
    assertThat(json.getStatusCode().value()).as(json.getBody()).isEqualTo(204);
  }

  @Test
  void aCommentIsKeptAsWrittenAndShownAsText() {
    String create = "/engine-rest/task/" + intake.getId() + "/comment/create";
    // whoever may comment keeps their words whole: Tasklist's history shows a comment as text (nl2br: text, then <br/>)
    ResponseEntity<String> commented = api.as("admin").exchange(create, HttpMethod.POST,
        new HttpEntity<>(Map.of("message", HOSTILE)), String.class);
    assertThat(commented.getStatusCode().value()).as(commented.getBody()).isEqualTo(200);
    assertThat(tasks.getTaskComments(intake.getId())).singleElement()
        .satisfies(c -> assertThat(c.getFullMessage()).isEqualTo(HOSTILE));
    // the step's own clerk comments too (TaskCommentGuard), kept as written; another township's clerk finds no step
    ResponseEntity<String> byClerk = api.as("qs-clerk").exchange(create, HttpMethod.POST,
        new HttpEntity<>(Map.of("message", HOSTILE)), String.class);
    assertThat(byClerk.getStatusCode().value()).as(byClerk.getBody()).isEqualTo(200);
    ResponseEntity<String> refused = api.as("bs-clerk").exchange(create, HttpMethod.POST,
        new HttpEntity<>(Map.of("message", "探测")), String.class);
    assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(404);
    assertThat(tasks.getTaskComments(intake.getId())).extracting(Comment::getFullMessage)
        .containsExactly(HOSTILE, HOSTILE);
  }

  @Test
  void anIncidentIsAnnotatedOnlyByWhoMayChangeTheCase() {
    Incident incident = runtime.createIncident("probe", intake.getExecutionId(), "探测");
    String annotate = "/engine-rest/incident/" + incident.getId() + "/annotation";
    for (String user : List.of("qs-clerk", "qs-supervisor", "bs-clerk", "analyst-lin")) {
      ResponseEntity<String> refused = api.as(user).exchange(annotate, HttpMethod.PUT,
          new HttpEntity<>(Map.of("annotation", HOSTILE)), String.class);
      assertThat(refused.getStatusCode().value()).as("%s %s", user, refused.getBody()).isIn(403, 404);
    }
    assertThat(runtime.createIncidentQuery().incidentId(incident.getId()).singleResult().getAnnotation()).isNull();
    // the administrator may (UPDATE on cases; analysts no longer have it): kept as written, and Cockpit shows it as
    // text ({{annotation}}, a textarea)
    ResponseEntity<String> annotated = api.as("admin").exchange(annotate, HttpMethod.PUT,
        new HttpEntity<>(Map.of("annotation", HOSTILE)), String.class);
    assertThat(annotated.getStatusCode().value()).as(annotated.getBody()).isEqualTo(204);
    assertThat(runtime.createIncidentQuery().incidentId(incident.getId()).singleResult().getAnnotation())
        .isEqualTo(HOSTILE);
    // the operation log's annotation: nobody (AuditRecordsAreReadOnly)
    String operation = history.createUserOperationLogQuery().listPage(0, 1).get(0).getOperationId();
    assertThat(api.as("analyst-lin").exchange("/engine-rest/history/user-operation/" + operation + "/set-annotation",
        HttpMethod.PUT, new HttpEntity<>(Map.of("annotation", HOSTILE)), String.class).getStatusCode().value())
        .isEqualTo(403);
  }

  @Test
  void aClerkNamesNothingOthersSee() {
    // filters, groups, townships and standalone tasks: created only by administrators (the engine's CREATE grants)
    Map<String, Map<String, Object>> creations = new LinkedHashMap<>();
    creations.put("/engine-rest/filter/create", Map.of("resourceType", "Task", "name", HOSTILE, "query", Map.of(),
        "properties", Map.of("description", HOSTILE)));
    creations.put("/engine-rest/group/create", Map.of("id", "probe-group", "name", HOSTILE));
    creations.put("/engine-rest/tenant/create", Map.of("id", "probe-tenant", "name", HOSTILE));
    creations.put("/engine-rest/task/create", Map.of("id", "probe-task", "name", HOSTILE));
    for (Map.Entry<String, Map<String, Object>> creation : creations.entrySet()) {
      for (String user : List.of("qs-clerk", "analyst-lin")) {
        ResponseEntity<String> refused = api.as(user).exchange(creation.getKey(), HttpMethod.POST,
            new HttpEntity<>(creation.getValue()), String.class);
        assertThat(refused.getStatusCode().value()).as("%s %s %s", user, creation.getKey(), refused.getBody())
            .isEqualTo(403);
      }
    }
    // the filters everyone sees: read-only for them
    String shared = (String) api.list("qs-clerk", "/engine-rest/filter").get(0).get("id");
    assertThat(api.as("qs-clerk").exchange("/engine-rest/filter/" + shared, HttpMethod.PUT, new HttpEntity<>(
        Map.of("name", HOSTILE, "query", Map.of())), String.class).getStatusCode().value()).isEqualTo(403);
    // a business key sent with a start: refused (the receipt number registration gives is the key); before the fix
    // a short one was stored until registration replaced it, and a long one failed in the database (500)
    Map<String, Object> variables = new LinkedHashMap<>();
    anApplication().json().forEach((name, value) -> variables.put(name, Map.of("value", value)));
    variables.put("townshipId", Map.of("value", "qingshan"));
    long cases = runtime.createProcessInstanceQuery().count();
    for (String key : List.of(HOSTILE, "QS-20260101-0001")) {
      ResponseEntity<Map<String, Object>> refused = api.post("qs-clerk",
          "/engine-rest/process-definition/key/delegated-review/start", Map.of("variables", variables,
              "businessKey", key));
      assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(400);
      assertThat((String) refused.getBody().get("message")).contains("businessKey", "未作任何修改");
    }
    assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(cases);
    ResponseEntity<Map<String, Object>> started = api.post("qs-clerk",
        "/engine-rest/process-definition/key/delegated-review/start", Map.of("variables", variables));
    assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(200);
    assertThat((String) started.getBody().get("businessKey")).matches("QS-\\d{8}-\\d{4}");
  }
}
