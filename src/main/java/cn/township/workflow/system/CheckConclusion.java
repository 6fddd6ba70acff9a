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
        String result = CaseVariables.text(task, "reviewResult", "审查结论");
        if (!REVIEW_RESULTS.contains(result)) {
          throw new RejectedInputException("reviewResult", "审查结论应为准予（approve）、不予（disapprove）或需补正（supplement）。");
        }
        CaseVariables.text(task, "reviewOpinion", "审查意见");
        if ("disapprove".equals(result)) {
          CaseVariables.text(task, "decisionLegalBasis", "不予准予的法律依据");
        }
      }
      case "Task_LeaderSignOff" -> {
        String decision = CaseVariables.text(task, "leaderDecision", "签批意见");
        if (!LEADER_DECISIONS.contains(decision)) {
          throw new RejectedInputException("leaderDecision", "签批意见应为同意（agree）或退回重审（return）。");
        }
      }
      case "Task_PreExamine" -> {
        String result = CaseVariables.text(task, "preExamResult", "预审意见");
        if (!PRE_EXAM_RESULTS.contains(result)) {
          throw new RejectedInputException("preExamResult", "预审意见应为通过（pass）、退回补正（correction）或不予转报（reject）。");
        }
        CaseVariables.text(task, "preExamOpinion", "预审说明");
        task.setVariable("handlingOutcome", switch (result) {
          case "correction" -> "supplement";
          case "reject" -> "notForwarded";
          default -> "forwarded";
        });
      }
      case "Task_DepartmentReview" -> {
        String decision = CaseVariables.text(task, "departmentDecision", "部门决定");
        if (!DEPARTMENT_DECISIONS.contains(decision)) {
          throw new RejectedInputException("departmentDecision", "部门决定应为准予（approve）、不予（refuse）或退回补正（supplement）。");
        }
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
}
