package cn.township.workflow.forwarding;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.system.CaseVariables;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Forwarding's conclusions (乡镇预审, 部门审查). Refuses to complete a task whose conclusion is missing or unknown, with a message the user understands,
 * before the process moves on (Tasklist forms check the same; REST callers may not).
 */
@Component("checkForwardingConclusion")
public class CheckForwardingConclusion implements TaskListener {

  private static final Set<String> PRE_EXAM_RESULTS = Set.of("pass", "correction", "reject");
  private static final Set<String> DEPARTMENT_DECISIONS = Set.of("approve", "refuse", "supplement");

  @Override
  public void notify(DelegateTask task) {
    switch (task.getTaskDefinitionKey()) {
      case "Task_PreExamine" -> {
        String result = oneOf(task, "preExamResult", "预审意见", PRE_EXAM_RESULTS,
            "通过（pass）、退回补正（correction）或不予转报（reject）");
        CaseVariables.text(task, "preExamOpinion", "预审说明");
        task.setVariable("handlingOutcome", switch (result) {
          case "correction" -> "supplement";
          case "reject" -> "notForwarded";
          default -> "forwarded";
        });
      }
      case "Task_DepartmentReview" -> {
        String decision = oneOf(task, "departmentDecision", "部门决定", DEPARTMENT_DECISIONS,
            "准予（approve）、不予（refuse）或退回补正（supplement）");
        CaseVariables.text(task, "departmentOpinion", "审查意见");
        if ("refuse".equals(decision)) {
          CaseVariables.text(task, "departmentLegalBasis", "不予准予的法律依据");
        }
      }
      default -> throw new IllegalStateException("CheckForwardingConclusion has no check for task " + task.getTaskDefinitionKey());
    }
  }
}
