package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A statutory period of an execution step has run out with the step still open (公开、交款、申请强制执行): the
 * supervisor and the team leader are told, under the step's name as the model gives it.
 */
@Component("escalateOverdue")
public class EscalateOverdue implements JavaDelegate {

  private final NoticeBook notices;

  public EscalateOverdue(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseDocuments.give(notices, execution, List.of("group:supervisor", "group:team-leader"),
        execution.getCurrentActivityName() + "：法定期限已届满，该步骤尚未办结，请督办。");
  }
}
