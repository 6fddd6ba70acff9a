package cn.township.workflow.forwarding;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.Departments;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** A decision a department's own system posted (already validated by LevelDecisionController). */
@Component("recordExternalDecision")
public class RecordExternalDecision implements JavaDelegate {

  private final Departments departments;

  public RecordExternalDecision(Departments departments) {
    this.departments = departments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    LevelDecisions.clear(execution); // the external decision is the level's decision
    String department = CaseVariables.text(execution, "externalDepartment", "作出决定的部门");
    LevelDecisions.add(execution, new LevelDecisions.Decision(department, departments.nameOf(department),
        CaseVariables.text(execution, "externalDecision", "决定"),
        CaseVariables.text(execution, "externalOpinion", "审查意见"),
        CaseVariables.optionalText(execution, "externalLegalBasis"), "external"));
  }
}
