package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * 加处罚款 (行政处罚法第七十二条第一款第一项): from the day after the payment period ends, a share of the fine for each
 * day, never more than the fine; the days while reconsideration or a lawsuit is pending are not counted
 * (第七十三条第三款). Rate and cap from the figures table; the paused days are kept on the case
 * (surchargePausedDays).
 */
@Component
public class LateSurcharge {

  private final EnforcementFigures figures;
  private final Deadlines deadlines;

  public LateSurcharge(EnforcementFigures figures, Deadlines deadlines) {
    this.figures = figures;
    this.deadlines = deadlines;
  }

  /** The first day a surcharge accrues: the day after the last day of the payment period. */
  public LocalDate startsOn(VariableScope scope) {
    return deadlines.dayOf((Date) scope.getVariable("paymentDue")).plusDays(1);
  }

  public BigDecimal fine(VariableScope scope) {
    return CaseVariables.amount(scope, "fineAmount", "罚款数额");
  }

  /** The surcharge owed for the days up to and including {@code day}. */
  public BigDecimal owedOn(VariableScope scope, LocalDate day) {
    BigDecimal fine = fine(scope);
    long days = ChronoUnit.DAYS.between(startsOn(scope), day) + 1 - pausedDays(scope);
    if (days <= 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal owed = fine.multiply(figures.get(Key.SURCHARGE_PERCENT_PER_DAY).fraction()).multiply(BigDecimal.valueOf(days));
    return owed.min(cap(fine)).setScale(2, RoundingMode.HALF_UP);
  }

  public BigDecimal cap(BigDecimal fine) {
    return fine.multiply(figures.get(Key.SURCHARGE_CAP_PERCENT).fraction());
  }

  /** Adds the days of a remedy proceeding from {@code filed} to {@code decided} (both counted) that the surcharge ran. */
  public void pause(VariableScope scope, LocalDate filed, LocalDate decided) {
    LocalDate from = filed.isBefore(startsOn(scope)) ? startsOn(scope) : filed;
    long days = decided.isBefore(from) ? 0 : ChronoUnit.DAYS.between(from, decided) + 1;
    scope.setVariable("surchargePausedDays", pausedDays(scope) + (int) days);
  }

  private static int pausedDays(VariableScope scope) {
    return scope.getVariable("surchargePausedDays") instanceof Number n ? n.intValue() : 0;
  }
}
