package cn.township.workflow.window;

import cn.township.workflow.system.CaseVariables;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateVariableMapping;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;
import org.springframework.stereotype.Component;

/**
 * What the first window intake hands back to the case, as {@code camunda:variableMappingDelegateExpression} of the
 * case's call activity. The outcome, a deemed acceptance and when the materials arrived are read only by the case's
 * gateway and by 受理, in the transaction the intake ends in: the case gets them as transient variables and stores
 * none of them (3 statements each). The list of missing materials is copied only where there is one: the review
 * form, its check and the supplement intake take an absent list as empty.
 *
 * <p>The intake writes its outcome and a deemed acceptance as transient variables too. A case of an earlier model
 * version copies them with its own {@code camunda:out} lines as the intake ends, in the same transaction.
 */
@Component("intakeResult")
public class IntakeResult implements DelegateVariableMapping {

  /** accepted, notAccepted or withdrawn. */
  public static final String OUTCOME = "intakeOutcome";
  /** True where nobody checked the materials within the period (行政许可法第三十二条). */
  public static final String DEEMED = "deemedAccepted";
  /** When the window received the materials: a deemed acceptance counts from then. */
  public static final String RECEIVED_AT = "materialsReceivedAt";
  static final String MISSING = "missingMaterials";

  @Override
  public void mapInputVariables(DelegateExecution caseExecution, VariableMap intakeVariables) {
    // the call activity's camunda:in lines say what goes in
  }

  @Override
  public void mapOutputVariables(DelegateExecution caseExecution, VariableScope intake) {
    for (String name : List.of(OUTCOME, DEEMED, RECEIVED_AT)) {
      Object value = intake.getVariable(name);
      if (value != null) {
        CaseVariables.setTransient(caseExecution, name, value);
      }
    }
    if (!CaseVariables.list(intake, MISSING).isEmpty()) {
      caseExecution.setVariable(MISSING, intake.getVariableTyped(MISSING));
    }
  }
}
