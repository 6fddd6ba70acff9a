package cn.township.workflow.review;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import cn.township.workflow.security.Roles;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The warning point of the time limit: whoever holds the case (the groups of its open tasks, in called
 * processes too: a county department for a forwarded case) and the leader are told, and those tasks move up.
 */
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
    var taskService = execution.getProcessEngineServices().getTaskService();
    Set<String> holders = new TreeSet<>();
    for (Task task : taskService.createTaskQuery().processInstanceBusinessKey(execution.getProcessBusinessKey())
        .active().list()) {
      taskService.getIdentityLinksForTask(task.getId()).stream()
          .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
          .forEach(link -> holders.add(link.getGroupId()));
      if (task.getPriority() < WARNING_PRIORITY) {
        taskService.setPriority(task.getId(), WARNING_PRIORITY);
      }
    }
    holders.add(Roles.LEADER.groupId);
    holders.forEach(group -> notices.give(execution, "group:" + group, NoticeBook.Kind.TIME_LIMIT_WARNING, text));
  }
}
