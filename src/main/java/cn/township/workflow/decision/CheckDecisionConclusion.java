package cn.township.workflow.decision;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.StatutoryPeriods;
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
  /** The statutory periods (statutory-periods.dmn): the comment period's minimum, the legality review's time. */
  static final String COMMENT_PERIOD = "decision-comment-minimum";
  static final String LEGALITY_REVIEW = "decision-legality-review";
  static final String HEARING_NOTICE = "decision-hearing-notice";

  private final Deadlines deadlines;

  public CheckDecisionConclusion(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
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
        // 条例第二十五条、第三十条: what the meeting adopts must be the text the legality review saw
        Object reviewed = task.getVariable("reviewedDraft");
        task.setVariable("textChangedAfterReview", reviewed != null
            && !reviewed.toString().strip().equals(CaseVariables.text(task, "draft", "决策草案")));
      }
      case "Task_AnnounceHearing" -> {
        var notice = deadlines.period(HEARING_NOTICE);
        java.time.Instant at = CaseVariables.instant(task, "decisionHearingAt", "听证会时间", deadlines.zone());
        java.time.LocalDate earliest = deadlines.today().plusDays(notice.days());
        if (at.atZone(deadlines.zone()).toLocalDate().isBefore(earliest)) {
          throw new RejectedInputException("decisionHearingAt", "听证会应提前公告（" + notice.legalBasis() + "）：至少提前"
              + notice.text() + "，最早" + earliest + "。");
        }
        task.setVariable("decisionHearingAt", java.util.Date.from(at));
        CaseVariables.text(task, "decisionHearingPlace", "听证会地点");
        CaseVariables.text(task, "hearingParticipation", "参加方式");
      }
      case "Task_ReportToPartyCommittee" -> {
        CaseVariables.text(task, "partyCommitteeReportedOn", "请示报告日期");
        CaseVariables.text(task, "partyCommitteeReply", "镇党委意见");
      }
      case "Task_AcknowledgeNpcReport" -> {
        if (!CaseVariables.flag(task, "npcAcknowledged", "人大主席团已确认")) {
          throw new RejectedInputException("npcAcknowledged", "须经乡镇人大主席团确认收到报告后方可办结。");
        }
      }
      default -> throw new IllegalStateException("CheckDecisionConclusion has no check for task " + task.getTaskDefinitionKey());
    }
  }

  /**
   * 确定决策程序 (条例第十二条、第十四条、第十五条、第十九条、第二十二条、第二十七条): the chosen steps with reasons; public
   * participation unless the matter may lawfully not be disclosed; the planning table's required steps kept; a comment
   * period or a legality review shorter than the statutory-period table only with the urgency written down.
   */
  private void checkPlan(DelegateTask task) {
    CaseVariables.normalizeFlags(task, "publicParticipation", "expertReview", "riskAssessment", "publicHearing",
        "reportToPartyCommittee");
    CaseVariables.text(task, "planningReasons", "确定程序的理由");
    boolean participation = Boolean.TRUE.equals(task.getVariable("publicParticipation"));
    if (!participation) {
      CaseVariables.text(task, "notDisclosedReason", "依法不予公开的理由（条例第十四条：公众参与必经，依法不予公开的除外）");
    }
    if (participation) {
      Object days = task.getVariable("commentPeriodDays");
      if (!(days instanceof Number number) || number.intValue() < 1) {
        throw new RejectedInputException("commentPeriodDays", "请填写征求意见期（日）。");
      }
      StatutoryPeriods.Period minimum = deadlines.period(COMMENT_PERIOD);
      if (number.intValue() < minimum.days()) {
        CaseVariables.text(task, "shortenedPeriodReason", "征求意见期少于" + minimum.text() + "的紧急理由（" + minimum.legalBasis() + "）");
      }
    } else if (Boolean.TRUE.equals(task.getVariable("publicHearing"))) {
      throw new RejectedInputException("publicHearing", "听证会是公众参与的方式：召开听证会须同时公开征求意见。");
    }
    for (String[] step : new String[][] {{"expertReview", "requiredExpertReview", "专家论证（条例第十九条）"},
        {"riskAssessment", "requiredRiskAssessment", "风险评估（条例第二十二条）"}}) {
      if (Boolean.TRUE.equals(task.getVariable(step[1])) && !Boolean.TRUE.equals(task.getVariable(step[0]))) {
        throw new RejectedInputException(step[0], "决策程序建议表要求" + step[2] + "：可以增加程序，不能取消必经的程序。");
      }
    }
    StatutoryPeriods.Period review = deadlines.period(LEGALITY_REVIEW);
    Object reviewDays = task.getVariable("legalityReviewDays");
    int given = reviewDays instanceof Number n ? n.intValue() : review.days();
    if (given < 1) {
      throw new RejectedInputException("legalityReviewDays", "请填写合法性审查时间（工作日）。");
    }
    if (given < review.days()) {
      CaseVariables.text(task, "legalityUrgencyReason", "合法性审查时间少于" + review.text() + "的紧急理由（" + review.legalBasis() + "）");
    }
    task.setVariable("legalityReviewDays", given);
    if (Boolean.TRUE.equals(task.getVariable("reportToPartyCommittee"))) {
      CaseVariables.text(task, "partyCommitteeReason", "须向镇党委请示报告的理由");
    }
    if (Boolean.TRUE.equals(task.getVariable("expertReview")) && CaseVariables.list(task, "experts").isEmpty()) {
      throw new RejectedInputException("experts", "选择专家论证的，请至少选择一名论证专家。");
    }
  }

}
