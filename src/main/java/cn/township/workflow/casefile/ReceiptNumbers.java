package cn.township.workflow.casefile;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.Townships.Township;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * Receipt numbers (受理编号): township code, date, and a sequence per township and day, e.g. {@code QS-20261124-0007},
 * counted by {@link Sequences} in the caller's transaction, so a start that fails gives its number back.
 */
@Component
public class ReceiptNumbers {

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final Sequences sequences;
  private final Deadlines deadlines;

  public ReceiptNumbers(Sequences sequences, Deadlines deadlines) {
    this.sequences = sequences;
    this.deadlines = deadlines;
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
    return "%s-%s-%04d".formatted(township.code(), date, sequences.next("receipt:" + township.id(), date));
  }
}
