package cn.township.workflow.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The application's own actions on running cases, on the record (table {@code tw_audit_event}): for now the deadlines
 * recomputed when a year's holidays are published. The same table and the same {@link #record} as the security
 * work's audit trail, which reads it together with the engine's operation log.
 */
@Component
public class AuditTrail {

  private final JdbcTemplate jdbc;

  public AuditTrail(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Puts one of the application's own actions on the record. */
  public void record(String userId, String action, String caseNo, String detail) {
    jdbc.update("INSERT INTO tw_audit_event (id, occurred_at, user_id, action, case_no, detail) VALUES (?, ?, ?, ?, ?, ?)",
        UUID.randomUUID().toString(), Timestamp.from(Instant.now()), userId, action, caseNo,
        detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000));
  }
}
