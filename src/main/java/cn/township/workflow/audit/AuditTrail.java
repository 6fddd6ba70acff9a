package cn.township.workflow.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One record of who did what to which case or account (网络安全法第二十一条; GB/T 22239-2019 安全审计): the engine's user
 * operation log (every step completed, claimed, reassigned, every deployment, migration, user or grant changed),
 * the requests refused for lack of rights (tw_refusal), logins (tw_login_attempt) and the application's own actions
 * (tw_audit_event, written by {@link #record}). Read through {@code GET /api/audit}; nothing in the application
 * updates or deletes it, Camunda's REST may not change the operation log ({@code AuditRecordsAreReadOnly}) and no model
 * may keep its history for less than the retention ({@code AuditRetention}).
 */
@Component
public class AuditTrail {

  /** One entry, whichever record it comes from ({@code source}: engine, refusal, login, application). */
  public record Entry(Instant occurredAt, String user, String action, String caseNo, String detail, String source) {}

  /** What to look for; null means any. {@code to} is exclusive. */
  public record Filter(String user, String caseNo, String action, Instant from, Instant to) {}

  private static final String ALL = "SELECT occurred_at, user_id, action, case_no, detail, source FROM ("
      + "SELECT o.TIMESTAMP_ AS occurred_at, o.USER_ID_ AS user_id, o.OPERATION_TYPE_ AS action,"
      + " p.BUSINESS_KEY_ AS case_no, CONCAT(o.ENTITY_TYPE_, ' ', COALESCE(o.PROPERTY_, ''), ': ',"
      + " COALESCE(o.ORG_VALUE_, ''), ' → ', COALESCE(o.NEW_VALUE_, '')) AS detail, 'engine' AS source"
      + " FROM ACT_HI_OP_LOG o LEFT JOIN ACT_HI_PROCINST p ON p.ID_ = o.ROOT_PROC_INST_ID_"
      + " UNION ALL SELECT created_at, user_id, 'Refused', NULL, CONCAT(method, ' ', path), 'refusal' FROM tw_refusal"
      + " UNION ALL SELECT attempted_at, user_id, CONCAT('Login', result), NULL, CONCAT(channel, ' ', client_address),"
      + " 'login' FROM tw_login_attempt"
      + " UNION ALL SELECT occurred_at, user_id, action, case_no, detail, 'application' FROM tw_audit_event"
      + ") a";

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

  /** Newest first; {@code limit} entries after skipping {@code offset}. */
  public List<Entry> search(Filter filter, int offset, int limit) {
    StringBuilder sql = new StringBuilder(ALL).append(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (filter.user() != null) {
      sql.append(" AND user_id = ?");
      args.add(filter.user());
    }
    if (filter.caseNo() != null) {
      sql.append(" AND case_no = ?");
      args.add(filter.caseNo());
    }
    if (filter.action() != null) {
      sql.append(" AND action = ?");
      args.add(filter.action());
    }
    if (filter.from() != null) {
      sql.append(" AND occurred_at >= ?");
      args.add(Timestamp.from(filter.from()));
    }
    if (filter.to() != null) {
      sql.append(" AND occurred_at < ?");
      args.add(Timestamp.from(filter.to()));
    }
    sql.append(" ORDER BY occurred_at DESC LIMIT ? OFFSET ?");
    args.add(limit);
    args.add(offset);
    return jdbc.query(sql.toString(), (rs, i) -> new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2),
        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)), args.toArray());
  }
}
