package cn.township.workflow.window;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.RejectedInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * The {@code Idempotency-Key} (请求编号) of {@code POST /api/applications} ({@code tw_application_request}): a caller
 * who sends the same key with the same application again — a village agent's tablet retrying on a poor connection, a
 * double click — gets the first answer again, and no second case, receipt number or statutory clock is created. Keys
 * are the caller's own (another user's same key is another key and never sees this answer) and kept
 * {@code township.registration.idempotency-hours}, then swept. The key's row is written in the case's start
 * transaction, so the primary key decides between two requests at once (two threads, two nodes): the second waits for
 * the first and answers as it did; a start that is refused or fails leaves no key behind, and a retry may start anew.
 */
@Component
public class ApplicationRequests {

  public static final String HEADER = "Idempotency-Key";
  /** Set on an answer given again, so a caller can tell a retry's answer from a new case. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{8,64}");
  static final String MALFORMED = "请求编号（Idempotency-Key 请求头）格式不正确：应为8至64位字母、数字、“-”或“_”，"
      + "建议每填写一份申请生成一个 UUID。";
  static final String IN_PROGRESS = "同一请求编号的申请正在处理，请稍后用同一请求编号重试（不会重复收件）。";

  /** An answer of {@code POST /api/applications}; {@code replayed}: the first answer to this key, given again. */
  public record Answer(Map<String, Object> body, boolean replayed) {}

  /** The earlier request with the key: the hash of its application and its answer. */
  private record Earlier(String bodyHash, String receiptNo, String answer) {}

  /** Another request holds the key (committed, or still running past the database's lock wait). */
  private static final class KeyTaken extends RuntimeException {
    KeyTaken(Throwable cause) {
      super(cause);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ApplicationRequests.class);
  private static final TypeReference<LinkedHashMap<String, Object>> ANSWER = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final Deadlines deadlines;
  private final ObjectMapper json;
  private final Duration keptFor;

  public ApplicationRequests(JdbcTemplate jdbc, PlatformTransactionManager transactions, Deadlines deadlines,
                             ObjectMapper json, @Value("${township.registration.idempotency-hours:24}") int hours) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.deadlines = deadlines;
    this.json = json;
    this.keptFor = Duration.ofHours(hours);
  }

  /**
   * Registers once per caller and key: the first request runs {@code register} in one transaction with the key's row;
   * the same application with the key again gets the first answer; another application with it 409. Without a key
   * ({@code null}) every request registers, as before keys.
   */
  public Answer once(String userId, String key, Object application, Supplier<Map<String, Object>> register) {
    if (key == null) {
      return new Answer(register.get(), false);
    }
    if (!KEY.matcher(key).matches()) {
      throw new RejectedInputException(HEADER, MALFORMED);
    }
    String hash = hash(application);
    try {
      return transaction.execute(status -> {
        Instant now = deadlines.now();
        jdbc.update("DELETE FROM tw_application_request WHERE user_id = ? AND request_key = ? AND received_at < ?",
            userId, key, Timestamp.from(now.minus(keptFor)));
        Optional<Earlier> earlier = find(userId, key);
        if (earlier.isPresent()) {
          return again(earlier.get(), hash);
        }
        claim(userId, key, hash, now);
        Map<String, Object> body = register.get();
        jdbc.update("UPDATE tw_application_request SET receipt_no = ?, answer = ? WHERE user_id = ? AND request_key = ?",
            body.get("receiptNo"), write(body), userId, key);
        return new Answer(body, false);
      });
    } catch (KeyTaken taken) {
      // the other request committed (its answer is ours), or is still running (ask the caller to retry)
      return find(userId, key).map(earlier -> again(earlier, hash))
          .orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, IN_PROGRESS));
    }
  }

  /** Deletes the keys older than the period (each node; two at once delete a row once). Returns how many. */
  @Scheduled(fixedDelayString = "${township.registration.idempotency-sweep-millis:3600000}",
      initialDelayString = "${township.registration.idempotency-sweep-millis:3600000}")
  public int sweep() {
    int deleted = jdbc.update("DELETE FROM tw_application_request WHERE received_at < ?",
        Timestamp.from(deadlines.now().minus(keptFor)));
    if (deleted > 0) {
      LOG.info("Deleted {} request keys of POST /api/applications older than {}", deleted, keptFor);
    }
    return deleted;
  }

  /** Writes the key's row; a row of another request, committed or not, makes the database refuse or wait. */
  private void claim(String userId, String key, String hash, Instant now) {
    try {
      jdbc.update("INSERT INTO tw_application_request (user_id, request_key, body_hash, received_at) "
          + "VALUES (?, ?, ?, ?)", userId, key, hash, Timestamp.from(now));
    } catch (DuplicateKeyException | TransientDataAccessException taken) { // the latter: a lock wait timed out (H2)
      throw new KeyTaken(taken);
    }
  }

  private Answer again(Earlier earlier, String hash) {
    if (!earlier.bodyHash().equals(hash)) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "同一请求编号已用于另一份申请（受理编号 "
          + earlier.receiptNo() + "），与本次提交的内容不同：新的申请请使用新的请求编号；重发原申请请勿修改内容。");
    }
    try {
      return new Answer(json.readValue(earlier.answer(), ANSWER), true);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("answer of request key not readable", e);
    }
  }

  private Optional<Earlier> find(String userId, String key) {
    return jdbc.query("SELECT body_hash, receipt_no, answer FROM tw_application_request WHERE user_id = ? "
            + "AND request_key = ? AND received_at >= ?",
        (rs, i) -> new Earlier(rs.getString(1), rs.getString(2), rs.getString(3)), userId, key,
        Timestamp.from(deadlines.now().minus(keptFor))).stream().findFirst();
  }

  /** The application as received, its fields in their declared order (a record): JSON spacing and order do not count. */
  private String hash(Object application) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(write(application)
          .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not writable as JSON", e);
    }
  }
}
