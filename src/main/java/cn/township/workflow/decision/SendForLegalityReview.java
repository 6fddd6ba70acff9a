package cn.township.workflow.decision;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 送请合法性审查 (条例第二十六条、第二十七条): the draft is sent as it stands and kept as the reviewed text (the meeting
 * must adopt this text); the reviewer gets the working days planned, at least the statutory-period table's unless the
 * office recorded urgency at planning.
 */
@Component("sendForLegalityReview")
public class SendForLegalityReview implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public SendForLegalityReview(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object planned = execution.getVariable("legalityReviewDays");
    int days = planned instanceof Number n ? n.intValue()
        : deadlines.period(CheckDecisionConclusion.LEGALITY_REVIEW).days();
    Date due = deadlines.workingDaysFromNow(days);
    execution.setVariable("reviewedDraft", CaseVariables.text(execution, "draft", "决策草案"));
    execution.setVariable("legalityReviewDueAt", due);
    execution.setVariable("legalityReviewDueDate", deadlines.formatDate(due));
    String urgency = CaseVariables.optionalText(execution, "legalityUrgencyReason");
    DecisionNotices.give(notices, execution, List.of("group:legal-reviewer"), NoticeBook.Kind.DECISION_RECORD,
        "送请合法性审查，审查时间%d个工作日，请于%s前提出审查意见%s。".formatted(days, deadlines.formatDate(due),
            urgency == null ? "" : "（因情况紧急缩短：" + urgency + "）"));
  }
}
