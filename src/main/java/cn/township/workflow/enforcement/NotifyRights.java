package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Figure;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 行政处罚事先告知书 (第四十四条、第六十三条、第六十四条): the proposed penalty, its facts, reasons and basis, the
 * right to state and defend, and where the penalty is heavy the right to a hearing, requested within the response
 * period of the figures table (5 working days, 第八十五条). What was notified is kept: the decision may not be
 * heavier because the party defended (第四十五条).
 */
@Component("notifyRights")
public class NotifyRights implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;
  private final EnforcementFigures figures;

  public NotifyRights(Deadlines deadlines, NoticeBook notices, EnforcementFigures figures) {
    this.deadlines = deadlines;
    this.notices = notices;
    this.figures = figures;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Figure period = figures.get(Key.RESPONSE_PERIOD);
    Date due = figures.periodEnd(period, deadlines.today());
    execution.setVariable("responseDue", due);
    execution.setVariable("responseDueDate", deadlines.formatDate(due));
    Object kind = execution.getVariable("penaltyKind");
    Notified.record(execution, PenaltyKind.of(kind == null ? PenaltyKind.NONE.code : kind.toString(), "penaltyKind"),
        CaseVariables.amount(execution, "fineAmount", "拟罚款数额"),
        CaseVariables.amount(execution, "confiscatedValue", "拟没收的违法所得或非法财物价值"));
    boolean hearing = Boolean.TRUE.equals(execution.getVariable("hearingRight"));
    CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")), NoticeBook.Kind.PENALTY_NOTICE,
        "行政处罚事先告知书：经查，%s。拟依据%s，作出如下处罚：%s。你有权进行陈述和申辩%s，请于收到本告知书之日起%s内（%s前）提出；逾期视为放弃。"
            .formatted(execution.getVariable("findings"), execution.getVariable("penaltyBasis"),
                execution.getVariable("proposedPenalty"), hearing ? "，并有权要求举行听证" : "", period.text(),
                deadlines.formatDate(due)));
  }
}
