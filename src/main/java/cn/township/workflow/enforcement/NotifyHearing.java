package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.window.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 听证通知书: the party is told the time and place at least seven days before the hearing (第六十四条第二项). */
@Component("notifyHearing")
public class NotifyHearing implements JavaDelegate {

  static final int NOTICE_DAYS = 7;

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public NotifyHearing(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date hearing = deadlines.openingTimeInDays(NOTICE_DAYS);
    execution.setVariable("hearingDate", hearing);
    execution.setVariable("hearingDateText", deadlines.formatDate(hearing) + " 9:00");
    CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")),
        "听证通知书：定于%s 9:00在%s举行听证，由非本案调查人员主持。".formatted(deadlines.formatDate(hearing),
            execution.getVariable("townshipName") + "综合行政执法队"));
  }
}
