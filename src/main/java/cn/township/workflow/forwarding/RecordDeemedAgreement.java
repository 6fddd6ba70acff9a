package cn.township.workflow.forwarding;

import cn.township.workflow.system.Departments;
import cn.township.workflow.casefile.NoticeBook;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 超时默认: the department did not answer within the level's limit and the catalog lets silence count as consent. */
@Component("recordDeemedAgreement")
public class RecordDeemedAgreement implements JavaDelegate {

  static final String OPINION = "逾期未答复，依事项目录视为同意（超时默认）";

  private final Departments departments;
  private final NoticeBook notices;

  public RecordDeemedAgreement(Departments departments, NoticeBook notices) {
    this.departments = departments;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String department = (String) execution.getVariable("department");
    LevelDecisions.add(execution, new LevelDecisions.Decision(department, departments.nameOf(department), "approve",
        OPINION, null, "deemed", LevelDecisions.role(execution), null));
    notices.give(execution, "group:" + department, NoticeBook.Kind.DEEMED_AGREEMENT,
        "%s：受理编号 %s 的审查已超过本级时限，%s。".formatted(departments.nameOf(department),
            execution.getVariable("receiptNo"), OPINION));
  }
}
