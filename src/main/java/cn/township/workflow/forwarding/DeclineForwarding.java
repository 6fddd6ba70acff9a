package cn.township.workflow.forwarding;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 不予转报: the pre-examination found the application cannot go to the county; the applicant is told why. */
@Component("declineForwarding")
public class DeclineForwarding implements JavaDelegate {

  private final NoticeBook notices;

  public DeclineForwarding(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    notices.toApplicant(execution, NoticeBook.Kind.NOT_FORWARDED,
        "经乡镇预审，不符合转报条件，不予转报。理由：%s。如不服，可依法申请行政复议或提起行政诉讼。".formatted(
            CaseVariables.text(execution, "preExamOpinion", "预审意见")));
  }
}
