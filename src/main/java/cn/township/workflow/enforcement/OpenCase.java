package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Figure;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import java.time.LocalDate;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 立案: the decision period (行政处罚法第六十条, 90 days in the figures table) starts, with a warning at nine on the
 * working day the table's share of it is used.
 */
@Component("openCase")
public class OpenCase implements JavaDelegate {

  private final Deadlines deadlines;
  private final EnforcementFigures figures;

  public OpenCase(Deadlines deadlines, EnforcementFigures figures) {
    this.deadlines = deadlines;
    this.figures = figures;
  }

  @Override
  public void execute(DelegateExecution execution) {
    LocalDate today = deadlines.today();
    Figure period = figures.get(Key.DECISION_PERIOD);
    Date due = figures.periodEnd(period, today);
    Figure warning = period.share(figures.get(Key.DECISION_WARNING_PERCENT));
    execution.setVariable("filedAt", Date.from(deadlines.now()));
    execution.setVariable("decisionDue", due);
    execution.setVariable("decisionDueDate", deadlines.formatDate(due));
    execution.setVariable("decisionWarningAt", deadlines.openingTime(deadlines.dayOf(figures.periodEnd(warning, today))));
  }
}
