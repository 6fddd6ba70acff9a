package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.window.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 行政处罚事先告知书 (第四十四条、第六十三条、第六十四条): the proposed penalty, its facts, reasons and basis, the
 * right to state and defend, and where the penalty is heavy the right to a hearing, requested within five days.
 */
@Component("notifyRights")
public class NotifyRights implements JavaDelegate {

  static final int RESPONSE_DAYS = 5;

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public NotifyRights(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date due = deadlines.calendarDaysFromNow(RESPONSE_DAYS);
    execution.setVariable("responseDue", due);
    execution.setVariable("responseDueDate", deadlines.formatDate(due));
    boolean hearing = Boolean.TRUE.equals(execution.getVariable("hearingRight"));
    CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")),
        "行政处罚事先告知书：经查，%s。拟依据%s，作出如下处罚：%s。你有权进行陈述和申辩%s，请于%s前提出；逾期视为放弃。".formatted(
            execution.getVariable("findings"), execution.getVariable("penaltyBasis"),
            execution.getVariable("proposedPenalty"), hearing ? "，并有权要求举行听证" : "", deadlines.formatDate(due)));
  }
}
