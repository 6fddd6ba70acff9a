package cn.township.workflow.casefile;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Applications received elsewhere than at the handling township's own window ({@code tw_registration}): 全县域通办 at
 * another township's window, 村级代办 by a village agent. Who may follow such a case and fetch its documents for the
 * applicant is read from here ({@link CaseAccess}).
 */
@Component
public class Registrations {

  public enum Channel { CROSS_TOWNSHIP, VILLAGE_AGENT }

  public record Registration(String receiptNo, String processInstanceId, Channel channel, String handlingTownshipId,
                             String receivingTownshipId, String registeredBy, String villageId, String villagerConsent,
                             String issuingTownshipId, Instant registeredAt) {}

  private static final RowMapper<Registration> ROW = (rs, i) -> new Registration(rs.getString("receipt_no"),
      rs.getString("process_instance_id"), Channel.valueOf(rs.getString("channel")),
      rs.getString("handling_township_id"), rs.getString("receiving_township_id"), rs.getString("registered_by"),
      rs.getString("village_id"), rs.getString("villager_consent"), rs.getString("issuing_township_id"),
      rs.getTimestamp("registered_at").toInstant());

  /** The newest registrations a list shows. */
  static final int LIST_LIMIT = 200;

  private final JdbcTemplate jdbc;

  public Registrations(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void record(Registration r) {
    jdbc.update("INSERT INTO tw_registration (receipt_no, process_instance_id, channel, handling_township_id, "
            + "receiving_township_id, registered_by, village_id, villager_consent, issuing_township_id, registered_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.receiptNo(), r.processInstanceId(), r.channel().name(),
        r.handlingTownshipId(), r.receivingTownshipId(), r.registeredBy(), r.villageId(), r.villagerConsent(),
        r.issuingTownshipId(), Timestamp.from(r.registeredAt()));
  }

  public Optional<Registration> find(String receiptNo) {
    if (receiptNo == null || receiptNo.length() > 64) {
      return Optional.empty();
    }
    return jdbc.query("SELECT * FROM tw_registration WHERE receipt_no = ?", ROW, receiptNo.strip()).stream().findFirst();
  }

  /** What the windows of these townships received for other townships, newest first. */
  public List<Registration> receivedBy(Collection<String> townshipIds) {
    if (townshipIds.isEmpty()) {
      return List.of();
    }
    String in = String.join(",", townshipIds.stream().map(t -> "?").toList());
    return jdbc.query("SELECT * FROM tw_registration WHERE channel = 'CROSS_TOWNSHIP' AND receiving_township_id IN ("
        + in + ") ORDER BY registered_at DESC FETCH FIRST " + LIST_LIMIT + " ROWS ONLY", ROW, townshipIds.toArray());
  }

  /** What this agent registered, newest first. */
  public List<Registration> registeredBy(String userId) {
    return jdbc.query("SELECT * FROM tw_registration WHERE registered_by = ? AND channel = 'VILLAGE_AGENT' "
        + "ORDER BY registered_at DESC FETCH FIRST " + LIST_LIMIT + " ROWS ONLY", ROW, userId);
  }

  public void issueAt(String receiptNo, String townshipId) {
    jdbc.update("UPDATE tw_registration SET issuing_township_id = ? WHERE receipt_no = ?", townshipId, receiptNo);
  }
}
