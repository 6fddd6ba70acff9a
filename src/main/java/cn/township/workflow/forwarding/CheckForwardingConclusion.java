package cn.township.workflow.forwarding;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.casefile.FiledMaterials;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Forwarding's conclusions (乡镇预审, 部门审查). Refuses to complete a task whose conclusion is missing, unknown or
 * unlawful, with a message the user understands, before the process moves on (Tasklist forms check the same; REST
 * callers may not): the township cannot refuse to forward in its own name, and a higher level cannot ask again for
 * materials already on file (行政许可法第三十五条).
 */
@Component("checkForwardingConclusion")
public class CheckForwardingConclusion implements TaskListener {

  private static final Set<String> PRE_EXAM_RESULTS = Set.of("pass", "correction");
  private static final Set<String> PRELIMINARY_OPINIONS = Set.of("agree", "disagree");
  private static final Set<String> DEPARTMENT_DECISIONS = Set.of("approve", "refuse", "supplement");

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    switch (task.getTaskDefinitionKey()) {
      case "Task_PreExamine" -> {
        if ("reject".equals(task.getVariable("preExamResult"))) {
          throw new RejectedInputException("preExamResult", "乡镇无权以自己名义不予转报：请选择报送，并在初审意见中写明不同意的理由，"
              + "由有权机关决定（《行政许可法》第三十五条）。");
        }
        String result = oneOf(task, "preExamResult", "预审意见", PRE_EXAM_RESULTS,
            "报送（pass）或退回补正（correction）");
        String opinion = CaseVariables.text(task, "preExamOpinion", "初审意见和理由");
        if ("pass".equals(result)) {
          String preliminary = oneOf(task, "preliminaryOpinion", "初步审查意见", PRELIMINARY_OPINIONS,
              "同意（agree）或不同意（disagree）");
          task.setVariable("preliminaryOpinionText", ("agree".equals(preliminary) ? "同意：" : "不同意：") + opinion);
        }
        task.setVariable("handlingOutcome", "correction".equals(result) ? "supplement" : "forwarded");
      }
      case "Task_DepartmentReview" -> {
        String decision = oneOf(task, "departmentDecision", "部门决定", DEPARTMENT_DECISIONS,
            "准予/同意（approve）、不予/不同意（refuse）或退回补正（supplement）");
        CaseVariables.text(task, "departmentOpinion", "审查意见");
        boolean coReviewer = "opinions".equals(task.getVariable("reviewPhase"));
        if ("refuse".equals(decision) && !coReviewer) {
          CaseVariables.text(task, "departmentLegalBasis", "不予准予的法律依据");
        }
        if ("supplement".equals(decision)) {
          checkNotOnFile(task, CaseVariables.list(task, "supplementItems"));
        }
      }
      default -> throw new IllegalStateException("CheckForwardingConclusion has no check for task " + task.getTaskDefinitionKey());
    }
  }

  /** 行政许可法第三十五条: a higher level names only catalog materials the file does not hold. */
  static void checkNotOnFile(org.camunda.bpm.engine.delegate.VariableScope scope, List<String> items) {
    List<String> notOnFile = notOnFile(scope);
    if (items.isEmpty() || !notOnFile.containsAll(items)) {
      throw new RejectedInputException("supplementItems", "上级行政机关不得要求申请人重复提供申请材料（《行政许可法》第三十五条）："
          + "只能勾选案卷中没有的目录材料" + (notOnFile.isEmpty() ? "，本案案卷已齐全，请依现有材料作出决定。" : "：" + notOnFile + "。"));
    }
  }

  static List<String> notOnFile(org.camunda.bpm.engine.delegate.VariableScope scope) {
    List<String> file = FiledMaterials.materials(scope);
    return CaseVariables.list(scope, "requiredMaterials").stream().filter(item -> !file.contains(item)).toList();
  }
}
