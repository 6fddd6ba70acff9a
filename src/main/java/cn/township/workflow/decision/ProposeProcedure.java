package cn.township.workflow.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import cn.township.workflow.catalog.Deadlines;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Asks the analysts' table (decision-planning.dmn) which steps the regulation's criteria call for: those become
 * required (the office may add steps, not drop these), and the statutory-period table gives the comment period and
 * the legality review's time to start from.
 */
@Component("proposeProcedure")
public class ProposeProcedure implements JavaDelegate {

  private final DecisionService decisions;
  private final Deadlines deadlines;

  public ProposeProcedure(DecisionService decisions, Deadlines deadlines) {
    this.decisions = decisions;
    this.deadlines = deadlines;
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
    // 条例第十四条: public participation unless the matter may lawfully not be disclosed, whatever the table says
    execution.setVariable("publicParticipation", true);
    execution.setVariable("expertReview", steps.contains("expertReview"));
    execution.setVariable("riskAssessment", steps.contains("riskAssessment"));
    execution.setVariable("requiredExpertReview", steps.contains("expertReview"));
    execution.setVariable("requiredRiskAssessment", steps.contains("riskAssessment"));
    execution.setVariable("publicHearing", false);
    execution.setVariable("reportToPartyCommittee", false);
    execution.setVariable("commentPeriodDays", deadlines.period(CheckDecisionConclusion.COMMENT_PERIOD).days());
    execution.setVariable("legalityReviewDays", deadlines.period(CheckDecisionConclusion.LEGALITY_REVIEW).days());
    execution.setVariable("expertReviewDays", 10);
    execution.setVariable("proposalNote", reasons.isEmpty() ? "无可选程序适用情形。" : String.join("；", reasons) + "。");
  }
}
