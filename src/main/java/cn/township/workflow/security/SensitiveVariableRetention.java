package cn.township.workflow.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sensitive personal data kept outside the engine ({@link SensitiveVariableKeeper}: the applicant's ID number, the
 * enforcement party's) no longer than the case's records (个人信息保护法第十九条、第四十七条).
 */
@Component
public class SensitiveVariableRetention {

  /** Rows a sweep deletes in one statement (and transaction). */
  public static final int BATCH = 500;
  private static final Logger LOG = LoggerFactory.getLogger(SensitiveVariableRetention.class);

  private final JdbcTemplate jdbc;
  private final List<SensitiveVariableKeeper> keepers;

  public SensitiveVariableRetention(JdbcTemplate jdbc, List<SensitiveVariableKeeper> keepers) {
    this.jdbc = jdbc;
    this.keepers = keepers;
  }

  /**
   * Deletes the values of cases whose records the engine no longer has: its history cleanup removed the case after
   * its {@code historyTimeToLive} (ten years after it ended), or an administrator deleted the case with its history.
   * The cleanup deletes by removal time, not by case, so the cases are found by their missing ACT_HI_PROCINST row
   * (a running case always has one, written in the start's transaction with the value's row; ACT_RU_EXECUTION is
   * checked as well). Every node runs it, hourly ({@code township.applicant-identity.sweep-millis}), over every
   * keeper's table: batches of {@value #BATCH} rows, each its own statement; two nodes at once delete the same rows
   * once (the other finds them gone). Returns how many rows it deleted.
   */
  @Scheduled(fixedDelayString = "${township.applicant-identity.sweep-millis:3600000}",
      initialDelayString = "${township.applicant-identity.sweep-millis:3600000}")
  public int forgetRemovedCases() {
    int total = 0;
    for (SensitiveVariableKeeper keeper : keepers) {
      int deleted;
      int fromTable = 0;
      do {
        deleted = jdbc.update("DELETE FROM " + keeper.table() + " WHERE process_instance_id IN ("
            + "SELECT i.process_instance_id FROM " + keeper.table() + " i "
            + "WHERE NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST p WHERE p.ID_ = i.process_instance_id) "
            + "AND NOT EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.ID_ = i.process_instance_id) "
            + "FETCH FIRST " + BATCH + " ROWS ONLY)");
        fromTable += deleted;
      } while (deleted == BATCH);
      if (fromTable > 0) {
        LOG.info("Deleted {} values of {} of cases whose history was removed", fromTable, keeper.variable());
      }
      total += fromTable;
    }
    return total;
  }
}
