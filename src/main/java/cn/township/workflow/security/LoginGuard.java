package cn.township.workflow.security;

import cn.township.workflow.system.ClientNetworks;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Failed logins slow the one who fails, not the account's owner (GB/T 22239-2019 身份鉴别). Camunda's own lockout
 * (after a few wrong passwords, whoever typed them, the account is locked for everyone) is switched off; instead,
 * within a window (15 minutes): an account tried from one address is refused there after a few failures; an address
 * that fails for many accounts is refused for all; an account that fails from very many addresses is refused only
 * from addresses it has not logged in from lately, so the clerk at the office still gets in. Every attempt that
 * counts is recorded (table tw_login_attempt, read through /api/audit), which also makes the limits hold across the
 * nodes of a cluster.
 */
@Component
@EnableConfigurationProperties(LoginGuard.Settings.class)
public class LoginGuard {

  private static final Logger LOG = LoggerFactory.getLogger("township.security");

  @ConfigurationProperties(prefix = "township.security.login")
  public record Settings(Duration window, int failuresPerAccountAndAddress, int failuresPerAddress,
                         int failuresPerAccount, Duration knownAddressFor) {
    public Settings {
      window = window == null ? Duration.ofMinutes(15) : window;
      failuresPerAccountAndAddress = failuresPerAccountAndAddress <= 0 ? 5 : failuresPerAccountAndAddress;
      failuresPerAddress = failuresPerAddress <= 0 ? 20 : failuresPerAddress;
      failuresPerAccount = failuresPerAccount <= 0 ? 50 : failuresPerAccount;
      knownAddressFor = knownAddressFor == null ? Duration.ofDays(30) : knownAddressFor;
    }
  }

  /** The application's login paths (VERIFY: Camunda's password check of a named user). */
  public enum Channel { WEBAPP, BASIC, VERIFY }

  /** Whether a login may be tried now; if not, for how long it is refused. */
  public record Verdict(boolean allowed, Duration retryAfter) {
    public String message() {
      return "登录失败次数过多，已暂停从此处登录，请 " + Math.max(1, retryAfter.toMinutes()) + " 分钟后再试；"
          + "如非本人操作，请联系系统管理员。";
    }
  }

  static final String SUCCESS = "SUCCESS";
  static final String FAILURE = "FAILURE";
  static final String THROTTLED = "THROTTLED";
  /** HTTP Basic logs in on every request: its successes are recorded once an hour per account and address. */
  private static final Duration BASIC_SUCCESS_RECORDED_EVERY = Duration.ofHours(1);

  private final JdbcTemplate jdbc;
  private final Settings settings;
  private final Map<String, Instant> basicSuccessRecorded = new ConcurrentHashMap<>();

  public LoginGuard(JdbcTemplate jdbc, Settings settings) {
    this.jdbc = jdbc;
    this.settings = settings;
  }

  /** Before the password is checked: may {@code userId} try to log in from {@code address}? */
  public Verdict admit(String userId, String address) {
    String user = clip(userId);
    // an address counts with its network (an IPv6 /64: one line's addresses), as stored by record
    String from = ClientNetworks.likePattern(clip(ClientNetworks.canonical(address)));
    Timestamp since = Timestamp.from(Instant.now().minus(settings.window()));
    Map<String, Object> counts = jdbc.queryForMap("SELECT "
        + "COALESCE(SUM(CASE WHEN user_id = ? AND client_address LIKE ? ESCAPE '!' THEN 1 ELSE 0 END), 0) AS pair, "
        + "COALESCE(SUM(CASE WHEN client_address LIKE ? ESCAPE '!' THEN 1 ELSE 0 END), 0) AS address, "
        + "COALESCE(SUM(CASE WHEN user_id = ? THEN 1 ELSE 0 END), 0) AS account "
        + "FROM tw_login_attempt WHERE result = ? AND attempted_at > ? "
        + "AND (user_id = ? OR client_address LIKE ? ESCAPE '!')",
        user, from, from, user, FAILURE, since, user, from);
    boolean refused = number(counts, "pair") >= settings.failuresPerAccountAndAddress()
        || number(counts, "address") >= settings.failuresPerAddress()
        || number(counts, "account") >= settings.failuresPerAccount() && !knownAddress(user, from);
    return new Verdict(!refused, refused ? settings.window() : Duration.ZERO);
  }

  public void succeeded(String userId, String address, Channel channel) {
    if (channel == Channel.BASIC) {
      String key = clip(userId) + "\n" + clip(address);
      Instant last = basicSuccessRecorded.get(key);
      if (last != null && last.isAfter(Instant.now().minus(BASIC_SUCCESS_RECORDED_EVERY))) {
        return;
      }
      if (basicSuccessRecorded.size() > 10_000) {
        basicSuccessRecorded.clear(); // only decides how often a success is written, never whether a login counts
      }
      basicSuccessRecorded.put(key, Instant.now());
    }
    record(userId, address, channel, SUCCESS);
  }

  public void failed(String userId, String address, Channel channel) {
    LOG.warn("login failed: {} from {} ({})", clip(userId), clip(address), channel);
    record(userId, address, channel, FAILURE);
  }

  public void refused(String userId, String address, Channel channel) {
    LOG.warn("login refused, too many failures: {} from {} ({})", clip(userId), clip(address), channel);
    record(userId, address, channel, THROTTLED);
  }

  /** Whether {@code user} logged in from the network of {@code addressPattern} ({@link ClientNetworks#likePattern}). */
  private boolean knownAddress(String user, String addressPattern) {
    Integer successes = jdbc.queryForObject("SELECT COUNT(*) FROM tw_login_attempt WHERE user_id = ? "
            + "AND client_address LIKE ? ESCAPE '!' AND result = ? AND attempted_at > ?", Integer.class, user,
        addressPattern, SUCCESS,
        Timestamp.from(Instant.now().minus(settings.knownAddressFor())));
    return successes != null && successes > 0;
  }

  private void record(String userId, String address, Channel channel, String result) {
    jdbc.update("INSERT INTO tw_login_attempt (id, user_id, client_address, channel, result, attempted_at) "
        + "VALUES (?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), clip(userId),
        clip(ClientNetworks.canonical(address)), channel.name(), result, Timestamp.from(Instant.now()));
  }

  private static long number(Map<String, Object> row, String column) {
    Object value = row.get(column);
    if (value == null) {
      value = row.get(column.toUpperCase(java.util.Locale.ROOT));
    }
    return value instanceof Number n ? n.longValue() : 0;
  }

  /** What a caller typed as user id is stored, at most 64 characters of it (an ID number typed there, masked). */
  private static String clip(String value) {
    String text = value == null ? "" : PersonalData.mask(value);
    return text.length() <= 64 ? text : text.substring(0, 64);
  }
}
