package cn.township.workflow.forwarding;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.Departments;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 催办: the department holding the case is reminded before its limit. */
@Component("remindDepartment")
public class RemindDepartment implements JavaDelegate {

  private final Departments departments;
  private final NoticeBook notices;
  private final Deadlines deadlines;

  public RemindDepartment(Departments departments, NoticeBook notices, Deadlines deadlines) {
    this.departments = departments;
    this.notices = notices;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String department = (String) execution.getVariable("department");
    notices.give(execution, "group:" + department, NoticeBook.Kind.REMINDER,
        "催办：%s，受理编号 %s（%s）的审查将于%s到期，请尽快作出决定。".formatted(departments.nameOf(department),
            execution.getVariable("receiptNo"), execution.getVariable("matterName"),
            deadlines.formatDate((Date) execution.getVariable("levelDueAt"))));
  }
}
