package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.spring.JqwikSpringSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every /api endpoint, as its OpenAPI description (/v3/api-docs) lists them, is sent generated malformed, oversized
 * and hostile parameters and bodies, as anonymous, as another township's clerk, as the right role and as the
 * administrator. Every answer is a success or a 4xx with a Chinese message, never a 5xx; and a refused request
 * writes nothing (row counts of the case tables compared). The number of requests is printed for docs/security.md.
 */
@JqwikSpringSupport
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ApiFuzzTest {

  /** Tables a refused request must not change. */
  static final List<String> CASE_TABLES = List.of("ACT_RU_EXECUTION", "ACT_RU_TASK", "ACT_RU_VARIABLE",
      "ACT_HI_PROCINST", "ACT_RE_DEPLOYMENT", "tw_notice", "tw_public_comment", "tw_case_fact", "tw_audit_event",
      "tw_number_sequence", "tw_document", "tw_message", "tw_registration", "tw_absence", "tw_task_urge",
      "tw_mutual_evaluation", "tw_applicant_identity", "tw_party_identity", "tw_application_request");
  static final AtomicInteger REQUESTS = new AtomicInteger();
  static final Map<String, AtomicInteger> BY_STATUS = new java.util.TreeMap<>();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  record Endpoint(String method, String path, List<String> pathParams, List<String> queryParams,
                  List<String> bodyFields) {}

  record Request(Endpoint endpoint, String caller, Map<String, String> parameters, String body, String address) {}

  static List<Endpoint> endpoints;

  List<Endpoint> endpoints() throws Exception {
    if (endpoints == null) {
      JsonNode api = new ObjectMapper().readTree(send("GET", "/v3/api-docs", "admin", null, null).body());
      JsonNode schemas = api.path("components").path("schemas");
      List<Endpoint> found = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
        Map.Entry<String, JsonNode> path = paths.next();
        for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
          Map.Entry<String, JsonNode> op = ops.next();
          List<String> inPath = new ArrayList<>();
          List<String> inQuery = new ArrayList<>();
          for (JsonNode parameter : op.getValue().path("parameters")) {
            ("path".equals(parameter.path("in").asText()) ? inPath : inQuery).add(parameter.path("name").asText());
          }
          List<String> fields = new ArrayList<>();
          JsonNode schema = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
          String ref = schema.path("$ref").asText("");
          if (!ref.isEmpty()) {
            schema.fieldNames();
            schemas.path(ref.substring(ref.lastIndexOf('/') + 1)).path("properties").fieldNames()
                .forEachRemaining(fields::add);
          }
          found.add(new Endpoint(op.getKey().toUpperCase(), path.getKey(), inPath, inQuery,
              op.getValue().has("requestBody") ? fields : null));
        }
      }
      endpoints = List.copyOf(found);
    }
    return endpoints;
  }

  /**
   * What one request is made of. The endpoint and its body are chosen at try time (from the running application's
   * OpenAPI description), by {@code endpoint} and {@code bodyKind} as indexes.
   */
  record Material(int endpoint, String caller, Map<String, String> parameters, int bodyKind, List<Object> values,
                  String address) {}

  @Provide
  Arbitrary<Material> requests() {
    Arbitrary<String> caller = Arbitraries.of(null, "qs-clerk", "bs-clerk", "qs-reviewer", "qs-supervisor",
        "county-supervisor", "xlj-reviewer", "analyst-lin", "qs-agent", "admin");
    Arbitrary<Map<String, String>> parameters = Arbitraries.maps(
        Arbitraries.of("receiptNo", "decisionNo", "queryCode", "township", "procedure", "matter", "from", "to",
            "user", "case", "action", "page", "size"), hostileText()).ofMaxSize(6);
    Arbitrary<Object> value = Arbitraries.oneOf(hostileText().map(t -> (Object) t),
        Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null), Arbitraries.just(List.of("a", 1)), Arbitraries.just(Map.of("x", Map.of("y", 1))),
        Arbitraries.doubles().map(d -> (Object) d));
    Arbitrary<String> address = Arbitraries.integers().between(1, 250).map(n -> "10.99." + n + ".7");
    return Combinators.combine(Arbitraries.integers().between(0, 10_000), caller, parameters,
        Arbitraries.integers().between(0, MALFORMED.size() + 2), value.list().ofMaxSize(8), address)
        .as(Material::new);
  }

  /** Bodies that are not what any endpoint expects. */
  static final List<String> MALFORMED = List.of("", "{", "{\"a\":", "[]", "[1,2]", "\"text\"", "42", "null",
      "{\"a\":1}}", "\u0000", "{".repeat(3000) + "}".repeat(3000), "{\"content\":\"" + "长".repeat(300_000) + "\"}");

  /** Texts a careless endpoint would choke on. */
  static Arbitrary<String> hostileText() {
    return Arbitraries.oneOf(
        Arbitraries.of("", " ", "null", "undefined", "0", "-1", "2147483648", "99999999999999999999", "1e309",
            "NaN", "true", "2026-02-30", "2026-13-01", "9999-12-31", "0000-01-01", "../../etc/passwd", "%00",
            "' OR '1'='1", "'; DROP TABLE tw_notice; --", "${''.getClass().forName('java.lang.Runtime')}",
            "#{jdbcTemplate}", "<script>alert(1)</script>", "QS-20261202-0001", "BS-99999999-9999", "qingshan",
            "baishi", "delegated-review", "RURAL_HOMESTEAD", "11010519491231002X", "\u0000\u0001\u001f",
            "\uD83D\uDE00汉字", "\u202Eevil", "a".repeat(5000)),
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withCharRange('一', '龥').ofMinLength(1).ofMaxLength(30));
  }

  /** No body, a malformed one, or the endpoint's fields (the first ones) with the generated values. */
  static String body(Endpoint endpoint, Material material) throws Exception {
    if (endpoint.bodyFields() == null) {
      return null;
    }
    if (material.bodyKind() < MALFORMED.size()) {
      return MALFORMED.get(material.bodyKind());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(material.values().size(), endpoint.bodyFields().size()); i++) {
      body.put(endpoint.bodyFields().get(i), material.values().get(i));
    }
    return new ObjectMapper().writeValueAsString(body);
  }

  @Property(tries = 600, seed = "20261202")
  void everyEndpointAnswersHostileInputWithA4xxInChineseAndWritesNothing(@ForAll("requests") Material material)
      throws Exception {
    Endpoint endpoint = endpoints().get(material.endpoint() % endpoints().size());
    Request request = new Request(endpoint, material.caller(), material.parameters(), body(endpoint, material),
        material.address());
    Map<String, Long> before = counts();
    String path = request.endpoint().path();
    for (String name : request.endpoint().pathParams()) {
      path = path.replace("{" + name + "}", encode(request.parameters().getOrDefault(name, "QS-20261202-0001")));
    }
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, String> parameter : request.parameters().entrySet()) {
      query.append(query.length() == 0 ? "?" : "&").append(encode(parameter.getKey())).append('=')
          .append(encode(parameter.getValue()));
    }
    HttpResponse<String> answer = send(request.endpoint().method(), path + query, request.caller(), request.body(),
        request.address());
    REQUESTS.incrementAndGet();
    synchronized (BY_STATUS) {
      BY_STATUS.computeIfAbsent(String.valueOf(answer.statusCode()), k -> new AtomicInteger()).incrementAndGet();
    }
    assertThat(answer.statusCode()).as("%s %s as %s: %s", request.endpoint().method(), path, request.caller(),
        abbreviate(answer.body())).isLessThan(500);
    if (answer.statusCode() >= 400) {
      assertThat(answer.body()).as("a Chinese message for %s %s: %s", request.endpoint().method(), path,
          abbreviate(answer.body())).containsPattern("\"message\"\\s*:\\s*\"[^\"]*[\\u4e00-\\u9fa5]");
      assertThat(counts()).as("a refused %s %s wrote nothing", request.endpoint().method(), path).isEqualTo(before);
    }
  }

  @AfterContainer
  static void report() {
    System.out.println("ApiFuzzTest: " + REQUESTS.get() + " requests to " + (endpoints == null ? 0 : endpoints.size())
        + " endpoints; answers by status " + BY_STATUS);
  }

  Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : CASE_TABLES) {
      counts.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
    }
    return counts;
  }

  HttpResponse<String> send(String method, String path, String user, String body, String address) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo")
          .getBytes(StandardCharsets.UTF_8)));
    }
    if (address != null) {
      request.header("X-Forwarded-For", address);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static String abbreviate(String text) {
    return text == null || text.length() < 300 ? text : text.substring(0, 300) + "…";
  }
}
