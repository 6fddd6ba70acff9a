package cn.township.workflow.window;

import cn.township.workflow.casefile.FiledMaterials;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 行政许可法第三十二条: no notice within five working days, so the application counts as accepted on receipt. */
@Component("deemAccepted")
public class DeemAccepted implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    // whatever the applicant handed in is the file: nobody checked it within the five days
    cn.township.workflow.system.CaseVariables.setList(execution, FiledMaterials.MATERIALS,
        cn.township.workflow.system.CaseVariables.list(execution, "receivedMaterials"));
    // both read as the intake ends, in this transaction, by the case's gateway and 受理
    cn.township.workflow.system.CaseVariables.setTransient(execution, IntakeResult.DEEMED, true);
    cn.township.workflow.system.CaseVariables.setTransient(execution, IntakeResult.OUTCOME, "accepted");
  }
}
