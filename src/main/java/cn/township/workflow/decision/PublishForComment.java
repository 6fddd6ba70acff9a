package cn.township.workflow.decision;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.StatutoryPeriods;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 公开征求意见: the draft is published and comments are open for the chosen number of days (calendar days). */
@Component("publishForComment")
public class PublishForComment implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public PublishForComment(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    int days = CaseVariables.number(execution, "commentPeriodDays");
    Date until = deadlines.calendarDaysFromNow(days);
    execution.setVariable("commentOpenUntil", until);
    execution.setVariable("commentOpenUntilDate", deadlines.formatDate(until));
    execution.setVariable("commentOpen", true);
    String shortened = CaseVariables.optionalText(execution, "shortenedPeriodReason");
    StatutoryPeriods.Period minimum = deadlines.period(CheckDecisionConclusion.COMMENT_PERIOD);
    DecisionNotices.give(notices, execution, List.of("public"), NoticeBook.Kind.COMMENT_NOTICE,
        "公开征求意见：决策草案全文见附件，征求意见期%d日，至%s，可经政务网站或到乡镇窗口提出意见。%s草案：%s".formatted(
            days, deadlines.formatDate(until), days < minimum.days() && shortened != null
                ? "因情况紧急，征求意见期少于" + minimum.text() + "，理由：" + shortened + "。" : "",
            execution.getVariable("draft")));
  }
}
