package cn.township.workflow.window;

import java.sql.Timestamp;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The applicant's resident ID number of a window case ({@code tw_applicant_identity}), kept here instead of as a case
 * variable (个人信息保护法第二十八条: sensitive personal information; processes/sensitive-variables.csv). Written in the
 * start's transaction by {@link RegisterApplication}; nothing in the application reads it back: no form, document,
 * notice or the case file shows it, and the engine's API cannot reach it (docs/security.md). A number written through
 * the engine's API is kept here too ({@link ApplicantIdNumberWrites}). Kept no longer than the case's records
 * ({@link #forgetRemovedCases}).
 */
@Component
public class ApplicantIdentities {

  /** The start variable (form field, {@code POST /api/applications}) the number arrives in, removed at registration. */
  public static final String VARIABLE = "applicantIdNumber";

  /** Rows a sweep deletes in one statement (and transaction). */
  static final int BATCH = 500;
  private static final Logger LOG = LoggerFactory.getLogger(ApplicantIdentities.class);

  private final JdbcTemplate jdbc;

  public ApplicantIdentities(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Keeps the number of a case. {@code again}: registration runs a second time in this case (an administrator started
   * the case again before 登记收件 to correct what was entered): the case's row is replaced rather than refused.
   */
  public void record(String processInstanceId, String receiptNo, String townshipId, String idNumber, Instant at,
                     boolean again) {
    if (again && jdbc.update("UPDATE tw_applicant_identity SET receipt_no = ?, tenant_id = ?, id_number = ?, "
        + "recorded_at = ? WHERE process_instance_id = ?", receiptNo, townshipId, idNumber, Timestamp.from(at),
        processInstanceId) > 0) {
      return;
    }
    jdbc.update("INSERT INTO tw_applicant_identity (process_instance_id, receipt_no, tenant_id, id_number, recorded_at) "
        + "VALUES (?, ?, ?, ?, ?)", processInstanceId, receiptNo, townshipId, idNumber, Timestamp.from(at));
  }

  /**
   * Deletes the numbers of cases whose records the engine no longer has: its history cleanup removed the case after
   * its {@code historyTimeToLive} (ten years after it ended), or an administrator deleted the case with its history.
   * The cleanup deletes by removal time, not by case, so the cases are found by their missing ACT_HI_PROCINST row
   * (a running case always has one, written in the start's transaction with this row; ACT_RU_EXECUTION is checked as
   * well). Every node runs it, hourly ({@code township.applicant-identity.sweep-millis}): batches of {@value #BATCH}
   * rows, each its own statement; two nodes at once delete the same rows once (the other finds them gone).
   * Returns how many rows it deleted.
   */
  @Scheduled(fixedDelayString = "${township.applicant-identity.sweep-millis:3600000}",
      initialDelayString = "${township.applicant-identity.sweep-millis:3600000}")
  public int forgetRemovedCases() {
    int total = 0;
    int deleted;
    do {
      deleted = jdbc.update("DELETE FROM tw_applicant_identity WHERE process_instance_id IN ("
          + "SELECT i.process_instance_id FROM tw_applicant_identity i "
          + "WHERE NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST p WHERE p.ID_ = i.process_instance_id) "
          + "AND NOT EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.ID_ = i.process_instance_id) "
          + "FETCH FIRST " + BATCH + " ROWS ONLY)");
      total += deleted;
    } while (deleted == BATCH);
    if (total > 0) {
      LOG.info("Deleted the applicant ID numbers of {} cases whose history was removed", total);
    }
    return total;
  }
}
