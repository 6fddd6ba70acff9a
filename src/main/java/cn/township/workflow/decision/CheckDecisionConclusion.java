package cn.township.workflow.decision;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The major-decision procedure's conclusions. Refuses to complete a task whose conclusion is missing or unknown, with a message the user understands,
 * before the process moves on (Tasklist forms check the same; REST callers may not).
 */
@Component("checkDecisionConclusion")
public class CheckDecisionConclusion implements TaskListener {

  private static final Set<String> RISK_LEVELS = Set.of("low", "medium", "high");
  private static final Set<String> LEGALITY_OPINIONS = Set.of("lawful", "lawfulWithChanges", "unlawful");
  private static final Set<String> REVISION_ACTIONS = Set.of("revise", "abandon");
  private static final Set<String> MEETING_DECISIONS = Set.of("adopt", "adoptWithChanges", "defer", "reject");
  /** 条例第十四条: public comment for at least 30 days unless a reason is recorded. */
  static final int MINIMUM_COMMENT_DAYS = 30;

  @Override
  public void notify(DelegateTask task) {
    switch (task.getTaskDefinitionKey()) {
      case "Task_ConfirmMajor" -> {
        task.setVariable("isMajor", CaseVariables.flag(task, "isMajor", "是否属于重大行政决策"));
        CaseVariables.text(task, "majorReason", "理由");
      }
      case "Task_PlanProcedure" -> checkPlan(task);
      case "Task_AssessRisk" -> {
        oneOf(task, "riskLevel", "风险等级", RISK_LEVELS, "低（low）、中（medium）或高（high）");
        CaseVariables.text(task, "riskReport", "风险评估报告要点");
      }
      case "Task_LegalityReview" -> {
        oneOf(task, "legalityOpinion", "合法性审查意见", LEGALITY_OPINIONS,
            "合法（lawful）、修改后合法（lawfulWithChanges）或不合法（unlawful）");
        CaseVariables.text(task, "legalityReasoning", "审查意见和依据");
      }
      case "Task_ReviseDraft" -> oneOf(task, "revisionAction", "处理", REVISION_ACTIONS, "修改（revise）或终止（abandon）");
      case "Task_CollectiveDecision" -> {
        oneOf(task, "meetingDecision", "会议决定", MEETING_DECISIONS,
            "通过（adopt）、修改后通过（adoptWithChanges）、暂缓（defer）或不予通过（reject）");
        CaseVariables.text(task, "attendees", "出席人员");
        CaseVariables.text(task, "discussion", "讨论情况");
        CaseVariables.text(task, "principalDecision", "行政首长决定意见");
      }
      case "Task_AcknowledgeNpcReport" -> {
        if (!CaseVariables.flag(task, "npcAcknowledged", "人大主席团已确认")) {
          throw new RejectedInputException("npcAcknowledged", "须经乡镇人大主席团确认收到报告后方可办结。");
        }
      }
      default -> throw new IllegalStateException("CheckDecisionConclusion has no check for task " + task.getTaskDefinitionKey());
    }
  }

  /** 确定决策程序: the chosen steps, with reasons; a comment period under 30 days needs its own reason. */
  private static void checkPlan(DelegateTask task) {
    CaseVariables.normalizeFlags(task, "publicParticipation", "expertReview", "riskAssessment", "publicHearing");
    CaseVariables.text(task, "planningReasons", "确定程序的理由");
    if (Boolean.TRUE.equals(task.getVariable("publicParticipation"))) {
      Object days = task.getVariable("commentPeriodDays");
      if (!(days instanceof Number number) || number.intValue() < 1) {
        throw new RejectedInputException("commentPeriodDays", "请填写征求意见期（日）。");
      }
      if (number.intValue() < MINIMUM_COMMENT_DAYS) {
        CaseVariables.text(task, "shortenedPeriodReason", "征求意见期少于30日的理由");
      }
    }
    if (Boolean.TRUE.equals(task.getVariable("expertReview")) && CaseVariables.list(task, "experts").isEmpty()) {
      throw new RejectedInputException("experts", "选择专家论证的，请至少选择一名论证专家。");
    }
  }
}
