package cn.township.workflow.enforcement;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The party said nothing within five days: statement and hearing are waived, on the record. */
@Component("recordNoResponse")
public class RecordNoResponse implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable("hearingRequested", false);
    execution.setVariable("partyStatement", "当事人逾期未陈述申辩、未要求听证，视为放弃。");
  }
}
