package cn.township.workflow.support;

import cn.township.workflow.system.CaseVariables;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * Walks a running case to its end as its staff would: every open task (of the case and of the processes it called)
 * is completed with what its form asks for, on the path that ends the case soonest; where no task is open, the
 * earliest job (a timer, an asynchronous step) is run. Used on cases a previous release left in the database
 * (UpgradeTest), so it knows every step of every version of our models that has cases waiting in it.
 */
public final class CaseWalker {

  /** What each step's form submits (a step not listed here fails the walk, naming it). */
  private static final Map<String, Function<Task, Map<String, Object>>> STEPS = new HashMap<>();

  static {
    // window intake and delegated review
    step("Task_CheckCompleteness", t -> Map.of("receivedMaterials", t.list("requiredMaterials"), "acceptable", true));
    step("Task_ReceiveSupplement", t -> Map.of("supplementReceived", true, "supplementReceiptNote", "申请人已补交",
        "supplementedMaterials", t.list("missingMaterials")));
    step("Task_Review", t -> Map.of("reviewResult", "approve", "reviewOpinion", "符合条件",
        "hearingFindings", "依据听证笔录认定符合条件"));
    step("Task_HearInterestedParties", t -> Map.of("partyViews", "未提出意见", "hearingRequested", false));
    step("Task_ApproveExtension", t -> Map.of("extensionApproved", false, "extensionDecisionNote", "不同意延长"));
    step("Task_RecordExcludedPeriodEnd", t -> Map.of("excludedEndedOn", t.today(), "excludedResult", "已完成"));
    step("Task_ScheduleHearing", t -> Map.of("hearingAt", t.today().plusDays(8).atTime(9, 30).toString(),
        "hearingPlace", "镇政府会议室", "hearingHost", "司法所"));
    step("Task_HoldLicensingHearing", t -> Map.of("hearingParticipants", "申请人", "hearingRecord", "听证笔录"));
    step("Task_SuperviseIssueOverdue", t -> Map.of("overdueReason", "出件延误", "supervisionOpinion", "限期出件"));
    step("Task_ReviewObjections", t -> Map.of("objectionsReceived", "无", "objectionsFounded", false));
    step("Task_LeaderSignOff", t -> Map.of("leaderDecision", "agree", "leaderOpinion", "同意"));
    step("Task_IssueAtWindow", t -> Map.of("deliveryMethod", "window", "decisionDelivered", true));
    step("Task_SuperviseOverdue", t -> Map.of("overdueReason", "案件积压", "supervisionOpinion", "限期办结"));
    // rating
    step("Task_RateService", t -> Map.of("ratingLevel", "SATISFIED"));
    step("Task_VerifyBadRating", t -> Map.of("complaintSubstantiated", false, "verificationFinding", "已解释"));
    step("Task_Rectify", t -> Map.of("rectificationMeasures", "已整改"));
    step("Task_ReturnVisit", t -> Map.of("returnVisitRecord", "已回访", "applicantAcceptsFeedback", true));
    // forwarding
    step("Task_PreExamine", t -> Map.of("preExamResult", "pass", "preliminaryOpinion", "agree", "preExamOpinion", "材料齐全"));
    step("Task_DepartmentReview", t -> Map.of("departmentDecision", "approve", "departmentOpinion", "同意",
        "departmentLegalBasis", ""));
    step("Task_SuperviseLevelOverdue", t -> Map.of("overdueReason", "部门未按期办理", "supervisionOpinion", "已督办"));
    // enforcement: cases of earlier versions propose and decide no penalty (their proposals may be ones the legal
    // basis does not give, which today's checks refuse); every step of today's version is known too
    step("Task_ApproveFiling", t -> Map.of("filingDecision", "file", "filingReason", "符合立案条件",
        "caseOfficers", t.options("availableOfficers").stream().limit(2).toList()));
    step("Task_DeclareNoConflict", t -> Map.of("declaration", "noConflict"));
    step("Task_ReplaceOfficers", t -> Map.of("replacementReason", "另行指定", "caseOfficers",
        t.options("availableOfficers").stream().filter(o -> !t.list("recusedOfficers").contains(o)).limit(2).toList()));
    step("Task_DecideRecusal", t -> Map.of("recusalGranted", false, "recusalDecisionReason", "不属于回避情形"));
    step("Task_Investigate", t -> Map.of("investigators", t.text("investigators").isEmpty() ? "郭勇、钱明" : t.text("investigators"),
        "evidence", "现场检查笔录", "findings", "当事人实施了违法行为", "jointDepartments", List.of(), "penaltyKind", "none",
        "fineAmount", 0, "complexCase", false, "majorPublicInterest", false, "proposeSummary", false,
        "proposedPenalty", "拟不予处罚"));
    step("Task_DepartmentFindings", t -> Map.of("departmentFindings", "情况属实"));
    step("Task_RecordPartyResponse", t -> Map.of("partyStatement", "无异议", "hearingRequested", false));
    step("Task_HoldHearing", t -> Map.of("hearingHost", "法制员", "hearingRecord", "听证笔录"));
    step("Task_LegalReview", t -> Map.of("legalReviewOpinion", "pass", "legalReviewNote", "事实清楚"));
    step("Task_CollectiveDiscussion", t -> Map.of("attendees", "班子成员", "discussion", "同意"));
    step("Task_Decide", t -> Map.of("decisionKind", "noPenalty", "noPenaltyGround", "other", "fineAmount", 0,
        "decisionReasons", "依法不予处罚", "decisionLegalBasis", ""));
    step("Task_SummaryDecision", t -> Map.of("penaltyKind", t.text("penaltyKind"), "decisionReasons", "当场处罚",
        "fineAmount", t.number("fineAmount"), "partyInformed", true));
    step("Task_ServeDecision", t -> Map.of("serviceMethod", "direct", "servedOn", today(), "decisionServed", true));
    step("Task_AwaitPayment", t -> Map.of("finePaid", true, "paymentOutcome", "paid", "paidOn", today(),
        "paymentReference", "缴款书 0001"));
    step("Task_AwaitLatePayment", t -> Map.of("paymentOutcome", "paid", "paidOn", today(), "paymentReference", "缴款书 0002"));
    step("Task_RecordRemedyResult", t -> Map.of("remedyResult", "upheld", "remedyResultOn", today(), "remedyResultNote", "维持"));
    step("Task_HandInFine", t -> Map.of("handedInOn", today(), "bankDepositOn", today(), "bankReceipt", "银行凭证 0001"));
    step("Task_PublishDecision", t -> Map.of("publicText", t.text("publicText"), "publicationConfirmed", true));
    step("Task_CheckCorrection", t -> Map.of("corrected", true, "correctionCheckNote", "已改正"));
    step("Task_ApplyCourtEnforcement", t -> Map.of("court", "县人民法院", "courtApplication", "申请强制执行"));
    step("Task_SuperviseDecisionOverdue", t -> Map.of("overdueReason", "证据复杂", "supervisionOpinion", "限期办结"));
    step("Task_CloseCase", t -> Map.of("closingSummary", "执行完毕", "archived", true));
    // administrative compulsion
    step("Task_ServeDemand", t -> Map.of("demandServiceMethod", "direct", "demandServedOn", today()));
    step("Task_RecordDemandResponse", t -> Map.of("demandOutcome", "complied", "demandStatement", "当事人已履行"));
    step("Task_CheckObligation", t -> Map.of("obligationFulfilled", true, "obligationCheckNote", "已履行"));
    step("Task_AwaitDemolitionPeriod", t -> Map.of("awaitOutcome", "selfDemolished", "awaitNote", "当事人已自行拆除"));
    step("Task_RecordCompulsionRemedyResult", t -> Map.of("remedyResult", "revoked", "remedyResultOn", today(),
        "remedyResultNote", "撤销"));
    step("Task_ApplyCourtCompulsion", t -> Map.of("court", "县人民法院", "courtApplication", "申请强制执行"));
    // major decisions
    step("Task_ConfirmMajor", t -> Map.of("isMajor", true, "majorReason", "涉及群众切身利益"));
    step("Task_PlanProcedure", t -> Map.of("publicParticipation", false, "notDisclosedReason", "依法不予公开",
        "publicHearing", false, "expertReview", t.flag("requiredExpertReview"), "experts", List.of("expert-wang"),
        "expertReviewDays", 10, "riskAssessment", t.flag("requiredRiskAssessment"), "planningReasons", "按程序建议表"));
    step("Task_AnnounceHearing", t -> Map.of("decisionHearingAt", t.today().plusDays(11).atTime(9, 30).toString(),
        "decisionHearingPlace", "镇政府会议室", "hearingParticipation", "电话报名"));
    step("Task_ReportToPartyCommittee", t -> Map.of("partyCommitteeReportedOn", t.today().toString(),
        "partyCommitteeReply", "同意"));
    step("Task_HoldPublicHearing", t -> Map.of("hearingParticipants", "居民代表", "hearingRecord", "听证记录"));
    step("Task_SummarizeComments", t -> Map.of("offlineComments", "", "adoptionSummary", "意见已采纳"));
    step("Task_ExpertOpinion", t -> Map.of("expertOpinion", "可行"));
    step("Task_SummarizeExpertOpinions", t -> Map.of("expertSummary", "专家认为可行"));
    step("Task_AssessRisk", t -> Map.of("riskLevel", "low", "riskReport", "风险可控"));
    step("Task_ReviseDraft", t -> Map.of("revisionAction", "revise", "draft", "修改后的草案", "revisionNote", "已修改"));
    step("Task_LegalityReview", t -> Map.of("legalityOpinion", "lawful", "legalityReasoning", "符合法律法规"));
    step("Task_CollectiveDecision", t -> Map.of("draft", t.text("draft"), "attendees", "班子成员",
        "discussion", "一致同意", "meetingDecision", "adopt", "principalDecision", "同意实施"));
    step("Task_AcknowledgeNpcReport", t -> Map.of("npcAcknowledged", true, "npcOpinion", "无意见"));
    step("Task_EvaluateDecision", t -> Map.of("evaluationReport", "实施效果良好"));
  }

