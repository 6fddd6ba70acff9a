package cn.township.workflow.forwarding;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The level's outcome. While the co-reviewers give opinions: a request for materials not on file sends the case back
 * through the township, otherwise the lead decides next ({@code levelNext = lead}). Once the lead has decided, its
 * decision is the level's, in its name: a refusal refuses, a supplement goes back through the township, an approval
 * goes on to the city where the catalog requires, or is issued. Departments deemed to agree stay marked on the case.
 * Cases forwarded before leads were named (no {@code reviewPhase}) keep the rule they started with: any refusal refuses.
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
    String phase = (String) execution.getVariable("reviewPhase");
    String level = (String) execution.getVariable("reviewLevel");
    markDeemed(execution, decisions);
    execution.setVariable("levelNext", "done");
    List<LevelDecisions.Decision> ruling = "decision".equals(phase)
        ? decisions.stream().filter(d -> "lead".equals(d.role())).toList() : decisions;
    List<LevelDecisions.Decision> supplements = ruling.stream().filter(LevelDecisions.Decision::supplement).toList();
    if ("opinions".equals(phase) && supplements.isEmpty()) {
      execution.setVariable("levelNext", "lead");
      execution.setVariable("coReviewOpinionsText", opinions(decisions));
      return;
    }
    String agent = "（" + execution.getVariable("townshipName") + "全程代理）";
    String lead = (String) execution.getVariable("leadDepartmentName");
    List<LevelDecisions.Decision> refusals = "opinions".equals(phase) ? List.of()
        : ruling.stream().filter(LevelDecisions.Decision::refused).toList();
    String result;
    if (!refusals.isEmpty()) {
      result = "不予准予，决定书将在乡镇窗口统一出件";
      execution.setVariable("levelDecision", "refuse");
      execution.setVariable("handlingOutcome", "decided");
      execution.setVariable("reviewResult", "disapprove");
      execution.setVariable("reviewOpinion", opinions(refusals) + coOpinions(decisions, phase));
      execution.setVariable("decisionLegalBasis", refusals.get(0).legalBasis());
      execution.setVariable("actingAuthority", (lead != null ? lead : names(refusals)) + agent);
    } else if (!supplements.isEmpty()) {
      result = "需补正材料，乡镇窗口将一次性告知补正内容";
      execution.setVariable("levelDecision", "supplement");
      execution.setVariable("handlingOutcome", "supplement");
      Set<String> items = new LinkedHashSet<>();
      supplements.forEach(d -> items.addAll(d.items()));
      CaseVariables.setList(execution, "missingMaterials", new ArrayList<>(items));
      execution.setVariable("supplementNote", ForwardToLevel.levelName(level) + "退回补正：" + opinions(supplements));
    } else {
      execution.setVariable("levelDecision", "approve");
      boolean cityNext = "county".equals(level) && Boolean.TRUE.equals(execution.getVariable("cityApprovalRequired"));
      result = cityNext ? "同意，已报市级审批" : "准予，决定书将在乡镇窗口统一出件";
      execution.setVariable("handlingOutcome", cityNext ? "forwardToCity" : "decided");
      execution.setVariable("reviewResult", "approve");
      execution.setVariable("reviewOpinion", opinions(ruling) + coOpinions(decisions, phase));
      execution.setVariable("decisionLegalBasis", null);
      execution.setVariable("actingAuthority", (lead != null ? lead : names(ruling)) + agent);
    }
    notices.toApplicant(execution, NoticeBook.Kind.LEVEL_DECISION,
        "%s审查结果：%s。".formatted(ForwardToLevel.levelName(level), result));
  }

  private static void markDeemed(DelegateExecution execution, List<LevelDecisions.Decision> decisions) {
    List<String> deemed = new ArrayList<>(CaseVariables.list(execution, "deemedAgreedDepartments"));
    decisions.stream().filter(LevelDecisions.Decision::deemed).map(LevelDecisions.Decision::departmentName)
        .filter(name -> !deemed.contains(name)).forEach(deemed::add);
    CaseVariables.setList(execution, "deemedAgreedDepartments", deemed);
  }

  /** The co-reviewers' opinions, cited with the lead's decision. */
  private static String coOpinions(List<LevelDecisions.Decision> decisions, String phase) {
    List<LevelDecisions.Decision> co = decisions.stream().filter(d -> "co".equals(d.role())).toList();
    return !"decision".equals(phase) || co.isEmpty() ? "" : "（协办部门意见：" + opinions(co) + "）";
  }

  private static String opinions(List<LevelDecisions.Decision> decisions) {
    return decisions.stream().map(d -> d.departmentName() + "：" + d.opinion()).collect(Collectors.joining("；"));
  }

  private static String names(List<LevelDecisions.Decision> decisions) {
    return decisions.stream().map(LevelDecisions.Decision::departmentName).distinct().collect(Collectors.joining("、"));
  }
}
