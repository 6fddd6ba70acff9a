package cn.township.workflow.casefile;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.Townships.Township;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one place that issues receipt numbers (受理编号): township code, date, and a sequence per
 * township and day, e.g. {@code QS-20261124-0007}. Runs in the caller's transaction, so a start that
 * fails gives its number back.
 */
@Component
public class ReceiptNumbers {

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate savepoint;
  private final Deadlines deadlines;

  public ReceiptNumbers(JdbcTemplate jdbc, PlatformTransactionManager transactions, Deadlines deadlines) {
    this.jdbc = jdbc;
    this.deadlines = deadlines;
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
  }

  /** Numbers the case the execution belongs to: today's next number becomes its receiptNo and business key. */
  public String assign(DelegateExecution execution, Township township) {
    String number = next(township, deadlines.today());
    execution.setVariable("receiptNo", number);
    execution.setProcessBusinessKey(number);
    return number;
  }

  public String next(Township township, LocalDate day) {
    String date = day.format(DAY);
    // The UPDATE holds the row lock until commit, so two intakes of one township never share a number.
    if (increment(township.id(), date) == 0) {
      try {
        // A savepoint keeps the outer transaction usable (PostgreSQL) if a parallel intake inserted first.
        savepoint.executeWithoutResult(status -> jdbc.update(
            "INSERT INTO tw_receipt_sequence (township_id, receipt_day, last_value) VALUES (?, ?, 0)", township.id(), date));
      } catch (DuplicateKeyException alreadyThere) {
        // another intake created today's row first: fine, increment below
      }
      increment(township.id(), date);
    }
    Integer value = jdbc.queryForObject(
        "SELECT last_value FROM tw_receipt_sequence WHERE township_id = ? AND receipt_day = ?", Integer.class,
        township.id(), date);
    return "%s-%s-%04d".formatted(township.code(), date, value);
  }

  private int increment(String townshipId, String date) {
    return jdbc.update("UPDATE tw_receipt_sequence SET last_value = last_value + 1 WHERE township_id = ? AND receipt_day = ?",
        townshipId, date);
  }
}
