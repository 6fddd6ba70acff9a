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
  private static final Set<String> PENALTY_KINDS = Set.of("warning", "fine", "confiscation", "suspension", "revocation",
      "none");
  private static final Set<String> DECISION_KINDS = Set.of("penalty", "noPenalty");
  private static final Set<String> LEGAL_REVIEW_OPINIONS = Set.of("pass", "reinvestigate");
  /** 行政处罚法第四十二条: investigations by at least two officers. */
  static final int MINIMUM_INVESTIGATORS = 2;
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
      case "Task_ApproveFiling" -> {
        task.setVariable("fileCase", CaseVariables.flag(task, "fileCase", "是否立案"));
        CaseVariables.text(task, "filingReason", "审批意见");
      }
      case "Task_Investigate" -> checkInvestigation(task);
      case "Task_SummaryDecision" -> {
        if (!CaseVariables.flag(task, "partyInformed", "已告知当事人陈述申辩权")) {
          throw new RejectedInputException("partyInformed", "当场处罚须出示执法证件并告知当事人陈述申辩权。");
        }
        CaseVariables.text(task, "decisionReasons", "当场处罚决定");
        task.setVariable("decisionKind", "penalty");
      }
      case "Task_RecordPartyResponse" -> task.setVariable("hearingRequested",
          CaseVariables.flag(task, "hearingRequested", "当事人是否要求听证"));
      case "Task_LegalReview" -> {
        oneOf(task, "legalReviewOpinion", "法制审核意见", LEGAL_REVIEW_OPINIONS, "通过（pass）或退回补充调查（reinvestigate）");
        CaseVariables.text(task, "legalReviewNote", "审核意见");
      }
      case "Task_CollectiveDiscussion" -> {
        CaseVariables.text(task, "attendees", "参加讨论的负责人");
        CaseVariables.text(task, "discussion", "集体讨论意见");
      }
      case "Task_Decide" -> {
        oneOf(task, "decisionKind", "决定", DECISION_KINDS, "给予处罚（penalty）或不予处罚（noPenalty）");
        CaseVariables.text(task, "decisionReasons", "决定内容和理由");
      }
      default -> { }
    }
  }

  /** 调查取证: at least two officers, the facts, the evidence and the proposed penalty; joint departments if any. */
  private static void checkInvestigation(DelegateTask task) {
    String investigators = CaseVariables.text(task, "investigators", "执法人员");
    long count = java.util.Arrays.stream(investigators.split("[、,，;；\\s]+")).filter(s -> !s.isBlank()).count();
    if (count < MINIMUM_INVESTIGATORS) {
      throw new RejectedInputException("investigators", "调查取证的执法人员不得少于两人（《行政处罚法》第四十二条）。");
    }
    CaseVariables.text(task, "evidence", "证据材料");
    CaseVariables.text(task, "findings", "违法事实");
    CaseVariables.text(task, "proposedPenalty", "拟处罚意见");
    oneOf(task, "penaltyKind", "拟处罚种类", PENALTY_KINDS, "警告、罚款、没收、责令停产停业、吊销许可证件或不予处罚之一");
    for (String flag : new String[] {"complexCase", "majorPublicInterest", "proposeSummary"}) {
      task.setVariable(flag, Boolean.TRUE.equals(task.getVariable(flag))
          || "true".equals(String.valueOf(task.getVariable(flag))));
    }
    java.util.List<String> joint = CaseVariables.list(task, "jointDepartments");
    task.setVariable("jointDepartments", new java.util.ArrayList<>(joint)); // a collection the multi-instance reads
    task.setVariable("jointInvestigation", !joint.isEmpty());
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
