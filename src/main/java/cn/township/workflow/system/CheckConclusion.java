package cn.township.workflow.system;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Refuses to complete a task whose conclusion is missing or unknown, with a message the clerk
 * understands, before the process moves on (Tasklist forms check the same; REST callers may not).
 */
@Component("checkConclusion")
public class CheckConclusion implements TaskListener {

  private static final Set<String> REVIEW_RESULTS = Set.of("approve", "disapprove", "supplement");
  private static final Set<String> LEADER_DECISIONS = Set.of("agree", "return");
  private static final Set<String> PRE_EXAM_RESULTS = Set.of("pass", "correction", "reject");
  private static final Set<String> DEPARTMENT_DECISIONS = Set.of("approve", "refuse", "supplement");

  @Override
  public void notify(DelegateTask task) {
    switch (task.getTaskDefinitionKey()) {
      case "Task_CheckCompleteness" -> {
        boolean acceptable = CaseVariables.flag(task, "acceptable", "是否属于受理范围");
        task.setVariable("acceptable", acceptable); // a form's radio submits "true"/"false" text
        if (!acceptable) {
          CaseVariables.text(task, "refusalReason", "不予受理理由");
        }
      }
      case "Task_Review" -> {
        String result = oneOf(task, "reviewResult", "审查结论", REVIEW_RESULTS,
            "准予（approve）、不予（disapprove）或需补正（supplement）");
        CaseVariables.text(task, "reviewOpinion", "审查意见");
        if ("disapprove".equals(result)) {
          CaseVariables.text(task, "decisionLegalBasis", "不予准予的法律依据");
        }
      }
      case "Task_LeaderSignOff" -> {
        oneOf(task, "leaderDecision", "签批意见", LEADER_DECISIONS, "同意（agree）或退回重审（return）");
      }
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
      case "Task_VerifyBadRating" -> task.setVariable("complaintSubstantiated",
          CaseVariables.flag(task, "complaintSubstantiated", "差评是否属实"));
      default -> { }
    }
  }

  /** The variable's value, which must be one of {@code allowed}. */
  private static String oneOf(DelegateTask task, String name, String label, Set<String> allowed, String expected) {
    String value = CaseVariables.text(task, name, label);
    if (!allowed.contains(value)) {
      throw new RejectedInputException(name, label + "应为" + expected + "。");
    }
    return value;
  }
}
