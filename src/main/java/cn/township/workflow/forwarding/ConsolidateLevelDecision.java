package cn.township.workflow.forwarding;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.window.NoticeBook;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The level's decision from its departments': any refusal refuses; otherwise any request for a
 * supplement sends the case back through the township; otherwise it is approved, and goes on to the
 * city where the catalog requires. Departments deemed to agree stay marked on the case.
 */
@Component("consolidateLevelDecision")
public class ConsolidateLevelDecision implements JavaDelegate {

  private final NoticeBook notices;

  public ConsolidateLevelDecision(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<LevelDecisions.Decision> decisions = LevelDecisions.all(execution);
    List<LevelDecisions.Decision> refusals = decisions.stream().filter(LevelDecisions.Decision::refused).toList();
    List<LevelDecisions.Decision> supplements = decisions.stream().filter(LevelDecisions.Decision::supplement).toList();
    String level = (String) execution.getVariable("reviewLevel");
    String agent = "（" + execution.getVariable("townshipName") + "全程代理）";

    List<String> deemed = new ArrayList<>(CaseVariables.list(execution, "deemedAgreedDepartments"));
    decisions.stream().filter(LevelDecisions.Decision::deemed).map(LevelDecisions.Decision::departmentName)
        .forEach(deemed::add);
    CaseVariables.setList(execution, "deemedAgreedDepartments", deemed);

    String result;
    if (!refusals.isEmpty()) {
      result = "不予准予，决定书将在乡镇窗口统一出件";
      execution.setVariable("levelDecision", "refuse");
      execution.setVariable("handlingOutcome", "decided");
      execution.setVariable("reviewResult", "disapprove");
      execution.setVariable("reviewOpinion", opinions(refusals));
      execution.setVariable("decisionLegalBasis", refusals.get(0).legalBasis());
      execution.setVariable("actingAuthority", names(refusals) + agent);
    } else if (!supplements.isEmpty()) {
      result = "需补正材料，乡镇窗口将一次性告知补正内容";
      execution.setVariable("levelDecision", "supplement");
      execution.setVariable("handlingOutcome", "supplement");
      CaseVariables.setList(execution, "missingMaterials", List.of());
      execution.setVariable("supplementNote", ForwardToLevel.levelName(level) + "退回补正：" + opinions(supplements));
    } else {
      execution.setVariable("levelDecision", "approve");
      boolean cityNext = "county".equals(level) && Boolean.TRUE.equals(execution.getVariable("cityApprovalRequired"));
      result = cityNext ? "同意，已报市级审批" : "准予，决定书将在乡镇窗口统一出件";
      execution.setVariable("handlingOutcome", cityNext ? "forwardToCity" : "decided");
      execution.setVariable("reviewResult", "approve");
      execution.setVariable("reviewOpinion", opinions(decisions));
      execution.setVariable("decisionLegalBasis", null);
      execution.setVariable("actingAuthority", names(decisions) + agent);
    }
    notices.toApplicant(execution, NoticeBook.Kind.LEVEL_DECISION,
        "%s审查结果：%s。".formatted(ForwardToLevel.levelName(level), result));
  }

  private static String opinions(List<LevelDecisions.Decision> decisions) {
    return decisions.stream().map(d -> d.departmentName() + "：" + d.opinion()).collect(Collectors.joining("；"));
  }

  private static String names(List<LevelDecisions.Decision> decisions) {
    return decisions.stream().map(LevelDecisions.Decision::departmentName).distinct().collect(Collectors.joining("、"));
  }
}
