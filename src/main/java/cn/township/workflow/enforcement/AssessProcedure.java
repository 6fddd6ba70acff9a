package cn.township.workflow.enforcement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * What the Administrative Penalty Law requires for this proposed penalty, from the analysts' table
 * (penalty-procedure.dmn): summary procedure allowed, hearing right, legal review, collective discussion.
 */
@Component("assessProcedure")
public class AssessProcedure implements JavaDelegate {

  private final DecisionService decisions;

  public AssessProcedure(DecisionService decisions) {
    this.decisions = decisions;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object fine = execution.getVariable("fineAmount");
    List<String> requirements = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (Map<String, Object> row : decisions.evaluateDecisionByKey("penalty-procedure")
        .variables(Variables.createVariables()
            .putValue("partyType", execution.getVariable("partyType"))
            .putValue("penaltyKind", execution.getVariable("penaltyKind"))
            .putValue("fineAmount", fine instanceof Number n ? n.doubleValue() : 0.0)
            .putValue("complexCase", Boolean.TRUE.equals(execution.getVariable("complexCase")))
            .putValue("majorPublicInterest", Boolean.TRUE.equals(execution.getVariable("majorPublicInterest"))))
        .evaluate().getResultList()) {
      requirements.add((String) row.get("requirement"));
      reasons.add((String) row.get("reason"));
    }
    for (String requirement : List.of("summaryAllowed", "hearingRight", "legalReviewRequired",
        "collectiveDiscussionRequired")) {
      execution.setVariable(requirement, requirements.contains(requirement));
    }
    execution.setVariable("hearingRightLabel", requirements.contains("hearingRight") ? "有（告知后五日内提出）" : "无");
    execution.setVariable("procedureNote", reasons.isEmpty() ? "一般程序" : String.join("；", reasons));
  }
}
