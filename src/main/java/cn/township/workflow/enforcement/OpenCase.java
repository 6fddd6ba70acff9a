package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 立案: the 90-day decision period (行政处罚法第六十条, calendar days) starts, with a warning on day 72. */
@Component("openCase")
public class OpenCase implements JavaDelegate {

  static final int DECISION_DAYS = 90;
  static final int WARNING_DAY = 72;

  private final Deadlines deadlines;

  public OpenCase(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date due = deadlines.calendarDaysFromNow(DECISION_DAYS);
    Date warning = deadlines.openingTimeInDays(WARNING_DAY);
    execution.setVariable("filedAt", Date.from(deadlines.now()));
    execution.setVariable("decisionDue", due);
    execution.setVariable("decisionDueDate", deadlines.formatDate(due));
    execution.setVariable("decisionWarningAt", warning);
  }
}
