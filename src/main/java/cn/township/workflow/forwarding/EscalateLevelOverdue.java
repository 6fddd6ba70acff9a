package cn.township.workflow.forwarding;

import cn.township.workflow.system.Departments;
import cn.township.workflow.window.NoticeBook;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** A department is past the level's limit and silence does not count: the county supervisors are told. */
@Component("escalateLevelOverdue")
public class EscalateLevelOverdue implements JavaDelegate {

  private final Departments departments;
  private final NoticeBook notices;

  public EscalateLevelOverdue(Departments departments, NoticeBook notices) {
    this.departments = departments;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    notices.give(execution, "group:county-supervisor", NoticeBook.Kind.OVERDUE_ESCALATION,
        "超期督办：%s审查受理编号 %s（%s）已超过本级时限。".formatted(
            departments.nameOf((String) execution.getVariable("department")), execution.getVariable("receiptNo"),
            execution.getVariable("matterName")));
  }
}
