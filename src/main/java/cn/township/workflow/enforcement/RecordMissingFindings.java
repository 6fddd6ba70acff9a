package cn.township.workflow.enforcement;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.Departments;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The joint-investigation deadline passed: the departments that did not answer are recorded. */
@Component("recordMissingFindings")
public class RecordMissingFindings implements JavaDelegate {

  private final Departments departments;

  public RecordMissingFindings(Departments departments) {
    this.departments = departments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<String> late = RequestJointFindings.FINDINGS.missing(execution, "jointDepartments").stream()
        .map(departments::nameOf).toList();
    CaseVariables.setList(execution, "lateDepartments", late);
  }
}
