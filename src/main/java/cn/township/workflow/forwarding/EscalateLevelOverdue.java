package cn.township.workflow.forwarding;

import cn.township.workflow.system.Departments;
import cn.township.workflow.casefile.NoticeBook;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A department is past its limit and its silence does not count (it is the lead, or the catalog does not let a
 * co-reviewer's silence count): the county supervisors are told, and so is the applicant, of the delay and where the
 * case is (行政许可法第四十三条; a licence is never granted by silence).
 */
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
    String department = departments.nameOf((String) execution.getVariable("department"));
    notices.give(execution, "group:county-supervisor", NoticeBook.Kind.OVERDUE_ESCALATION,
        "超期督办：%s审查受理编号 %s（%s）已超过本级时限。".formatted(department, execution.getVariable("receiptNo"),
            execution.getVariable("matterName")));
    notices.toApplicant(execution, NoticeBook.Kind.OVERDUE_ESCALATION, "目前在%s审查，已超过该部门的办理期限，已转县督查督办；"
        .formatted(department) + "逾期未作出决定的，不视为准予或不予，我们将持续跟进并告知结果。");
  }
}
