package cn.township.workflow.window;

import cn.township.workflow.casefile.FiledMaterials;

import cn.township.workflow.system.CaseVariables;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** After acceptance, the materials the window received in answer to the notice join the case file. */
@Component("addSupplementToFile")
public class AddSupplementToFile implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    List<String> file = new ArrayList<>(CaseVariables.list(execution, FiledMaterials.MATERIALS));
    List<String> asked = CaseVariables.list(execution, "missingMaterials");
    for (String item : CaseVariables.list(execution, "supplementedMaterials")) {
      if (asked.contains(item) && !file.contains(item)) {
        file.add(item);
      }
    }
    CaseVariables.setList(execution, FiledMaterials.MATERIALS, file);
  }
}
