package cn.township.workflow.enforcement;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.Departments;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** A department's findings in a joint investigation go on the case under its name. */
@Component("recordDepartmentFindings")
public class RecordDepartmentFindings implements TaskListener {

  private final Departments departments;

  public RecordDepartmentFindings(Departments departments) {
    this.departments = departments;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    String department = (String) task.getVariable("department");
    RequestJointFindings.FINDINGS.add(task, department, departments.nameOf(department),
        CaseVariables.text(task, "departmentFindings", "调查意见"));
  }
}
