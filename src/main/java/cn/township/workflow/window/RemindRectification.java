package cn.township.workflow.window;

import cn.township.workflow.casefile.NoticeBook;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The rectification of a bad rating is late: the leader and the supervisors are reminded, on the record. */
@Component("remindRectification")
public class RemindRectification implements JavaDelegate {

  private final NoticeBook notices;

  public RemindRectification(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String text = "受理编号 %s 的差评整改已超过15个工作日期限，请尽快完成整改并回访。"
        .formatted(execution.getVariable("receiptNo"));
    notices.give(execution, "group:leader", NoticeBook.Kind.RECTIFICATION_REMINDER, text);
    notices.give(execution, "group:supervisor", NoticeBook.Kind.RECTIFICATION_REMINDER, text);
  }
}
