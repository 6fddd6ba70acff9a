package cn.township.workflow.system;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How often the endpoints open to everyone (the applicant's status lookup, public comments…) may be called: per
 * client address (an IPv6 client by its /64, {@link ClientNetworks}) and per minute, and in total per minute, counted
 * in the database (table tw_rate_limit), so the limits hold across the nodes of a cluster and no number of addresses
 * can make them forget a count. Rows of past minutes are deleted as time goes on.
 */
@Component
public class PublicRateLimits {

  /** The key counting every address of a bucket together. */
  static final String EVERYONE = "*";
  private static final Duration KEEP = Duration.ofMinutes(2);

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final AtomicLong lastCleanup = new AtomicLong();

  @Autowired
  public PublicRateLimits(JdbcTemplate jdbc) {
    this(jdbc, Clock.systemUTC());
  }

  /** With the clock that says which minute a request falls in (a test's fixed minute). */
  PublicRateLimits(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Counts this request of {@code address} to {@code bucket}; true if it stays within {@code perAddress} requests of
   * that address and {@code overall} requests of everyone in the current minute.
   */
  public boolean allow(String bucket, String address, int perAddress, int overall) {
    Instant now = clock.instant();
    Timestamp minute = Timestamp.from(now.truncatedTo(ChronoUnit.MINUTES));
    cleanUp(now);
    int fromAddress = hit(bucket, address == null ? "?" : ClientNetworks.network(address), minute);
    int fromEveryone = hit(bucket, EVERYONE, minute);
    return fromAddress <= perAddress && fromEveryone <= overall;
  }

  private int hit(String bucket, String key, Timestamp minute) {
    String clipped = key.length() <= 128 ? key : key.substring(0, 128);
    for (int attempt = 0; ; attempt++) {
      if (jdbc.update("UPDATE tw_rate_limit SET hits = hits + 1 WHERE bucket = ? AND client_key = ? "
          + "AND window_start = ?", bucket, clipped, minute) == 0) {
        try {
          jdbc.update("INSERT INTO tw_rate_limit (bucket, client_key, window_start, hits) VALUES (?, ?, ?, 1)",
              bucket, clipped, minute);
        } catch (DuplicateKeyException another) {
          if (attempt < 3) {
            continue; // another request (or node) inserted the row first: count on it
          }
          throw another;
        }
      }
      Integer hits = jdbc.queryForObject("SELECT hits FROM tw_rate_limit WHERE bucket = ? AND client_key = ? "
          + "AND window_start = ?", Integer.class, bucket, clipped, minute);
      return hits == null ? 1 : hits;
    }
  }

  /** At most once a minute per node: the counts of minutes that are over. */
  private void cleanUp(Instant now) {
    long last = lastCleanup.get();
    if (now.toEpochMilli() - last > 60_000 && lastCleanup.compareAndSet(last, now.toEpochMilli())) {
      jdbc.update("DELETE FROM tw_rate_limit WHERE window_start < ?", Timestamp.from(now.minus(KEEP)));
    }
  }
}
