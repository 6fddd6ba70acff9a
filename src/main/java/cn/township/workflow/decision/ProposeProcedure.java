package cn.township.workflow.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Asks the analysts' table (decision-planning.dmn) which optional steps the regulation's criteria call for. */
@Component("proposeProcedure")
public class ProposeProcedure implements JavaDelegate {

  private final DecisionService decisions;
  private final DecisionSettings settings;

  public ProposeProcedure(DecisionService decisions, DecisionSettings settings) {
    this.decisions = decisions;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<Map<String, Object>> proposals = decisions.evaluateDecisionByKey("decision-planning")
        .variables(Variables.createVariables()
            .putValue("affectsPublicInterest", execution.getVariable("affectsPublicInterest"))
            .putValue("technicallyComplex", execution.getVariable("technicallyComplex"))
            .putValue("mayAffectStability", execution.getVariable("mayAffectStability")))
        .evaluate().getResultList();
    List<String> steps = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (Map<String, Object> proposal : proposals) {
      steps.add((String) proposal.get("step"));
      reasons.add((String) proposal.get("reason"));
    }
    execution.setVariable("publicParticipation", steps.contains("publicParticipation"));
    execution.setVariable("expertReview", steps.contains("expertReview"));
    execution.setVariable("riskAssessment", steps.contains("riskAssessment"));
    execution.setVariable("publicHearing", false);
    execution.setVariable("commentPeriodDays", settings.minimumCommentDays());
    execution.setVariable("expertReviewDays", 10);
    execution.setVariable("proposalNote", reasons.isEmpty() ? "无可选程序适用情形。" : String.join("；", reasons) + "。");
  }
}
