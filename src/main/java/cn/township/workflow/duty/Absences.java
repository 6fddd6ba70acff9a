package cn.township.workflow.duty;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * 职位代理: the recorded absences (tw_absence). An absence is in force from its first to its last day (office dates, on
 * the engine's clock) until it ends; {@link Substitution} hands the absent user's tasks over and back.
 */
@Component
public class Absences {

  public record Absence(String id, String userId, String township, LocalDate from, LocalDate to, String substitute,
                        String recordedBy, String reason, Instant createdAt, Instant appliedAt, Instant endedAt) {
    boolean inForceOn(LocalDate day) {
      return endedAt == null && !day.isBefore(from) && !day.isAfter(to);
    }

    /** Whether it has a day in common with first–last. */
    boolean overlaps(LocalDate first, LocalDate last) {
      return !from.isAfter(last) && !to.isBefore(first);
    }
  }

  private static final String COLUMNS = "SELECT id, user_id, township, from_date, to_date, substitute, recorded_by,"
      + " reason, created_at, applied_at, ended_at FROM tw_absence";

  private final JdbcTemplate jdbc;
  private final ZoneId zone;

  public Absences(JdbcTemplate jdbc, ZoneId officeZone) {
    this.jdbc = jdbc;
    this.zone = officeZone;
  }

  /** Today at the office, on the engine's clock (tests move it with ClockUtil). */
  public LocalDate today() {
    return ClockUtil.getCurrentTime().toInstant().atZone(zone).toLocalDate();
  }

  public Absence add(String userId, String township, LocalDate from, LocalDate to, String substitute,
                     String recordedBy, String reason) {
    Absence absence = new Absence(UUID.randomUUID().toString(), userId, township, from, to, substitute, recordedBy,
        reason, ClockUtil.getCurrentTime().toInstant(), null, null);
    // open_user_id: unique while open (V73), so a second open absence of the same user cannot be inserted
    jdbc.update("INSERT INTO tw_absence (id, user_id, open_user_id, township, from_date, to_date, substitute,"
            + " recorded_by, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", absence.id(), userId, userId,
        township, Date.valueOf(from), Date.valueOf(to), substitute, recordedBy, reason,
        Timestamp.from(absence.createdAt()));
    return absence;
  }

  /** The user's absence not yet ended (at most one: a new one replaces it), whether or not it has begun. */
  public Optional<Absence> current(String userId) {
    return jdbc.query(COLUMNS + " WHERE user_id = ? AND ended_at IS NULL ORDER BY created_at DESC", Absences::row,
        userId).stream().findFirst();
  }

  /** Absences not ended, with a day in first–last, in which the user is the substitute. */
  List<Absence> substituting(String userId, LocalDate first, LocalDate last) {
    return jdbc.query(COLUMNS + " WHERE substitute = ? AND ended_at IS NULL AND from_date <= ? AND to_date >= ?"
        + " ORDER BY from_date", Absences::row, userId, Date.valueOf(last), Date.valueOf(first));
  }

  /**
   * Locks the people an absence names (the absent user and the substitute) until the transaction ends, in one order.
   * Two absences whose checks read each other (A for B and B for A, or B going away while standing in for A) name a
   * person in common, so the second waits and then reads the first; an absence row to lock may not exist yet, a user
   * row does.
   */
  void lockPeople(String... userIds) {
    for (String userId : java.util.Arrays.stream(userIds).sorted().distinct().toList()) {
      jdbc.queryForList("SELECT ID_ FROM ACT_ID_USER WHERE ID_ = ? FOR UPDATE", String.class, userId);
    }
  }

  /** Locks the user's open absence (if any) until the transaction ends: record and withdraw run one at a time. */
  void lockOpen(String userId) {
    jdbc.queryForList("SELECT id FROM tw_absence WHERE user_id = ? AND ended_at IS NULL FOR UPDATE", String.class,
        userId);
  }

  /** The user's absence in force today, if any. */
  public Optional<Absence> inForce(String userId) {
    LocalDate today = today();
    return current(userId).filter(a -> a.inForceOn(today));
  }

  /** Absences not ended, of one township (or every one where {@code township} is null), by first day. */
  public List<Absence> open(String township) {
    return township == null
        ? jdbc.query(COLUMNS + " WHERE ended_at IS NULL ORDER BY from_date, user_id", Absences::row)
        : jdbc.query(COLUMNS + " WHERE ended_at IS NULL AND township = ? ORDER BY from_date, user_id", Absences::row,
            township);
  }

  /** Absences whose first day has come and whose tasks have not been handed over yet. */
  List<Absence> toApply() {
    return jdbc.query(COLUMNS + " WHERE ended_at IS NULL AND applied_at IS NULL AND from_date <= ? AND to_date >= ?",
        Absences::row, Date.valueOf(today()), Date.valueOf(today()));
  }

  /** Absences whose last day has passed and that have not ended yet. */
  List<Absence> toEnd() {
    return jdbc.query(COLUMNS + " WHERE ended_at IS NULL AND to_date < ?", Absences::row, Date.valueOf(today()));
  }

  /** Marks the hand-over done; false if another node (or call) did it first. */
  boolean markApplied(Absence absence) {
    return jdbc.update("UPDATE tw_absence SET applied_at = ? WHERE id = ? AND applied_at IS NULL",
        Timestamp.from(ClockUtil.getCurrentTime().toInstant()), absence.id()) == 1;
  }

  /** Ends the absence; false if it had ended already (another node, or call, ends it). */
  boolean markEnded(Absence absence) {
    return jdbc.update("UPDATE tw_absence SET ended_at = ?, open_user_id = NULL WHERE id = ? AND ended_at IS NULL",
        Timestamp.from(ClockUtil.getCurrentTime().toInstant()), absence.id()) == 1;
  }

  private static Absence row(ResultSet rs, int i) throws SQLException {
    return new Absence(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate(),
        rs.getDate(5).toLocalDate(), rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9),
        instant(rs, 10), instant(rs, 11));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
