package cn.township.workflow.enforcement;

import cn.township.workflow.security.SensitiveCopies;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The townships' register of enforcement decisions (table tw_penalty_decision), written in the case's transaction: an
 * earlier fine for the same act of the same party (行政处罚法第二十九条), and what is published about a decision and
 * withdrawn again (第四十八条). The party's ID number in it is cleared when the case's records go
 * ({@link SensitiveCopies}); the decision stays on the register.
 */
@Component
public class PenaltyRegister implements SensitiveCopies {

  static final String TABLE = "tw_penalty_decision";

  /** A decision as recorded when it is made. */
  public record Decision(String processInstanceId, String caseNo, String townshipId, String actingAuthority,
                         String partyType, String partyName, String partyIdNumber, String violationType,
                         String violationName, LocalDate violationDate, PenaltyKind kind, BigDecimal fine,
                         String penaltyBasis, LocalDate decidedOn) {}

  /** A published decision, or the notice that one was withdrawn (then without its content). */
  public record Publication(String caseNo, String townshipId, String actingAuthority, String partyType,
                            String partyName, String violationName, String penaltyKind, BigDecimal fine,
                            LocalDate decidedOn, LocalDate publishedOn, String publicText, LocalDate withdrawnOn,
                            String withdrawalReason) {}

  private final JdbcTemplate jdbc;

  public PenaltyRegister(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String table() {
    return TABLE;
  }

  /** Only to find an earlier fine for the same act: never published, not needed once the case's records are gone. */
  @Override
  public List<String> sensitiveColumns() {
    return List.of("party_id_number");
  }

  public void record(Decision d) {
    jdbc.update("INSERT INTO tw_penalty_decision (process_instance_id, case_no, township_id, acting_authority, "
            + "party_type, party_name, party_id_number, violation_type, violation_name, violation_date, penalty_kind, "
            + "fine_amount, penalty_basis, decided_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        d.processInstanceId(), d.caseNo(), d.townshipId(), d.actingAuthority(), d.partyType(), d.partyName(),
        PartyIdentities.normalized(d.partyIdNumber()), d.violationType(), d.violationName(), sqlDate(d.violationDate()), d.kind().code,
        d.fine(), d.penaltyBasis(), sqlDate(d.decidedOn()));
  }

  /** Case numbers of decisions in force that fined this party for this act (same violation, same day). */
  public List<String> finesForTheSameAct(String partyIdNumber, String violationType, LocalDate violationDate) {
    if (PartyIdentities.normalized(partyIdNumber) == null || violationDate == null) {
      return List.of();
    }
    return jdbc.queryForList("SELECT case_no FROM tw_penalty_decision WHERE party_id_number = ? AND violation_type = ? "
            + "AND violation_date = ? AND fine_amount > 0 AND revoked_on IS NULL ORDER BY decided_on", String.class,
        PartyIdentities.normalized(partyIdNumber), violationType, sqlDate(violationDate));
  }

  /** Reconsideration or a court changed the fine of the decision. */
  public void changeFine(String processInstanceId, BigDecimal fine) {
    jdbc.update("UPDATE tw_penalty_decision SET fine_amount = ? WHERE process_instance_id = ?", fine, processInstanceId);
  }

  public void revoke(String processInstanceId, LocalDate on) {
    jdbc.update("UPDATE tw_penalty_decision SET revoked_on = ? WHERE process_instance_id = ?", sqlDate(on),
        processInstanceId);
  }

  public void publish(String processInstanceId, LocalDate on, String publicText) {
    jdbc.update("UPDATE tw_penalty_decision SET published_on = ?, public_text = ? WHERE process_instance_id = ?",
        sqlDate(on), publicText, processInstanceId);
  }

  /** Withdraws what was published, keeping the reason for the public; false if nothing had been published. */
  public boolean withdraw(String processInstanceId, LocalDate on, String reason) {
    return jdbc.update("UPDATE tw_penalty_decision SET withdrawn_on = ?, withdrawal_reason = ? "
        + "WHERE process_instance_id = ? AND published_on IS NOT NULL AND withdrawn_on IS NULL", sqlDate(on), reason,
        processInstanceId) > 0;
  }

  /** Everything published, newest first: decisions in force, and the withdrawals (without the decision). */
  public List<Publication> publications(String townshipId, int limit) {
    String where = townshipId == null ? "" : " AND township_id = ?";
    Object[] args = townshipId == null ? new Object[0] : new Object[] {townshipId};
    return jdbc.query("SELECT * FROM tw_penalty_decision WHERE published_on IS NOT NULL" + where
        + " ORDER BY published_on DESC, case_no DESC LIMIT " + limit, (rs, i) -> {
          boolean withdrawn = rs.getDate("withdrawn_on") != null;
          return new Publication(rs.getString("case_no"), rs.getString("township_id"), rs.getString("acting_authority"),
              rs.getString("party_type"), withdrawn ? null : rs.getString("party_name"),
              withdrawn ? null : rs.getString("violation_name"), withdrawn ? null : rs.getString("penalty_kind"),
              withdrawn ? null : rs.getBigDecimal("fine_amount"), withdrawn ? null : rs.getDate("decided_on").toLocalDate(),
              rs.getDate("published_on").toLocalDate(), withdrawn ? null : rs.getString("public_text"),
              withdrawn ? rs.getDate("withdrawn_on").toLocalDate() : null, rs.getString("withdrawal_reason"));
        }, args);
  }

  private static Date sqlDate(LocalDate date) {
    return date == null ? null : Date.valueOf(date);
  }
}
