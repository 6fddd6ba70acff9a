package cn.township.workflow.review;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.window.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/** The warning point of the time limit: reviewer and leader are told, and the case's open tasks move up. */
@Component("warnTimeLimit")
public class WarnTimeLimit implements JavaDelegate {

  static final int WARNING_PRIORITY = 80;

  private final NoticeBook notices;
  private final Deadlines deadlines;

  public WarnTimeLimit(NoticeBook notices, Deadlines deadlines) {
    this.notices = notices;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (Boolean.TRUE.equals(execution.getVariable("timeLimitWarned"))) {
      return; // a resumed clock can pass the warning point again; one warning is enough
    }
    execution.setVariable("timeLimitWarned", true);
    String text = "受理编号 %s（%s）将于%s到期，请抓紧办结。".formatted(execution.getVariable("receiptNo"),
        execution.getVariable("matterName"), deadlines.formatDate((Date) execution.getVariable("timeLimitDueAt")));
    notices.give(execution, "group:reviewer", NoticeBook.Kind.TIME_LIMIT_WARNING, text);
    notices.give(execution, "group:leader", NoticeBook.Kind.TIME_LIMIT_WARNING, text);
    var taskService = execution.getProcessEngineServices().getTaskService();
    for (Task task : taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).list()) {
      if (task.getPriority() < WARNING_PRIORITY) {
        taskService.setPriority(task.getId(), WARNING_PRIORITY);
      }
    }
  }
}
