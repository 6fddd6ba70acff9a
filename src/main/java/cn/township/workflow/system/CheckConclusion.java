package cn.township.workflow.system;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Refuses to complete a task whose conclusion is missing or unknown, with a message the clerk
 * understands, before the process moves on (Tasklist forms check the same; REST callers may not).
 */
@Component("checkConclusion")
public class CheckConclusion implements TaskListener {

  private static final Set<String> REVIEW_RESULTS = Set.of("approve", "disapprove", "supplement");
  private static final Set<String> LEADER_DECISIONS = Set.of("agree", "return");
  private static final Set<String> PRE_EXAM_RESULTS = Set.of("pass", "correction", "reject");
  private static final Set<String> DEPARTMENT_DECISIONS = Set.of("approve", "refuse", "supplement");
  private static final Set<String> RISK_LEVELS = Set.of("low", "medium", "high");
  private static final Set<String> LEGALITY_OPINIONS = Set.of("lawful", "lawfulWithChanges", "unlawful");
  private static final Set<String> REVISION_ACTIONS = Set.of("revise", "abandon");
  private static final Set<String> MEETING_DECISIONS = Set.of("adopt", "adoptWithChanges", "defer", "reject");
  /** 条例第十四条: public comment for at least 30 days unless a reason is recorded. */
  static final int MINIMUM_COMMENT_DAYS = 30;

  @Override
  public void notify(DelegateTask task) {
    switch (task.getTaskDefinitionKey()) {
      case "Task_CheckCompleteness" -> {
        boolean acceptable = CaseVariables.flag(task, "acceptable", "是否属于受理范围");
        task.setVariable("acceptable", acceptable); // a form's radio submits "true"/"false" text
        if (!acceptable) {
          CaseVariables.text(task, "refusalReason", "不予受理理由");
        }
      }
      case "Task_Review" -> {
        String result = oneOf(task, "reviewResult", "审查结论", REVIEW_RESULTS,
            "准予（approve）、不予（disapprove）或需补正（supplement）");
        CaseVariables.text(task, "reviewOpinion", "审查意见");
        if ("disapprove".equals(result)) {
          CaseVariables.text(task, "decisionLegalBasis", "不予准予的法律依据");
        }
      }
      case "Task_LeaderSignOff" -> {
        oneOf(task, "leaderDecision", "签批意见", LEADER_DECISIONS, "同意（agree）或退回重审（return）");
      }
      case "Task_PreExamine" -> {
        String result = oneOf(task, "preExamResult", "预审意见", PRE_EXAM_RESULTS,
            "通过（pass）、退回补正（correction）或不予转报（reject）");
        CaseVariables.text(task, "preExamOpinion", "预审说明");
        task.setVariable("handlingOutcome", switch (result) {
          case "correction" -> "supplement";
          case "reject" -> "notForwarded";
          default -> "forwarded";
        });
      }
      case "Task_DepartmentReview" -> {
        String decision = oneOf(task, "departmentDecision", "部门决定", DEPARTMENT_DECISIONS,
            "准予（approve）、不予（refuse）或退回补正（supplement）");
        CaseVariables.text(task, "departmentOpinion", "审查意见");
        if ("refuse".equals(decision)) {
          CaseVariables.text(task, "departmentLegalBasis", "不予准予的法律依据");
        }
      }
      case "Task_VerifyBadRating" -> task.setVariable("complaintSubstantiated",
          CaseVariables.flag(task, "complaintSubstantiated", "差评是否属实"));
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
      default -> { }
    }
  }

  /** 确定决策程序: the chosen steps, with reasons; a comment period under 30 days needs its own reason. */
  private static void checkPlan(DelegateTask task) {
    for (String step : new String[] {"publicParticipation", "expertReview", "riskAssessment", "publicHearing"}) {
      task.setVariable(step, Boolean.TRUE.equals(task.getVariable(step))
          || "true".equals(String.valueOf(task.getVariable(step))));
    }
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

  /** The variable's value, which must be one of {@code allowed}. */
  private static String oneOf(DelegateTask task, String name, String label, Set<String> allowed, String expected) {
    String value = CaseVariables.text(task, name, label);
    if (!allowed.contains(value)) {
      throw new RejectedInputException(name, label + "应为" + expected + "。");
    }
    return value;
  }
}
