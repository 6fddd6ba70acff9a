package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.Departments;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.system.Townships;
import cn.township.workflow.window.ReceiptNumbers;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * 案源登记: checks the report, numbers the case, and settles jurisdiction from the analysts' table
 * (enforcement-jurisdiction.dmn): the township's own transferred power, a county department's entrusted
 * power (acting in that department's name), or county-only (transferred). Filing is due in 15 working days.
 */
@Component("registerCase")
public class RegisterCase implements JavaDelegate {

  static final int FILING_WORKING_DAYS = 15;

  private final DecisionService decisions;
  private final Townships townships;
  private final Departments departments;
  private final ReceiptNumbers numbers;
  private final Deadlines deadlines;

  public RegisterCase(DecisionService decisions, Townships townships, Departments departments, ReceiptNumbers numbers,
                      Deadlines deadlines) {
    this.decisions = decisions;
    this.townships = townships;
    this.departments = departments;
    this.numbers = numbers;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (execution.getTenantId() == null) {
      throw new RejectedInputException("townshipId", "无法确定办案乡镇：请以乡镇执法账号登记，或指定 townshipId。");
    }
    Townships.Township township = townships.get(execution.getTenantId());
    CaseVariables.text(execution, "partyName", "当事人姓名或名称");
    CaseVariables.text(execution, "facts", "线索内容");
    String partyType = CaseVariables.text(execution, "partyType", "当事人类型");
    if (!partyType.equals("citizen") && !partyType.equals("organization")) {
      throw new RejectedInputException("partyType", "当事人类型应为公民（citizen）或法人或者其他组织（organization）。");
    }
    String violationType = CaseVariables.text(execution, "violationType", "违法行为类型");
    DmnDecisionResult found = decisions.evaluateDecisionByKey("enforcement-jurisdiction")
        .variables(Variables.createVariables().putValue("violationType", violationType)).evaluate();
    if (found.isEmpty()) {
      throw new RejectedInputException("violationType", "执法事项管辖表中没有“" + violationType + "”，请核对违法行为类型。");
    }
    Map<String, Object> row = found.getSingleResult().getEntryMap();
    String jurisdiction = (String) row.get("jurisdiction");
    String entrusting = (String) row.get("entrustingDepartment");
    String team = township.name() + "综合行政执法队";
    execution.setVariable("violationName", row.get("violationName"));
    execution.setVariable("jurisdiction", jurisdiction);
    execution.setVariable("entrustingDepartment", entrusting);
    execution.setVariable("penaltyBasis", row.get("penaltyBasis"));
    execution.setVariable("fineAccountLevel", row.get("fineAccountLevel") + "财政（财政管理级次不变）");
    execution.setVariable("actingAuthority", switch (jurisdiction) {
      case "entrusted" -> entrusting + "（委托" + team + "实施）";
      case "county" -> team;
      default -> township.name() + "人民政府";
    });
    execution.setVariable("partyTypeLabel", partyType.equals("citizen") ? "公民" : "法人或者其他组织");
    execution.setVariable("townshipName", township.name());
    execution.setVariable("caseNo", numbers.assign(execution, township));
    execution.setVariable("discoveredAt", Date.from(deadlines.now()));
    Date filingDue = deadlines.workingDaysFromNow(FILING_WORKING_DAYS);
    execution.setVariable("filingDue", filingDue);
    execution.setVariable("filingDueDate", deadlines.formatDate(filingDue));
    LinkedHashMap<String, String> county = new LinkedHashMap<>();
    departments.departments().stream().filter(d -> "county".equals(d.level())).forEach(d -> county.put(d.id(), d.name()));
    CaseVariables.setOptions(execution, "availableJointDepartments", county);
  }
}
