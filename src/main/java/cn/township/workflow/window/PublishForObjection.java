package cn.township.workflow.window;

import cn.township.workflow.casefile.NoticeBook;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 公示: the applicant's name, the matter and the amount proposed are published for the days the catalog sets (calendar
 * days), with where to object; no identity number or other personal detail is published.
 */
@Component("publishForObjection")
public class PublishForObjection implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public PublishForObjection(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    int days = CaseVariables.number(execution, "publicNoticeDays");
    Date ends = deadlines.calendarDaysFromNow(days);
    execution.setVariable("publicNoticeEndsAt", ends);
    Object amount = execution.getVariable("grantAmount");
    String text = "公示：%s申请“%s”（受理编号 %s），拟予准予%s。公示期%d日，至%s止；如有异议，请向%s反映。".formatted(
        execution.getVariable("applicantName"), execution.getVariable("matterName"), execution.getVariable("receiptNo"),
        amount instanceof Number n && n.doubleValue() > 0 ? "，金额" + n + "元" : "", days, deadlines.formatDate(ends),
        execution.getVariable("townshipName"));
    notices.give(execution, "public", NoticeBook.Kind.PUBLIC_NOTICE, text);
    notices.toApplicant(execution, NoticeBook.Kind.PUBLIC_NOTICE, "拟予准予，依法公示%d日（至%s），公示期满无异议或异议不成立的作出决定。"
        .formatted(days, deadlines.formatDate(ends)));
  }
}