  /** A task and the variables its case holds, for steps whose form repeats or uses them. */
  public record Task(org.camunda.bpm.engine.task.Task task, TaskService tasks) {
    List<String> list(String name) {
      return CaseVariables.asList(name, tasks.getVariable(task.getId(), name));
    }

    Object number(String name) {
      Object value = tasks.getVariable(task.getId(), name);
      return value == null ? 0 : value;
    }

    String text(String name) {
      Object value = tasks.getVariable(task.getId(), name);
      return value == null ? "" : value.toString();
    }

    /** The values of a select's or checklist's choices the case offers (none on cases of earlier versions). */
    List<String> options(String name) {
      return new ArrayList<>(CaseVariables.asOptions(tasks.getVariable(task.getId(), name)).keySet());
    }

    boolean flag(String name) {
      return Boolean.TRUE.equals(tasks.getVariable(task.getId(), name));
    }

    /** Today at the office, by the engine's clock. */
    java.time.LocalDate today() {
      return ClockUtil.getCurrentTime().toInstant().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate();
    }
  }

  /** Today at the office, as a date field submits it. */
  static String today() {
    return ClockUtil.getCurrentTime().toInstant().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
  }

  /** Steps the walk leaves to their timer: a 双向考核评议 needs its rater's login, and unrated it ends all the same. */
  private static final java.util.Set<String> LEFT_TO_TIMER = java.util.Set.of("Task_RateCountyHandling");

