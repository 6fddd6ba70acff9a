package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * 送达: from the day the party received the decision run the 15 days to pay (第六十七条), and the remedy
 * periods (6 months to sue) after which a court may be asked, within 3 months, to enforce (行政强制法第五十三条).
 */
@Component("recordService")
public class RecordService implements TaskListener {

  static final int PAYMENT_DAYS = 15;

  private final Deadlines deadlines;

  public RecordService(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  public void notify(DelegateTask task) {
    if (!CaseVariables.flag(task, "decisionServed", "已送达当事人")) {
      throw new RejectedInputException("decisionServed", "须送达当事人后方可办结。");
    }
    Date served = Date.from(deadlines.now());
    Date paymentDue = deadlines.calendarDaysFromNow(PAYMENT_DAYS);
    Date remedyEnds = deadlines.monthsAfter(served, 6);
    Date courtDue = deadlines.monthsAfter(remedyEnds, 3);
    task.setVariable("servedAt", served);
    task.setVariable("paymentDue", paymentDue);
    task.setVariable("paymentDueDate", deadlines.formatDate(paymentDue));
    task.setVariable("remedyPeriodEnds", remedyEnds);
    task.setVariable("courtApplicationDue", courtDue);
    task.setVariable("courtApplicationDueDate", deadlines.formatDate(courtDue));
  }
}
