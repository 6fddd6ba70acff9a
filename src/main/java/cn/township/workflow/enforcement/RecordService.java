package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.Documents;
import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.time.LocalDate;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * 送达: the decision counts as served on the day the party received it (送达回证), whenever the clerk records it. From
 * that day run the days to pay (第六十七条) and the remedy periods, after which a court may be asked, within three
 * months, to enforce (行政强制法第五十三条).
 */
@Component("recordService")
public class RecordService implements TaskListener {


  private final Deadlines deadlines;
  private final EnforcementFigures figures;
  private final RemedyPeriods remedies;
  private final Documents documents;

  public RecordService(Deadlines deadlines, EnforcementFigures figures, RemedyPeriods remedies, Documents documents) {
    this.deadlines = deadlines;
    this.figures = figures;
    this.remedies = remedies;
    this.documents = documents;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    if (!CaseVariables.flag(task, "decisionServed", "已送达当事人")) {
      throw new RejectedInputException("decisionServed", "须送达当事人后方可办结。");
    }
    CaseVariables.oneOf(task, "serviceMethod", "送达方式", CaseDocuments.SERVICE_METHODS, CaseDocuments.SERVICE_METHODS_TEXT);
    LocalDate served = CaseVariables.date(task, "servedOn", "当事人签收日期", deadlines.zone());
    if (served.isAfter(deadlines.today())) {
      throw new RejectedInputException("servedOn", "签收日期不能晚于今天。");
    }
    Object decided = task.getVariable("decidedAt");
    if (decided instanceof Date day && served.isBefore(deadlines.dayOf(day))) {
      throw new RejectedInputException("servedOn", "签收日期不能早于作出决定的日期（" + deadlines.formatDate(day) + "）。");
    }
    Date paymentDue = figures.periodEnd(Key.PAYMENT_PERIOD, served);
    Date remedyEnds = remedies.endAfterService(served, Boolean.TRUE.equals(task.getVariable("summaryDecision")));
    Date courtDue = remedies.courtApplicationDue(remedyEnds);
    task.setVariable("servedAt", deadlines.openingTime(served));
    task.setVariable("servedOnDate", deadlines.formatDate(deadlines.endOf(served)));
    task.setVariable("paymentDue", paymentDue);
    task.setVariable("paymentDueDate", deadlines.formatDate(paymentDue));
    task.setVariable("remedyPeriodEnds", remedyEnds);
    task.setVariable("remedyPeriodEndsDate", deadlines.formatDate(remedyEnds));
    task.setVariable("courtApplicationOpens", remedyEnds);
    task.setVariable("courtApplicationDue", courtDue);
    task.setVariable("courtApplicationDueDate", deadlines.formatDate(courtDue));
    CaseDocuments.issueServiceReceipt(documents, deadlines, task, NoticeBook.Kind.PENALTY_DECISION, "serviceMethod",
        served);
  }
}
