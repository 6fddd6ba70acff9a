package cn.township.workflow.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sensitive personal data kept outside the engine ({@link SensitiveVariableKeeper}: the applicant's ID number, the
 * enforcement party's) no longer than the case's records (个人信息保护法第十九条、第四十七条), nor its copies in
 * registers that outlive the case ({@link SensitiveCopies}: the party's number in the register of penalty decisions).
 */
@Component
public class SensitiveVariableRetention {

  /** Rows a sweep deletes in one statement (and transaction). */
  public static final int BATCH = 500;
  private static final Logger LOG = LoggerFactory.getLogger(SensitiveVariableRetention.class);

  private final JdbcTemplate jdbc;
  private final List<SensitiveVariableKeeper> keepers;
  private final List<SensitiveCopies> copies;

  public SensitiveVariableRetention(JdbcTemplate jdbc, List<SensitiveVariableKeeper> keepers,
                                    ObjectProvider<SensitiveCopies> copies) {
    this.jdbc = jdbc;
    this.keepers = keepers;
    this.copies = copies.orderedStream().toList();
  }

  /**
   * Deletes the values of cases whose records the engine no longer has: its history cleanup removed the case after
   * its {@code historyTimeToLive} (ten years after it ended), or an administrator deleted the case with its history.
   * The cleanup deletes by removal time, not by case, so the cases are found by their missing ACT_HI_PROCINST row
   * (a running case always has one, written in the start's transaction with the value's row; ACT_RU_EXECUTION is
   * checked as well). Every node runs it, hourly ({@code township.applicant-identity.sweep-millis}), over every
   * keeper's table: batches of {@value #BATCH} rows, each its own statement; two nodes at once delete the same rows
   * once (the other finds them gone). Then, alike, it clears the copies in registers ({@link SensitiveCopies}) of
   * such cases, keeping their rows. Returns how many rows it deleted or cleared.
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
            + "SELECT i.process_instance_id FROM " + keeper.table() + " i WHERE " + recordsGone("i")
            + " FETCH FIRST " + BATCH + " ROWS ONLY)");
        fromTable += deleted;
      } while (deleted == BATCH);
      if (fromTable > 0) {
        LOG.info("Deleted {} values of {} of cases whose history was removed", fromTable, keeper.variable());
      }
      total += fromTable;
    }
    for (SensitiveCopies register : copies) {
      for (String column : register.sensitiveColumns()) {
        total += clear(register.table(), column);
      }
    }
    return total;
  }

  /**
   * The condition that the case of row {@code alias} (its {@code process_instance_id}) has no records in the engine any
   * more: no ACT_HI_PROCINST row (a running case always has one, written in the start's transaction) and no running
   * execution.
   */
  private static String recordsGone(String alias) {
    return "NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST p WHERE p.ID_ = " + alias + ".process_instance_id) "
        + "AND NOT EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.ID_ = " + alias + ".process_instance_id)";
  }

  /**
   * Sets {@code column} of {@code table} to NULL in the rows of cases whose records are gone (found as the keepers'
   * rows above), {@value #BATCH} rows a statement, by their ids: an update whose condition reads the same table held
   * its rows long enough for a second node's sweep to time out on H2. A row another node has just cleared no longer
   * matches. Returns how many rows it cleared.
   */
  private int clear(String table, String column) {
    String orphans = "SELECT r.process_instance_id FROM " + table + " r WHERE r." + column + " IS NOT NULL AND "
        + recordsGone("r") + " FETCH FIRST " + BATCH + " ROWS ONLY";
    List<String> found;
    int fromTable = 0;
    do {
      found = jdbc.queryForList(orphans, String.class);
      if (!found.isEmpty()) {
        fromTable += jdbc.update("UPDATE " + table + " SET " + column + " = NULL WHERE " + column + " IS NOT NULL "
            + "AND process_instance_id IN (" + String.join(", ", java.util.Collections.nCopies(found.size(), "?"))
            + ")", found.toArray());
      }
    } while (found.size() == BATCH);
    if (fromTable > 0) {
      LOG.info("Cleared {}.{} of {} cases whose history was removed", table, column, fromTable);
    }
    return fromTable;
  }
}
