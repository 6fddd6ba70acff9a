package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;

import cn.township.workflow.support.Api;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.window.ChineseIdNumber;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import cn.township.workflow.support.WebappSession;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** The whole application on a port, with the demo users: who may see and do what, and what bad input gets. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ApplicationSecurityTest {

  static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = Api.JSON_OBJECT;

  @LocalServerPort int port;
  @Autowired TestRestTemplate anonymous;
  @Autowired HistoryService history;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;

  TestRestTemplate as(String user) {
    return new Api(anonymous).as(user);
  }

  Map<String, Object> register(String clerk, Map<String, Object> application) {
    return new Api(anonymous).register(clerk, application);
  }

  List<Map<String, Object>> tasksOf(String user, String receiptNo) {
    return new Api(anonymous).tasksOf(user, receiptNo);
  }

  @Test
  void engineRestRefusesAnonymousAndWrongPasswords() {
    ResponseEntity<String> anon = anonymous.getForEntity("/engine-rest/task", String.class);
    assertThat(anon.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anon.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
    assertThat(anon.getBody()).contains("请先登录");
    // qs-supervisor is used by no other test: the engine delays further logins after a wrong password
    assertThat(anonymous.withBasicAuth("qs-supervisor", "wrong").getForEntity("/engine-rest/task", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.withBasicAuth("nobody", "demo").getForEntity("/engine-rest/task", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getForEntity("/api/applications", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(as("qs-clerk").getForEntity("/engine-rest/task", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aClerkOfOneTownshipNeverSeesOrCompletesTheOthersTask() {
    Map<String, Object> created = register("qs-clerk", anApplication().json());
    assertThat((String) created.get("receiptNo")).startsWith("QS-");
    assertThat(created.get("township")).isEqualTo("青山镇");
    assertThat((List<Object>) created.get("requiredMaterials")).hasSize(5).contains("户口簿");
    String receiptNo = (String) created.get("receiptNo");

    List<Map<String, Object>> own = tasksOf("qs-clerk", receiptNo);
    assertThat(own).singleElement().satisfies(t -> assertThat(t.get("name")).isEqualTo("受理审查（核验材料）"));
    String taskId = (String) own.get(0).get("id");

    assertThat(tasksOf("bs-clerk", receiptNo)).isEmpty();
    assertThat(as("bs-clerk").getForEntity("/engine-rest/task/" + taskId, String.class).getStatusCode().is2xxSuccessful())
        .isFalse();
    ResponseEntity<String> foreignComplete = as("bs-clerk").postForEntity("/engine-rest/task/" + taskId + "/complete",
        new HttpEntity<>(Map.of("variables", Map.of("acceptable", Map.of("value", true)))), String.class);
    assertThat(foreignComplete.getStatusCode().is2xxSuccessful()).isFalse();
    assertThat(tasks.createTaskQuery().taskId(taskId).count()).as("the task is untouched").isEqualTo(1);

    // and the township's own clerk can open its Camunda Form and work it
    ResponseEntity<String> form = as("qs-clerk").getForEntity("/engine-rest/task/" + taskId + "/deployed-form",
        String.class);
    assertThat(form.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(form.getBody()).contains("已收到的申请材料");
  }

  @Test
  void tasklistShowsEachClerkOnlyTheirTownship() throws Exception {
    Map<String, Object> baishiCase = register("bs-clerk", anApplication().in(null).json());
    String receiptNo = (String) baishiCase.get("receiptNo");
    assertThat(tasklistTasks("bs-clerk", receiptNo)).contains("受理审查（核验材料）");
    assertThat(tasklistTasks("qs-clerk", receiptNo)).isEqualTo("[]");
  }

  /** Logs into the Tasklist webapp as a browser does (cookies, XSRF token) and lists what its API returns. */
  private String tasklistTasks(String user, String receiptNo) throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String base = "http://localhost:" + port + "/camunda/api/";
    HttpResponse<String> first = browser.send(HttpRequest.newBuilder(URI.create(base + "engine/engine/")).build(),
        BodyHandlers.ofString());
    String xsrf = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
        .map(c -> c.split(";", 2)[0].substring("XSRF-TOKEN=".length())).findFirst().orElseThrow();
    HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
            URI.create(base + "admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8").header("X-XSRF-TOKEN", xsrf)
        .POST(BodyPublishers.ofString("username=" + user + "&password=demo")).build(), BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    HttpResponse<String> list = browser.send(HttpRequest.newBuilder(URI.create(base
            + "engine/engine/default/task?processInstanceBusinessKey=" + receiptNo))
        .header("X-XSRF-TOKEN", xsrf).build(), BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(200);
    return list.body();
  }

  @Test
  void badInputGetsAClearChineseMessageAndCreatesNothing() {
    long before = history.createHistoricProcessInstanceQuery().count();
    assertBadRequest(anApplication().forMatter("NO_SUCH_MATTER").json(), "matterCode", "事项目录中没有编码为");
    Map<String, Object> noId = anApplication().json();
    noId.remove("applicantIdNumber");
    assertBadRequest(noId, "applicantIdNumber", "请填写申请人身份证号码");
    assertBadRequest(anApplication().idNumber(ChineseIdNumber.withCheckCharacter("43052119800101123")
        .substring(0, 17) + "0").json(), "applicantIdNumber", "校验位");
    assertBadRequest(anApplication().idNumber("ABC").json(), "applicantIdNumber", "18位");
    assertThat(history.createHistoricProcessInstanceQuery().count()).isEqualTo(before);

    ResponseEntity<Map<String, Object>> notJson = as("qs-clerk").exchange("/api/applications", HttpMethod.POST,
        new HttpEntity<>("{not json", jsonHeaders()), JSON_OBJECT);
    assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(notJson.getBody()).containsEntry("message", "请求内容不是有效的 JSON。");
  }

  @Test
  void aClerkCannotActForAnotherTownshipButAnAdministratorMayNameOne() {
    Map<String, Object> foreign = anApplication().json();
    foreign.put("townshipId", "baishi");
    ResponseEntity<Map<String, Object>> refused = as("qs-clerk").exchange("/api/applications", HttpMethod.POST,
        new HttpEntity<>(foreign), JSON_OBJECT);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("field", "townshipId");
    assertThat((String) register("admin", foreign).get("receiptNo")).startsWith("BS-");
  }

  @Test
  void onlyWindowClerksRegisterApplications() {
    ResponseEntity<Map<String, Object>> response = as("qs-reviewer").exchange("/api/applications", HttpMethod.POST,
        new HttpEntity<>(anApplication().json()), JSON_OBJECT);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(response.getBody()).containsEntry("message", "您没有办理此项操作的权限。");
  }

  @Test
  void tasklistIsServedInChinese() {
    ResponseEntity<String> page = anonymous.getForEntity("/camunda/app/tasklist/default/", String.class);
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody()).contains("<html");
    ResponseEntity<String> zh = anonymous.getForEntity("/camunda/app/tasklist/locales/zh.json", String.class);
    assertThat(zh.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(zh.getBody()).contains("\"CLAIM_TASK\": \"认领\"");
    ResponseEntity<String> config = anonymous.getForEntity("/camunda/app/tasklist/scripts/config.js", String.class);
    assertThat(config.getBody()).contains("availableLocales").contains("'zh'");
  }

  @Test
  void theOfficeAddressOpensTasklistAndErrorsAreChinesePagesWithoutTraces() throws Exception {
    HttpClient browser = HttpClient.newHttpClient();
    HttpResponse<String> root = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
        .build(), BodyHandlers.ofString());
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location").orElseThrow()).endsWith("/camunda/app/tasklist/");
    HttpResponse<String> missing = browser.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/no/such/page")).header("Accept", "text/html").build(),
        BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("页面不存在").doesNotContain("Exception").doesNotContain("at org.");
  }

  @Test
  void theStatusLookupCannotBeTriedFasterThanTheLimit() {
    HttpHeaders guesser = new HttpHeaders();
    guesser.set("X-Forwarded-For", "10.77.0.1");
    for (int i = 0; i < 30; i++) {
      assertThat(anonymous.exchange("/api/cases/QS-20261202-0001?queryCode=" + (10_000_000 + i), HttpMethod.GET,
          new HttpEntity<>(guesser), JSON_OBJECT).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
    ResponseEntity<Map<String, Object>> refused = anonymous.exchange("/api/cases/QS-20261202-0001?queryCode=1",
        HttpMethod.GET, new HttpEntity<>(guesser), JSON_OBJECT);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(refused.getBody()).containsEntry("message", "查询过于频繁，请稍后再试。");
    HttpHeaders applicant = new HttpHeaders();
    applicant.set("X-Forwarded-For", "10.77.0.2");
    assertThat(anonymous.exchange("/api/cases/QS-20261202-0001?queryCode=1", HttpMethod.GET,
        new HttpEntity<>(applicant), JSON_OBJECT).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theApiIsDescribedForLoggedInUsersOnly() {
    assertThat(anonymous.getForEntity("/v3/api-docs", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<Map<String, Object>> described = as("qs-clerk").exchange("/v3/api-docs", HttpMethod.GET, null,
        JSON_OBJECT);
    assertThat(described.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(((Map<String, Object>) described.getBody().get("paths")).keySet())
        .contains("/api/applications", "/api/cases/{receiptNo}", "/api/audit", "/api/metrics/dashboard")
        .allSatisfy(path -> assertThat(path).startsWith("/api/"));
  }

  @Test
  void theFirstRunPageIsClosedWhateverTheDatabaseHolds() throws Exception {
    long admins = identity.createUserQuery().memberOfGroup("camunda-admin").count();
    WebappSession visitor = new WebappSession(port);
    HttpResponse<String> attempt = visitor.post("/camunda/api/admin/setup/default/user/create",
        "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"x\",\"lastName\":\"y\"},"
            + "\"credentials\":{\"password\":\"Kx7!mountain-river\"}}");
    assertThat(attempt.statusCode()).isEqualTo(403);
    assertThat(attempt.body()).contains("首次设置页面已关闭");
    assertThat(identity.createUserQuery().userId("intruder").count()).isZero();
    assertThat(identity.createUserQuery().memberOfGroup("camunda-admin").count()).isEqualTo(admins);
  }

  @Test
  void newAndChangedPasswordsMeetThePolicy() {
    Map<String, Object> weak = Map.of("profile", Map.of("id", "qs-newclerk", "firstName", "新", "lastName", "员"),
        "credentials", Map.of("password", "demo1234"));
    ResponseEntity<String> refused = as("admin").postForEntity("/engine-rest/user/create", weak, String.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(identity.createUserQuery().userId("qs-newclerk").count()).isZero();
    Map<String, Object> strong = Map.of("profile", Map.of("id", "qs-newclerk", "firstName", "新", "lastName", "员"),
        "credentials", Map.of("password", "Kx7!mountain-river"));
    assertThat(as("admin").postForEntity("/engine-rest/user/create", strong, String.class).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    ResponseEntity<String> change = as("admin").exchange("/engine-rest/user/qs-newclerk/credentials", HttpMethod.PUT,
        new HttpEntity<>(Map.of("password", "short", "authenticatedUserPassword", "demo")), String.class);
    assertThat(change.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(identity.checkPassword("qs-newclerk", "Kx7!mountain-river")).isTrue();
  }

  private void assertBadRequest(Map<String, Object> application, String field, String message) {
    ResponseEntity<Map<String, Object>> response = as("qs-clerk").exchange("/api/applications", HttpMethod.POST,
        new HttpEntity<>(application), JSON_OBJECT);
    assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody()).containsEntry("field", field);
    assertThat((String) response.getBody().get("message")).contains(message);
  }

  private static HttpHeaders jsonHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }
}
