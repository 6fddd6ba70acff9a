package cn.township.workflow.forwarding;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A decision a department's own system posted (validated by LevelDecisionController, delivered to that department's
 * review by PostLevelDecision): recorded as that department's decision, beside the other departments'.
 */
@Component("recordExternalDecision")
public class RecordExternalDecision implements JavaDelegate {

  private final RecordDepartmentDecision record;

  public RecordExternalDecision(RecordDepartmentDecision record) {
    this.record = record;
  }

  @Override
  public void execute(DelegateExecution execution) {
    record.record(execution, "external");
  }
}
