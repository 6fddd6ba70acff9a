package cn.township.workflow.enforcement;

import cn.township.workflow.window.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Filing not decided within 15 working days of discovery: supervisors and the team leader are told. */
@Component("escalateFiling")
public class EscalateFiling implements JavaDelegate {

  private final NoticeBook notices;

  public EscalateFiling(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseDocuments.give(notices, execution, List.of("group:supervisor", "group:team-leader"), "立案审批已超过十五个工作日，请督办。");
  }
}
