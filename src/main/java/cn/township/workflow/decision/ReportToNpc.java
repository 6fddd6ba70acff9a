package cn.township.workflow.decision;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 向乡镇人大主席团报告: the adopted decision is reported before issue; the acknowledgement is due within the period
 * {@value #ACKNOWLEDGEMENT} of processes/statutory-periods.dmn (the analysts' table, as every other period).
 */
@Component("reportToNpc")
public class ReportToNpc implements JavaDelegate {

  static final String ACKNOWLEDGEMENT = "decision-npc-acknowledgement";

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public ReportToNpc(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date due = deadlines.periodFromNow(ACKNOWLEDGEMENT);
    execution.setVariable("npcAcknowledgementDue", due);
    DecisionNotices.give(notices, execution, List.of("group:npc-liaison"), NoticeBook.Kind.DECISION_RECORD,
        "报告乡镇人民代表大会主席团：领导班子会议决定%s，请于%s前确认。".formatted(
            "adoptWithChanges".equals(execution.getVariable("meetingDecision")) ? "修改后通过" : "通过",
            deadlines.formatDate(due)));
  }
}
