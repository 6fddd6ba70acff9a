package cn.township.workflow.casefile;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one counter behind every number an office gives out (receipt numbers, 文号): consecutive, never twice, never a
 * gap. It counts in the caller's transaction (the step that numbers the case or issues the document): the row lock
 * taken by the UPDATE is held until that transaction ends, so two nodes numbering at once wait for each other, and a
 * step that fails gives its number back.
 */
@Component
public class Sequences {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate savepoint;

  public Sequences(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
  }

  /** The next number of {@code series} in {@code period} (a day, a year…), starting at 1. */
  public int next(String series, String period) {
    if (increment(series, period) == 0) {
      try {
        // a savepoint keeps the caller's transaction usable (PostgreSQL) if another one inserted the row first
        savepoint.executeWithoutResult(status -> jdbc.update(
            "INSERT INTO tw_number_sequence (series, period, last_value) VALUES (?, ?, 0)", series, period));
      } catch (DuplicateKeyException alreadyThere) {
        // fine: increment it below
      }
      increment(series, period);
    }
    Integer value = jdbc.queryForObject("SELECT last_value FROM tw_number_sequence WHERE series = ? AND period = ?",
        Integer.class, series, period);
    return value;
  }

  private int increment(String series, String period) {
    return jdbc.update("UPDATE tw_number_sequence SET last_value = last_value + 1 WHERE series = ? AND period = ?",
        series, period);
  }
}
