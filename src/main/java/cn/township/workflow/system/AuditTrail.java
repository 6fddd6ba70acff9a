package cn.township.workflow.system;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the system changed on running cases, who caused it and why (table {@code tw_audit_event}): for now the
 * deadlines recomputed when a year's holiday arrangement is published. Kept generic for the security audit.
 */
@Component
public class AuditTrail {

  public record Event(Instant occurredAt, String actor, String action, String caseNo, String processInstanceId,
                      String detail) {}

  private final JdbcTemplate jdbc;

  public AuditTrail(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void record(Event event) {
    jdbc.update("INSERT INTO tw_audit_event (id, occurred_at, actor, action, case_no, process_instance_id, detail) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), Timestamp.from(event.occurredAt()),
        event.actor(), event.action(), event.caseNo(), event.processInstanceId(),
        event.detail().length() > 2000 ? event.detail().substring(0, 2000) : event.detail());
  }

  public List<Event> forCase(String caseNo) {
    return jdbc.query("SELECT * FROM tw_audit_event WHERE case_no = ? ORDER BY occurred_at", (rs, i) -> new Event(
        rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"), rs.getString("action"),
        rs.getString("case_no"), rs.getString("process_instance_id"), rs.getString("detail")), caseNo);
  }
}
