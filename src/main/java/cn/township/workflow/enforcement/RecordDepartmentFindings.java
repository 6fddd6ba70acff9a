package cn.township.workflow.enforcement;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.Departments;
import java.util.ArrayList;
import java.util.List;
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
  public void notify(DelegateTask task) {
    String department = (String) task.getVariable("department");
    List<String> findings = new ArrayList<>(CaseVariables.list(task, "jointFindings"));
    findings.add(departments.nameOf(department) + "：" + CaseVariables.text(task, "departmentFindings", "调查意见"));
    CaseVariables.setList(task, "jointFindings", findings);
    List<String> answered = new ArrayList<>(CaseVariables.list(task, "jointDepartmentsAnswered"));
    answered.add(department);
    CaseVariables.setList(task, "jointDepartmentsAnswered", answered);
  }
}
