package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Figure;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.casefile.NoticeBook;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 听证通知书: the party is told the time and place a whole notice period (7 working days, 第六十四条第二项、第八十五条)
 * before the hearing, which is held at nine on the first working day after that period.
 */
@Component("notifyHearing")
public class NotifyHearing implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;
  private final EnforcementFigures figures;

  public NotifyHearing(Deadlines deadlines, NoticeBook notices, EnforcementFigures figures) {
    this.deadlines = deadlines;
    this.notices = notices;
    this.figures = figures;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Figure notice = figures.get(Key.HEARING_NOTICE_PERIOD);
    LocalDate noticeEnds = deadlines.dayOf(figures.periodEnd(notice, deadlines.today()));
    Date hearing = deadlines.openingTime(deadlines.workingDayFrom(noticeEnds.plusDays(1)));
    execution.setVariable("hearingDate", hearing);
    execution.setVariable("hearingDateText", deadlines.formatDate(hearing) + " 9:00");
    execution.setVariable("hearingNoticeText", notice.text());
    CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")), NoticeBook.Kind.HEARING_NOTICE,
        "听证通知书：定于%s 9:00在%s举行听证（提前%s通知），由非本案调查人员主持；你可以亲自参加，也可以委托一至二人代理。"
            .formatted(deadlines.formatDate(hearing), execution.getVariable("townshipName") + "综合行政执法队", notice.text()));
  }
}
