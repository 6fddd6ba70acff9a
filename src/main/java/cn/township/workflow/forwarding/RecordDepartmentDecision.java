package cn.township.workflow.forwarding;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.Departments;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Puts one department's decision (from its review task) on the level's record, beside the others'. */
@Component("recordDepartmentDecision")
public class RecordDepartmentDecision implements JavaDelegate {

  private final Departments departments;

  public RecordDepartmentDecision(Departments departments) {
    this.departments = departments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    record(execution, "tasklist");
  }

  /** {@code how}: tasklist, or external where the department's own system posted it (PostLevelDecision). */
  void record(DelegateExecution execution, String how) {
    String department = (String) execution.getVariable("department");
    String decision = CaseVariables.text(execution, "departmentDecision", "部门决定");
    LevelDecisions.add(execution, new LevelDecisions.Decision(department, departments.nameOf(department), decision,
        CaseVariables.text(execution, "departmentOpinion", "审查意见"),
        CaseVariables.optionalText(execution, "departmentLegalBasis"), how, LevelDecisions.role(execution),
        "supplement".equals(decision) ? CaseVariables.list(execution, "supplementItems") : List.of()));
  }
}
