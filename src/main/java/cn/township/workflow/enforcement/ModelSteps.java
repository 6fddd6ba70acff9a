package cn.township.workflow.enforcement;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * What the model version a case runs on offers: cases started on an earlier version keep it, and a conclusion that
 * only a later version can carry out (移送司法机关, 重新告知) is refused there rather than silently taken for another.
 */
final class ModelSteps {

  private ModelSteps() {}

  static boolean offers(DelegateExecution execution, String activityId) {
    return ((ExecutionEntity) execution).getProcessDefinition().findActivity(activityId) != null;
  }
}
