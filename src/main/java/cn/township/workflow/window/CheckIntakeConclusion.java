package cn.township.workflow.window;

import cn.township.workflow.system.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The window's conclusions (受理审查, 差评核实, 公示异议). Refuses to complete a task whose conclusion is missing or unknown, with a message the user understands,
 * before the process moves on (Tasklist forms check the same; REST callers may not).
 */
@Component("checkIntakeConclusion")
public class CheckIntakeConclusion implements TaskListener {

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    switch (task.getTaskDefinitionKey()) {
      case "Task_CheckCompleteness" -> {
        CaseVariables.normalizeFlags(task, "acceptable");
        if (!CaseVariables.flag(task, "acceptable", "是否属于受理范围")) {
          CaseVariables.text(task, "refusalReason", "不予受理理由");
        }
      }
      case "Task_VerifyBadRating" -> task.setVariable("complaintSubstantiated",
          CaseVariables.flag(task, "complaintSubstantiated", "差评是否属实"));
      case "Task_ReviewObjections" -> {
        CaseVariables.text(task, "objectionsReceived", "公示期间收到的异议（没有则填“无”）");
        boolean founded = CaseVariables.flag(task, "objectionsFounded", "异议是否成立");
        if (founded) {
          CaseVariables.text(task, "objectionFindings", "核实情况");
        }
        task.setVariable("objectionsFounded", founded);
      }
      default -> throw new IllegalStateException("CheckIntakeConclusion has no check for task " + task.getTaskDefinitionKey());
    }
  }
}
