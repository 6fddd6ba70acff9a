package cn.township.workflow.forwarding;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.TimeLimit;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.Departments;
import cn.township.workflow.window.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** A level receives the case: its own working-day limit starts, with a reminder at 80 %, and its departments are told. */
@Component("openLevelReview")
public class OpenLevelReview implements JavaDelegate {

  static final int REMINDER_PERCENT = 80;

  private final Deadlines deadlines;
  private final Departments departments;
  private final NoticeBook notices;

  public OpenLevelReview(Deadlines deadlines, Departments departments, NoticeBook notices) {
    this.deadlines = deadlines;
    this.departments = departments;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    TimeLimit limit = deadlines.startAt(CaseVariables.number(execution, "levelTimeLimitDays"), REMINDER_PERCENT,
        deadlines.now());
    execution.setVariable("levelReceivedAt", Date.from(deadlines.now()));
    execution.setVariable("levelReminderAt", Date.from(limit.warningAt()));
    execution.setVariable("levelDueAt", Date.from(limit.dueAt()));
    execution.setVariable("levelDueDate", deadlines.formatDate(Date.from(limit.dueAt()))); // as forms show it
    LevelDecisions.clear(execution);
    for (String department : CaseVariables.list(execution, "reviewDepartments")) {
      notices.give(execution, "group:" + department, NoticeBook.Kind.FORWARDED,
          "%s：%s转报“%s”（受理编号 %s），请于%s前作出决定。".formatted(departments.nameOf(department),
              execution.getVariable("townshipName"), execution.getVariable("matterName"),
              execution.getVariable("receiptNo"), deadlines.formatDate(Date.from(limit.dueAt()))));
    }
  }
}
