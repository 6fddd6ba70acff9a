package cn.township.workflow.window;

import cn.township.workflow.casefile.NoticeBook;

import cn.township.workflow.system.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 不予受理决定书: the written refusal with its reason, where the matter is outside this office's remit. */
@Component("refuseApplication")
public class RefuseApplication implements JavaDelegate {

  private final NoticeBook notices;

  public RefuseApplication(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String reason = CaseVariables.text(execution, "refusalReason", "不予受理理由");
    CaseVariables.setTransient(execution, IntakeResult.OUTCOME, "notAccepted");
    notices.toApplicant(execution, NoticeBook.Kind.NOT_ACCEPTED,
        "不予受理。理由：%s。如不服，可依法申请行政复议或提起行政诉讼。".formatted(reason));
  }
}
