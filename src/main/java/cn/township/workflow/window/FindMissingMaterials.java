package cn.township.workflow.window;

import cn.township.workflow.casefile.FiledMaterials;

import cn.township.workflow.system.CaseVariables;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
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
    // read only by the gateway right after this step (missingMaterials says it for good)
    CaseVariables.setTransient(execution, "materialsComplete", missing.isEmpty());
    if (missing.isEmpty()) {
      // read by the case's gateway as the intake ends, in this transaction
      CaseVariables.setTransient(execution, IntakeResult.OUTCOME, "accepted");
      CaseVariables.setList(execution, FiledMaterials.MATERIALS, received);
    }
  }
}
