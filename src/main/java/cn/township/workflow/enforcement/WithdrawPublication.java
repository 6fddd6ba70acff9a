package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 撤回公开 (行政处罚法第四十八条第二款): a published decision that reconsideration or a court changed or revoked is taken
 * off the public list at once, the reason stated publicly in its place.
 */
@Component("withdrawPublication")
public class WithdrawPublication implements JavaDelegate {

  private final PenaltyRegister register;
  private final Deadlines deadlines;
  private final NoticeBook notices;

  public WithdrawPublication(PenaltyRegister register, Deadlines deadlines, NoticeBook notices) {
    this.register = register;
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String reason = "revoked".equals(execution.getVariable("remedyResult"))
        ? "该行政处罚决定已被依法撤销（或确认违法、无效）：" : "该行政处罚决定已被依法变更：";
    reason += execution.getVariable("remedyResultNote");
    if (register.withdraw(execution.getProcessInstanceId(), deadlines.today(), reason)) {
      CaseDocuments.give(notices, execution, List.of("public"), "撤回行政处罚决定公开信息（案号 "
          + execution.getVariable("caseNo") + "）。" + reason);
    }
  }
}
