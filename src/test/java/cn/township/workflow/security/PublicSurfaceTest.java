package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * What a citizen reaches without a staff login, and how any caller's request reaches /api, as the seventh attacker's
 * review tried it: bodies larger than anything the API takes, caching of personal answers, and who may name the
 * client's address. Each test failed before its fix (tried).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class PublicSurfaceTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOO_LARGE = "提交的内容过大（超过 1 MB），未作任何处理。";

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired JdbcTemplate jdbc;
  @Autowired ServerProperties server;

  final HttpClient client = HttpClient.newHttpClient();

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), BodyHandlers.ofString());
  }

  HttpRequest.Builder to(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
  }

  /** A comment of {@code characters} characters, as JSON bytes. */
  static byte[] comment(int characters) throws Exception {
    return JSON.writeValueAsBytes(Map.of("name", "居民", "content", "意".repeat(characters)));
  }

  static String message(HttpResponse<String> response) throws Exception {
    return (String) JSON.readValue(response.body(), Map.class).get("message");
  }

  /**
   * Before: a 135 MB comment was read and parsed whole before the controller (and its rate limit) ran; ten at once, no
   * account needed, ran the JVM out of memory (500s, OutOfMemoryError in the log). Now refused unread, with a length
   * or chunked, anonymous or logged in; a body under the limit still reaches the endpoint.
   */
  @Test
  void noBodyOverOneMegabyteIsReadByTheApi() throws Exception {
    byte[] large = comment(500_000); // 1.5 MB of UTF-8
    HttpResponse<String> announced = send(to("/api/decisions/QS-JC-2026-001/comments")
        .header("Content-Type", "application/json").POST(BodyPublishers.ofByteArray(large)));
    assertThat(announced.statusCode()).isEqualTo(413);
    assertThat(message(announced)).isEqualTo(TOO_LARGE);

    HttpResponse<String> chunked = send(to("/api/decisions/QS-JC-2026-001/comments")
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))));
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(message(chunked)).isEqualTo(TOO_LARGE);

    HttpResponse<String> clerk = send(to("/api/applications").header("Content-Type", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("qs-clerk:demo".getBytes()))
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))));
    assertThat(clerk.statusCode()).isEqualTo(413);

    HttpResponse<String> underTheLimit = send(to("/api/decisions/QS-JC-2026-001/comments")
        .header("Content-Type", "application/json").header("X-Forwarded-For", "198.51.100.71")
        .POST(BodyPublishers.ofInputStream(() -> {
          try {
            return new ByteArrayInputStream(comment(300_000)); // 900 KB, chunked
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })));
    assertThat(underTheLimit.statusCode()).isEqualTo(400);
    assertThat(message(underTheLimit)).isEqualTo("意见内容应为5至2000字。");
  }

  /**
   * Before: the applicant's status, the list of their documents and the receipt itself (name, phone) came without
   * Cache-Control or nosniff; so did refusals. Now every /api answer says no-store and nosniff.
   */
  @Test
  void personalAnswersAreKeptByNoCache() throws Exception {
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review",
        anApplication().applicant("缓存测试").variables());
    String receiptNo = instance.getBusinessKey();
    String code = (String) runtime.getVariable(instance.getId(), "queryCode");
    String address = "198.51.100.72";

    HttpResponse<String> status = send(to("/api/cases/" + receiptNo + "?queryCode=" + code)
        .header("X-Forwarded-For", address));
    HttpResponse<String> documents = send(to("/api/cases/" + receiptNo + "/documents?queryCode=" + code)
        .header("X-Forwarded-For", address));
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(documents.statusCode()).isEqualTo(200);
    List<?> listed = JSON.readValue(documents.body(), List.class);
    String receiptId = (String) ((Map<?, ?>) listed.get(0)).get("id");
    HttpResponse<byte[]> receipt = client.send(to("/api/cases/" + receiptNo + "/documents/" + receiptId
        + "?queryCode=" + code).header("X-Forwarded-For", address).build(), BodyHandlers.ofByteArray());
    assertThat(receipt.statusCode()).isEqualTo(200);
    assertThat(receipt.headers().firstValue("Content-Type")).contains("application/pdf");
    HttpResponse<String> wrongCode = send(to("/api/cases/" + receiptNo + "?queryCode=00000000")
        .header("X-Forwarded-For", address));
    HttpResponse<String> anonymous = send(to("/api/applications"));
    HttpResponse<String> variables = send(to("/engine-rest/process-instance/" + instance.getId() + "/variables")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:demo".getBytes())));
    assertThat(wrongCode.statusCode()).isEqualTo(404);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(variables.statusCode()).isEqualTo(200);
    assertThat(variables.headers().firstValue("Cache-Control")).hasValueSatisfying(
        value -> assertThat(value).isIn("no-store", "no-cache"));
    assertThat(variables.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

    for (HttpResponse<?> answer : List.of(status, documents, receipt, wrongCode, anonymous)) {
      assertThat(answer.headers().firstValue("Cache-Control")).as(answer.uri().getPath()).contains("no-store");
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(answer.uri().getPath())
          .contains("nosniff");
    }
  }

  /**
   * Before: Spring Boot's default believed X-Forwarded-For from every private address (10/8, 172.16/12, 192.168/16,
   * fc00::/7 …): a citizen on the township's network named any address, passing every per-address limit, or a clerk's
   * office address, keeping that clerk's logins refused there. Now only this host (nginx beside the service) or the
   * balancer the installation names is believed.
   */
  @Test
  void onlyThisHostMayNameTheClientsAddress() throws Exception {
    java.util.regex.Pattern believed = java.util.regex.Pattern.compile(
        server.getTomcat().getRemoteip().getInternalProxies());
    assertThat(believed.matcher("127.0.0.1").matches()).isTrue();
    assertThat(believed.matcher("0:0:0:0:0:0:0:1").matches()).isTrue();
    for (String lan : List.of("192.168.1.20", "10.0.0.5", "172.16.3.4", "100.64.0.9", "169.254.1.1",
        "fd00:0:0:0:0:0:0:2", "fe80:0:0:0:0:0:0:1")) {
      assertThat(believed.matcher(lan).matches()).as(lan).isFalse();
    }

    // end to end where this machine has an address of a private network: a login failure from it, naming another
    Optional<InetAddress> own = privateAddress();
    assumeTrue(own.isPresent(), "no private network address on this machine");
    String host = own.get() instanceof Inet6Address ? "[" + own.get().getHostAddress().replaceAll("%.*", "") + "]"
        : own.get().getHostAddress();
    String user = "xff-probe-" + System.nanoTime() % 100_000;
    HttpResponse<String> failed = client.send(HttpRequest.newBuilder(
            URI.create("http://" + host + ":" + port + "/api/applications"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":wrong")
            .getBytes(StandardCharsets.UTF_8)))
        .header("X-Forwarded-For", "198.18.7.7").build(), BodyHandlers.ofString());
    assertThat(failed.statusCode()).isEqualTo(401);
    List<String> recorded = jdbc.queryForList("SELECT client_address FROM tw_login_attempt WHERE user_id = ?",
        String.class, user);
    assertThat(recorded).hasSize(1);
    assertThat(recorded.get(0)).as("the address the request came from, not the one it named").isNotEqualTo("198.18.7.7");
  }

  /**
   * Held, pinned: a webapp login gets a new session id (no fixation), its cookie is HttpOnly and SameSite=Lax, and
   * Secure where the balancer says the request came over TLS; the session reads the documents and figures of /api
   * (GET only) until logout, and not after.
   */
  @Test
  void aWebappLoginStartsANewSessionThatLogoutEnds() throws Exception {
    java.net.CookieManager cookies = new java.net.CookieManager();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
    HttpResponse<String> page = browser.send(to("/camunda/app/cockpit/default/").build(), BodyHandlers.ofString());
    String before = session(page);
    String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(java.net.HttpCookie::getValue).findFirst().orElseThrow();
    HttpResponse<String> login = browser.send(to("/camunda/api/admin/auth/user/default/login/cockpit")
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "198.51.100.73")
        .POST(BodyPublishers.ofString("username=bs-supervisor&password=demo")).build(), BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
        .findFirst().orElseThrow();
    assertThat(session(login)).isNotNull().isNotEqualTo(before);
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Secure");

    // the Secure cookie is not sent back over http by Java's client: hand it over as a browser on https would
    String sessionCookie = "JSESSIONID=" + session(login);
    HttpResponse<String> figures = client.send(to("/api/metrics/ratings").header("Cookie", sessionCookie).build(),
        BodyHandlers.ofString());
    assertThat(figures.statusCode()).isEqualTo(200);
    HttpResponse<String> fresh = client.send(to("/camunda/api/admin/auth/user/default").header("Cookie", sessionCookie)
        .build(), BodyHandlers.ofString());
    String freshToken = fresh.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
    HttpResponse<String> logout = client.send(to("/camunda/api/admin/auth/user/default/logout")
        .header("Cookie", sessionCookie + "; XSRF-TOKEN=" + freshToken).header("X-XSRF-TOKEN", freshToken)
        .POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
    assertThat(logout.statusCode()).isEqualTo(200);
    assertThat(client.send(to("/api/metrics/ratings").header("Cookie", sessionCookie).build(), BodyHandlers.ofString())
        .statusCode()).isEqualTo(401);
  }

  static String session(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
        .map(c -> c.substring("JSESSIONID=".length(), c.indexOf(';'))).findFirst().orElse(null);
  }

  /** An address of this machine in a network Spring Boot's default believed (site-local IPv4, IPv6 unique local). */
  static Optional<InetAddress> privateAddress() throws Exception {
    for (NetworkInterface network : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!network.isUp() || network.isLoopback()) {
        continue;
      }
      for (InetAddress address : java.util.Collections.list(network.getInetAddresses())) {
        byte[] bytes = address.getAddress();
        boolean uniqueLocal = address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc;
        if (address.isSiteLocalAddress() || uniqueLocal) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}
