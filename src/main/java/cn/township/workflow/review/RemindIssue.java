package cn.township.workflow.review;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 行政许可法第四十四条: the decision has not been issued and its period is nearly over; the window and the leader are told. */
@Component("remindIssue")
public class RemindIssue implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public RemindIssue(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String text = "受理编号 %s（%s）的决定书应于%s前送达申请人（《行政许可法》第四十四条），请尽快出件。".formatted(
        execution.getVariable("receiptNo"), execution.getVariable("matterName"),
        deadlines.formatDate((Date) execution.getVariable("issueDueAt")));
    notices.give(execution, "group:window-clerk", NoticeBook.Kind.REMINDER, text);
    notices.give(execution, "group:leader", NoticeBook.Kind.REMINDER, text);
  }
}