  private static void step(String key, Function<Task, Map<String, Object>> form) {
    STEPS.put(key, form);
  }

  private final RuntimeService runtime;
  private final TaskService tasks;
  private final ManagementService management;

  public CaseWalker(ProcessEngine engine) {
    this.runtime = engine.getRuntimeService();
    this.tasks = engine.getTaskService();
    this.management = engine.getManagementService();
  }

  /** What the walk did, step by step (task keys and jobs run), for the failure message. */
  public List<String> walkToEnd(String rootProcessInstanceId) {
    List<String> walked = new ArrayList<>();
    for (int move = 0; move < 100; move++) {
      if (runtime.createProcessInstanceQuery().processInstanceId(rootProcessInstanceId).count() == 0) {
        return walked;
      }
      List<String> instances = caseInstances(rootProcessInstanceId);
      List<org.camunda.bpm.engine.task.Task> open = tasks.createTaskQuery()
          .processInstanceIdIn(instances.toArray(String[]::new)).orderByTaskCreateTime().asc().list().stream()
          .filter(t -> !LEFT_TO_TIMER.contains(t.getTaskDefinitionKey())).toList();
      if (!open.isEmpty()) {
        org.camunda.bpm.engine.task.Task next = open.get(0);
        Function<Task, Map<String, Object>> form = STEPS.get(next.getTaskDefinitionKey());
        if (form == null) {
          throw new AssertionError("No form known for step " + next.getTaskDefinitionKey() + " after " + walked);
        }
        tasks.complete(next.getId(), form.apply(new Task(next, tasks)));
        walked.add(next.getTaskDefinitionKey());
        continue;
      }
      Job job = instances.stream().flatMap(id -> management.createJobQuery().processInstanceId(id).list().stream())
          .min(Comparator.comparing(Job::getDuedate, Comparator.nullsFirst(Comparator.naturalOrder())))
          .orElseThrow(() -> new AssertionError("Case " + rootProcessInstanceId + " waits for neither a task nor a job"
              + " after " + walked + " (in " + activities(instances) + ")"));
      management.executeJob(job.getId());
      walked.add("job:" + job.getId());
    }
    throw new AssertionError("Case " + rootProcessInstanceId + " did not end after 100 moves: " + walked);
  }

  /** The case and every process it called, at any depth. */
  private List<String> caseInstances(String root) {
    List<String> all = new ArrayList<>(List.of(root));
    for (int i = 0; i < all.size(); i++) {
      for (ProcessInstance called : runtime.createProcessInstanceQuery().superProcessInstanceId(all.get(i)).list()) {
        all.add(called.getId());
      }
    }
    return all;
  }

  private List<String> activities(List<String> instances) {
    return instances.stream().flatMap(id -> runtime.getActiveActivityIds(id).stream()).toList();
  }
}
