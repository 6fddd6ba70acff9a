package cn.township.workflow.window;

import cn.township.workflow.casefile.FiledMaterials;

import cn.township.workflow.system.CaseVariables;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * The catalog's required materials less those the clerk ticked as received: every missing item at once.
 * Complete materials end the intake as accepted.
 */
@Component("findMissingMaterials")
public class FindMissingMaterials implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    List<String> received = CaseVariables.list(execution, "receivedMaterials");
    List<String> missing = CaseVariables.list(execution, "requiredMaterials").stream()
        .filter(item -> !received.contains(item))
        .toList();
    CaseVariables.setList(execution, "missingMaterials", missing);
    // read only by the gateway right after this step: transient, never stored (missingMaterials says it for good);
    // a case from before this release already holds it as a stored variable, which cannot become transient
    execution.setVariable("materialsComplete", Variables.booleanValue(missing.isEmpty(),
        !execution.hasVariable("materialsComplete") || isTransient(execution)));
    if (missing.isEmpty()) {
      execution.setVariable("intakeOutcome", "accepted");
      CaseVariables.setList(execution, FiledMaterials.MATERIALS, received);
    }
  }

  private static boolean isTransient(DelegateExecution execution) {
    return execution.getVariableTyped("materialsComplete").isTransient();
  }
}
