package cn.township.workflow.decision;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 条例第十七条: the hearing's date, place and how to take part are published in advance, with the draft. */
@Component("publishDecisionHearing")
public class PublishDecisionHearing implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public PublishDecisionHearing(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date at = (Date) execution.getVariable("decisionHearingAt");
    DecisionNotices.give(notices, execution, List.of("public"), NoticeBook.Kind.PUBLICATION,
        "听证会公告：定于%s在%s举行听证会。参加方式：%s。决策草案及其说明：%s".formatted(
            deadlines.formatTime(at), execution.getVariable("decisionHearingPlace"),
            execution.getVariable("hearingParticipation"), execution.getVariable("draft")));
  }
}
