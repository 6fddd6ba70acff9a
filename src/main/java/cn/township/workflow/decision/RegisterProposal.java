package cn.township.workflow.decision;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.system.Townships;
import cn.township.workflow.casefile.ReceiptNumbers;
import java.util.LinkedHashMap;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 决策启动: checks the proposal, numbers the decision case (its business key) and offers the expert pool. */
@Component("registerProposal")
public class RegisterProposal implements JavaDelegate {

  private final Townships townships;
  private final ReceiptNumbers numbers;
  private final DecisionSettings settings;

  public RegisterProposal(Townships townships, ReceiptNumbers numbers, DecisionSettings settings) {
    this.townships = townships;
    this.numbers = numbers;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (execution.getTenantId() == null) {
      throw new RejectedInputException("townshipId", "无法确定决策乡镇：请以乡镇承办单位账号提出，或指定 townshipId。");
    }
    Townships.Township township = townships.get(execution.getTenantId());
    CaseVariables.text(execution, "subject", "决策事项");
    CaseVariables.text(execution, "draft", "决策草案");
    CaseVariables.normalizeFlags(execution, "affectsPublicInterest", "technicallyComplex", "mayAffectStability");
    execution.setVariable("decisionNo", numbers.assign(execution, township));
    execution.setVariable("townshipId", township.id());
    execution.setVariable("townshipName", township.name());
    LinkedHashMap<String, String> pool = new LinkedHashMap<>();
    settings.experts().forEach(e -> pool.put(e.id(), e.name()));
    CaseVariables.setOptions(execution, "availableExperts", pool);
  }
}
