package cn.township.workflow.decision;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The collective meeting rejected the decision: the principal leader's opinion goes on the record. */
@Component("recordRejection")
public class RecordRejection implements JavaDelegate {

  private final NoticeBook notices;

  public RecordRejection(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    DecisionNotices.give(notices, execution, List.of("group:decision-office"), NoticeBook.Kind.DECISION_RECORD,
        "集体讨论决定不予通过。行政首长意见：" + execution.getVariable("principalDecision"));
  }
}
