package cn.township.workflow.window;

import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.system.CaseVariables;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The supplement deadline passed: the application is deemed withdrawn, and the applicant is told so. */
@Component("closeAsWithdrawn")
public class CloseAsWithdrawn implements JavaDelegate {

  private final NoticeBook notices;

  public CloseAsWithdrawn(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseVariables.setTransient(execution, IntakeResult.OUTCOME, "withdrawn");
    notices.toApplicant(execution, NoticeBook.Kind.WITHDRAWN, "未在补正期限内补正材料，视为撤回申请。如需办理，请重新提交申请。");
  }
}
