package cn.township.workflow.review;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The time the applicant was told an excluded step would take has passed: the reviewer and the leader follow it up. */
@Component("remindExcludedPeriod")
public class RemindExcludedPeriod implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public RemindExcludedPeriod(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String text = "受理编号 %s 的%s告知申请人预计于%s完成，请跟进并登记完成日期。".formatted(execution.getVariable("receiptNo"),
        execution.getVariable("excludedWorkName"), deadlines.formatDate((Date) execution.getVariable("excludedExpectedEnd")));
    notices.give(execution, "group:reviewer", NoticeBook.Kind.REMINDER, text);
    notices.give(execution, "group:leader", NoticeBook.Kind.REMINDER, text);
  }
}
