package cn.township.workflow.security;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The record of requests refused for lack of rights (a clerk trying to deploy a model, say): table tw_refusal. */
@Component
public class Refusals {

  private static final Logger LOG = LoggerFactory.getLogger("township.security");

  public record Refusal(String userId, String method, String path, Instant at) {}

  private final JdbcTemplate jdbc;

  public Refusals(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void record(String userId, String method, String path) {
    LOG.warn("refused: {} {} {}", userId, method, path);
    jdbc.update("INSERT INTO tw_refusal (id, user_id, method, path, created_at) VALUES (?, ?, ?, ?, ?)",
        UUID.randomUUID().toString(), userId, method, path.length() > 512 ? path.substring(0, 512) : path,
        Timestamp.from(Instant.now()));
  }

  public List<Refusal> of(String userId) {
    return jdbc.query("SELECT user_id, method, path, created_at FROM tw_refusal WHERE user_id = ? ORDER BY created_at",
        (rs, i) -> new Refusal(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()),
        userId);
  }
}
