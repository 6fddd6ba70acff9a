package cn.township.workflow.decision;

import cn.township.workflow.system.CaseVariables;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The expert deadline passed: who did not answer is recorded, and the review goes on without them. */
@Component("noteMissingExpertOpinions")
public class NoteMissingExpertOpinions implements JavaDelegate {

  private final DecisionSettings settings;

  public NoteMissingExpertOpinions(DecisionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<String> missing = InviteExperts.OPINIONS.missing(execution, "experts").stream()
        .map(settings::expertName).toList();
    CaseVariables.setList(execution, "missingExperts", missing);
    execution.setVariable("missingExpertsText", missing.isEmpty() ? "无" : String.join("、", missing));
  }
}
