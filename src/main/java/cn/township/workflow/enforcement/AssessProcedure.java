package cn.township.workflow.enforcement;

import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * What the Administrative Penalty Law requires for this proposed penalty, from the analysts' table
 * (penalty-procedure.dmn): summary procedure allowed, hearing right, legal review, collective discussion.
 */
@Component("assessProcedure")
public class AssessProcedure implements JavaDelegate {

  private final PenaltyProcedure procedure;
  private final EnforcementFigures figures;

  public AssessProcedure(PenaltyProcedure procedure, EnforcementFigures figures) {
    this.procedure = procedure;
    this.figures = figures;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object kind = execution.getVariable("penaltyKind");
    PenaltyProcedure.Requirements found = procedure.evaluate((String) execution.getVariable("partyType"),
        PenaltyKind.of(kind == null ? PenaltyKind.NONE.code : kind.toString(), "penaltyKind"),
        CaseVariables.amount(execution, "fineAmount", "拟罚款数额"),
        CaseVariables.amount(execution, "confiscatedValue", "拟没收的违法所得或非法财物价值"),
        Boolean.TRUE.equals(execution.getVariable("complexCase")),
        Boolean.TRUE.equals(execution.getVariable("majorPublicInterest")));
    for (String requirement : List.of("summaryAllowed", "hearingRight", "legalReviewRequired",
        "collectiveDiscussionRequired")) {
      execution.setVariable(requirement, found.has(requirement));
    }
    execution.setVariable("hearingRightLabel", found.has("hearingRight")
        ? "有（告知后" + figures.get(Key.RESPONSE_PERIOD).text() + "内提出）" : "无");
    // what the summary-decision form prints
    execution.setVariable("summaryFineCitizenText", figures.get(Key.SUMMARY_FINE_CITIZEN).text());
    execution.setVariable("summaryFineOrganizationText", figures.get(Key.SUMMARY_FINE_ORGANIZATION).text());
    execution.setVariable("onTheSpotCollectionText", figures.get(Key.ON_THE_SPOT_COLLECTION_MAXIMUM).text());
    execution.setVariable("procedureNote", found.reasons().isEmpty() ? "一般程序" : String.join("；", found.reasons()));
  }
}
