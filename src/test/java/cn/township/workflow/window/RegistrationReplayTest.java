package cn.township.workflow.window;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.ApplicationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A caller's retry of {@code POST /api/applications} (a village agent's tablet on a poor connection, a double click at
 * the window) with the same {@code Idempotency-Key} gets the first answer again: one case, one receipt number, one
 * statutory clock. Another application under the key is refused (409), another user's same key is their own, a
 * malformed key is refused (400), and two requests at once with one key make one case. In the API tests' shared
 * application (H2): a context of its own (as a database property source made it) registered a second engine named
 * "default" in Camunda's JVM-wide registry, on its own in-memory database, and the REST calls of the API tests after
 * it went to that engine, which did not have their new cases (support/EngineRegistryGuard now fails such a run).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class RegistrationReplayTest {

  /** Each test's applicant has a phone number of their own: their cases are counted by it. */
  static final AtomicInteger PHONES = new AtomicInteger(1000);

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcTemplate jdbc;
  @Autowired ApplicationRequests requests;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  Api api() {
    return new Api(anonymous);
  }

  static String newPhone() {
    return "1390013" + PHONES.getAndIncrement();
  }

  static String newKey() {
    return UUID.randomUUID().toString();
  }

  static Map<String, Object> application(String phone) {
    return anApplication().phone(phone).json();
  }

  ResponseEntity<Map<String, Object>> post(String user, String key, Map<String, Object> application) {
    HttpHeaders headers = new HttpHeaders();
    if (key != null) {
      headers.set(ApplicationRequests.HEADER, key);
    }
    return api().as(user).exchange("/api/applications", HttpMethod.POST, new HttpEntity<>(application, headers),
        Api.JSON_OBJECT);
  }

  /** A first request with the key: a new case (201, no replay); its answer's body. */
  Map<String, Object> registered(String user, String key, Map<String, Object> application) {
    ResponseEntity<Map<String, Object>> first = post(user, key, application);
    assertThat(first.getStatusCode()).as("%s", first.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(first.getHeaders().getFirst(ApplicationRequests.REPLAYED_HEADER)).isNull();
    return first.getBody();
  }

  /**
   * The receipt numbers of the applicant with this phone: those of their running cases (ACT_RU_EXECUTION; a case's
   * procedure and the window intake it calls are two instances under one receipt number), checked against the ID numbers
   * registration kept, one per case.
   */
  List<String> receiptNumbersOf(String phone) {
    List<String> running = jdbc.queryForList("SELECT DISTINCT e.BUSINESS_KEY_ FROM ACT_RU_EXECUTION e "
        + "JOIN ACT_RU_VARIABLE v ON v.EXECUTION_ID_ = e.ID_ WHERE e.PARENT_ID_ IS NULL AND v.NAME_ = 'applicantPhone' "
        + "AND v.TEXT_ = ?", String.class, phone);
    for (String receiptNo : running) {
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_applicant_identity WHERE receipt_no = ?", Long.class,
          receiptNo)).as(receiptNo).isEqualTo(1);
    }
    return running;
  }

  long keysOf(String user) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM tw_application_request WHERE user_id = ?", Long.class, user);
  }

  @Test
  void aRetryWithTheSameKeyGetsTheFirstAnswerAndCreatesNothing() {
    String phone = newPhone();
    String key = newKey();
    ResponseEntity<Map<String, Object>> first = post("qs-clerk", key, application(phone));
    assertThat(first.getStatusCode()).as("%s", first.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(first.getHeaders().getFirst(ApplicationRequests.REPLAYED_HEADER)).isNull();
    String receiptNo = (String) first.getBody().get("receiptNo");
    assertThat(receiptNo).startsWith("QS-");

    for (int retry = 0; retry < 3; retry++) {
      ResponseEntity<Map<String, Object>> again = post("qs-clerk", key, application(phone));
      assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
      assertThat(again.getHeaders().getFirst(ApplicationRequests.REPLAYED_HEADER)).isEqualTo("true");
      assertThat(again.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
      assertThat(again.getBody()).isEqualTo(first.getBody());
    }
    assertThat(receiptNumbersOf(phone)).containsExactly(receiptNo);
    assertThat(keysOf("qs-clerk")).isPositive();

    // without a key every request registers, as before keys: the same application again is a second case
    String withoutKey = (String) api().register("qs-clerk", application(phone)).get("receiptNo");
    assertThat(receiptNumbersOf(phone)).containsExactlyInAnyOrder(receiptNo, withoutKey);
  }

  @Test
  void aVillageAgentsAndACrossTownshipWindowsRetryGetTheFirstReceipt() {
    String phone = newPhone();
    Map<String, Object> onBehalf = anApplication().phone(phone)
        .jsonWith("villagerConsent", "村民王大山于2026年11月16日签署代办授权委托书");
    String agentsKey = newKey();
    Map<String, Object> agents = registered("qs-agent", agentsKey, onBehalf);
    ResponseEntity<Map<String, Object>> agentsRetry = post("qs-agent", agentsKey, onBehalf);
    assertThat(agentsRetry.getHeaders().getFirst(ApplicationRequests.REPLAYED_HEADER)).isEqualTo("true");
    assertThat(agentsRetry.getBody()).isEqualTo(agents).containsEntry("village", "青山镇东村");

    String otherPhone = newPhone();
    Map<String, Object> forBaishi = anApplication().phone(otherPhone).jsonWith("handlingTownshipId", "baishi");
    String windowsKey = newKey();
    Map<String, Object> window = registered("qs-clerk", windowsKey, forBaishi);
    assertThat(post("qs-clerk", windowsKey, forBaishi).getBody()).isEqualTo(window)
        .containsEntry("receivingTownship", "青山镇");

    assertThat(receiptNumbersOf(phone)).containsExactly((String) agents.get("receiptNo"));
    assertThat(receiptNumbersOf(otherPhone)).containsExactly((String) window.get("receiptNo"));
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_registration WHERE receipt_no IN (?, ?)", Long.class,
        agents.get("receiptNo"), window.get("receiptNo"))).isEqualTo(2);
  }

  @Test
  void theSameKeyWithAnotherApplicationIsRefused() {
    String phone = newPhone();
    String key = newKey();
    String receiptNo = (String) registered("qs-clerk", key, application(phone)).get("receiptNo");

    ResponseEntity<Map<String, Object>> other = post("qs-clerk", key,
        anApplication().phone(phone).jsonWith("applicationSummary", "在本村自有宅基地上新建住房"));
    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat((String) other.getBody().get("message")).startsWith("同一请求编号已用于另一份申请（受理编号 " + receiptNo + "）");
    assertThat(other.getBody()).doesNotContainKey("queryCode");
    assertThat(receiptNumbersOf(phone)).containsExactly(receiptNo);
  }

  @Test
  void keysAreEachUsersOwnAndNeverShowAnotherUsersAnswer() {
    String phone = newPhone();
    String key = newKey();
    Map<String, Object> clerks = registered("qs-clerk", key, application(phone));
    String clerksReceipt = (String) clerks.get("receiptNo");

    // 白石乡's clerk sends the same key and the same body: their own application, not 青山镇's answer
    Map<String, Object> others = registered("bs-clerk", key, application(phone));
    String othersReceipt = (String) others.get("receiptNo");
    assertThat(othersReceipt).startsWith("BS-");
    assertThat(others.get("queryCode")).isNotEqualTo(clerks.get("queryCode"));

    // each retry gets its own sender's answer
    assertThat(post("bs-clerk", key, application(phone)).getBody()).isEqualTo(others);
    assertThat(post("qs-clerk", key, application(phone)).getBody()).isEqualTo(clerks);
    assertThat(receiptNumbersOf(phone)).containsExactlyInAnyOrder(clerksReceipt, othersReceipt);
  }

  @Test
  void aMalformedKeyIsRefusedInChineseAndNothingIsCreated() {
    String phone = newPhone();
    long keys = keysOf("qs-clerk");
    // (a client cannot send a header outside ASCII; Tomcat reads its bytes as ISO-8859-1, caught by the same check)
    for (String key : List.of("", "short", "abc defgh1", "abcdefgh\u00e9\u00e8", "x".repeat(65),
        "abcdefgh;DROP", "abcdefgh,abcdefgh", "../../etc/passwd")) {
      ResponseEntity<Map<String, Object>> refused = post("qs-clerk", key, application(phone));
      assertThat(refused.getStatusCode()).as("[%s]", key).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody()).as("[%s]", key).containsEntry("field", ApplicationRequests.HEADER)
          .containsEntry("message", ApplicationRequests.MALFORMED);
    }
    assertThat(receiptNumbersOf(phone)).isEmpty();
    assertThat(keysOf("qs-clerk")).isEqualTo(keys);
    // the bounds themselves are keys
    assertThat(post("qs-clerk", "a".repeat(8) + newPhone(), application(phone)).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(post("qs-clerk", "A-_9".repeat(16), application(newPhone())).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(post(null, newKey(), application(phone)).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(post("qs-reviewer", newKey(), application(phone)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aRefusedApplicationLeavesNoKeyAndTheCorrectedOneIsRegistered() {
    String phone = newPhone();
    String key = newKey();
    ResponseEntity<Map<String, Object>> refused = post("qs-clerk", key,
        anApplication().phone(phone).jsonWith("matterCode", "NO_SUCH_MATTER"));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).containsEntry("field", "matterCode");

    Map<String, Object> corrected = registered("qs-clerk", key, application(phone));
    assertThat(post("qs-clerk", key, application(phone)).getBody()).isEqualTo(corrected);
    assertThat(receiptNumbersOf(phone)).containsExactly((String) corrected.get("receiptNo"));
  }

  @Test
  void keysAreKeptForTheConfiguredHoursThenSwept() {
    String phone = newPhone();
    String key = newKey();
    assertThat(post("qs-clerk", key, application(phone)).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(post("qs-clerk", key, application(phone)).getHeaders().getFirst(ApplicationRequests.REPLAYED_HEADER))
        .isEqualTo("true");

    ClockUtil.setCurrentTime(Date.from(new Date().toInstant().plus(Duration.ofHours(23))));
    assertThat(requests.sweep()).isZero();
    assertThat(post("qs-clerk", key, application(phone)).getHeaders().getFirst(ApplicationRequests.REPLAYED_HEADER))
        .isEqualTo("true");

    ClockUtil.setCurrentTime(Date.from(new Date().toInstant().plus(Duration.ofHours(25))));
    long before = jdbc.queryForObject("SELECT COUNT(*) FROM tw_application_request WHERE request_key = ?", Long.class,
        key);
    assertThat(before).isEqualTo(1);
    assertThat(requests.sweep()).isPositive();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_application_request WHERE request_key = ?", Long.class,
        key)).isZero();
    assertThat(receiptNumbersOf(phone)).hasSize(1);
  }

  @Test
  void twoRequestsAtOnceWithOneKeyMakeOneCase() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < 6; round++) {
        String phone = newPhone();
        String key = newKey();
        CyclicBarrier together = new CyclicBarrier(3);
        List<Future<ResponseEntity<Map<String, Object>>>> sent = new ArrayList<>();
        for (int thread = 0; thread < 3; thread++) {
          sent.add(pool.submit(() -> {
            together.await();
            return post("qs-clerk", key, application(phone));
          }));
        }
        List<String> receipts = new ArrayList<>();
        int created = 0;
        for (Future<ResponseEntity<Map<String, Object>>> answer : sent) {
          ResponseEntity<Map<String, Object>> response = answer.get();
          if (response.getStatusCode() == HttpStatus.CONFLICT) {
            assertThat(response.getBody()).as("round %d", round)
                .containsEntry("message", ApplicationRequests.IN_PROGRESS);
            continue;
          }
          assertThat(response.getStatusCode()).as("round %d: %s", round, response.getBody())
              .isEqualTo(HttpStatus.CREATED);
          if (response.getHeaders().getFirst(ApplicationRequests.REPLAYED_HEADER) == null) {
            created++;
          }
          receipts.add((String) response.getBody().get("receiptNo"));
        }
        assertThat(created).as("round %d", round).isEqualTo(1);
        assertThat(receipts).as("round %d", round).hasSizeGreaterThanOrEqualTo(1).containsOnly(receipts.get(0));
        assertThat(receiptNumbersOf(phone)).as("round %d", round).containsExactly(receipts.get(0));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Sixth attacker's review: a field the API does not know is not part of the application (it is not read, not stored),
   * so a retry that differs only in it is answered as the first request; the answer given again, and the row kept for
   * it, hold no ID number; a key is an exact string, so the same key in other letters is another key.
   */
  @Test
  void anUnknownFieldDoesNotMakeAnotherApplicationAndTheKeptAnswerHoldsNoIdNumber() {
    String phone = newPhone();
    String key = newKey();
    Map<String, Object> first = registered("qs-clerk", key, application(phone));
    ResponseEntity<Map<String, Object>> again = post("qs-clerk", key,
        anApplication().phone(phone).jsonWith("unknownField", "不读取的字段"));
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(again.getHeaders().getFirst(ApplicationRequests.REPLAYED_HEADER)).isEqualTo("true");
    assertThat(again.getBody()).isEqualTo(first).doesNotContainKey("applicantIdNumber");
    String kept = jdbc.queryForObject("SELECT answer FROM tw_application_request WHERE user_id = ? AND request_key = ?",
        String.class, "qs-clerk", key);
    assertThat(kept).doesNotContain(ApplicationBuilder.ID_NUMBER);

    String upper = key.toUpperCase(java.util.Locale.ROOT);
    Map<String, Object> other = registered("qs-clerk", upper, application(phone));
    assertThat(other.get("receiptNo")).isNotEqualTo(first.get("receiptNo"));
    assertThat(receiptNumbersOf(phone)).containsExactlyInAnyOrder((String) first.get("receiptNo"),
        (String) other.get("receiptNo"));
  }
}
