package cn.township.workflow.review;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.system.CaseVariables;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Delegated review's conclusions (审查, 签批). Refuses to complete a task whose conclusion is missing or unknown, with a message the user understands,
 * before the process moves on (Tasklist forms check the same; REST callers may not).
 */
@Component("checkReviewConclusion")
public class CheckReviewConclusion implements TaskListener {

  private static final Set<String> REVIEW_RESULTS = Set.of("approve", "disapprove", "supplement");
  private static final Set<String> LEADER_DECISIONS = Set.of("agree", "return");

  @Override
  public void notify(DelegateTask task) {
    switch (task.getTaskDefinitionKey()) {
      case "Task_Review" -> {
        String result = oneOf(task, "reviewResult", "审查结论", REVIEW_RESULTS,
            "准予（approve）、不予（disapprove）或需补正（supplement）");
        CaseVariables.text(task, "reviewOpinion", "审查意见");
        if ("disapprove".equals(result)) {
          CaseVariables.text(task, "decisionLegalBasis", "不予准予的法律依据");
        }
      }
      case "Task_LeaderSignOff" -> oneOf(task, "leaderDecision", "签批意见", LEADER_DECISIONS, "同意（agree）或退回重审（return）");
      default -> throw new IllegalStateException("CheckReviewConclusion has no check for task " + task.getTaskDefinitionKey());
    }
  }
}
