package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.Documents;
import cn.township.workflow.casefile.NoticeBook;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The penalty procedure's conclusions. Refuses to complete a task whose conclusion is missing, unknown or unlawful,
 * with a message the user understands, before the process moves on (Tasklist forms check the same; REST callers may
 * not): filing against the limitation period and the party's age, the investigation and the decision against the
 * penalties the legal basis gives, the summary decision against its limits, no heavier penalty than notified.
 */
@Component("checkEnforcementConclusion")
public class CheckEnforcementConclusion implements TaskListener {

  private static final Set<String> FILING_DECISIONS = Set.of("file", "notFile", "transferJudicial");
  private static final Set<String> NOT_FILED_GROUNDS = Set.of("limitation", "underAge", "minorAndCorrected",
      "firstAndMinor", "noFault", "noViolation", "other");
  private static final Set<String> NO_PENALTY_GROUNDS = Set.of("minorAndCorrected", "firstAndMinor", "noFault",
      "underAge", "noViolation", "other");
  private static final Set<String> DECISION_KINDS = Set.of("penalty", "noPenalty", "renotify");
  private static final Set<String> LEGAL_REVIEW_OPINIONS = Set.of("pass", "reinvestigate");

  private final ViolationRules rules;
  private final PenaltyProcedure procedure;
  private final EnforcementFigures figures;
  private final CaseOfficers officers;
  private final EnforcementStaff staff;
  private final Deadlines deadlines;
  private final Documents documents;

  public CheckEnforcementConclusion(ViolationRules rules, PenaltyProcedure procedure, EnforcementFigures figures,
                                    CaseOfficers officers, EnforcementStaff staff, Deadlines deadlines,
                                    Documents documents) {
    this.documents = documents;
    this.rules = rules;
    this.procedure = procedure;
    this.figures = figures;
    this.officers = officers;
    this.staff = staff;
    this.deadlines = deadlines;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    switch (task.getTaskDefinitionKey()) {
      case "Task_ApproveFiling" -> checkFiling(task);
      case "Task_Investigate" -> checkInvestigation(task);
      case "Task_SummaryDecision" -> checkSummaryDecision(task);
      case "Task_RecordPartyResponse" -> task.setVariable("hearingRequested",
          CaseVariables.flag(task, "hearingRequested", "当事人是否要求听证"));
      case "Task_HoldHearing" -> checkHearing(task);
      case "Task_LegalReview" -> {
        oneOf(task, "legalReviewOpinion", "法制审核意见", LEGAL_REVIEW_OPINIONS, "通过（pass）或退回补充调查（reinvestigate）");
        CaseVariables.text(task, "legalReviewNote", "审核意见");
      }
      case "Task_CollectiveDiscussion" -> {
        CaseVariables.text(task, "attendees", "参加讨论的负责人");
        CaseVariables.text(task, "discussion", "集体讨论意见");
      }
      case "Task_Decide" -> checkDecision(task);
      default -> throw new IllegalStateException("CheckEnforcementConclusion has no check for task " + task.getTaskDefinitionKey());
    }
  }

  /**
   * 立案审批: not filed where the act was discovered after the limitation period (第三十六条) or the party was under the
   * age of responsibility (第三十条); filed with the officers who will handle it (第四十二条).
   */
  private void checkFiling(DelegateTask task) {
    String decision = oneOf(task, "filingDecision", "立案审批", FILING_DECISIONS, "立案（file）、不予立案（notFile）或移送司法机关（transferJudicial）");
    CaseVariables.text(task, "filingReason", "审批意见");
    CaseVariables.normalizeFlags(task, "harmsSafety");
    boolean expired = Boolean.TRUE.equals(task.getVariable("limitationExpired"))
        && (!Boolean.TRUE.equals(task.getVariable("harmsSafety"))
            || Boolean.TRUE.equals(task.getVariable("limitationSafetyExpired")));
    boolean underAge = Boolean.TRUE.equals(task.getVariable("underAgeParty"));
    switch (decision) {
      case "file" -> {
        if (expired) {
          throw new RejectedInputException("filingDecision", "违法行为发生于" + task.getVariable("violationDateText")
              + "，至发现时已超过追责期限，不再给予行政处罚（《行政处罚法》第三十六条），应当不予立案。");
        }
        if (underAge) {
          throw new RejectedInputException("filingDecision", "当事人违法时不满" + figures.get(Key.NO_PENALTY_AGE).text()
              + "，不予行政处罚（《行政处罚法》第三十条），应当不予立案并责令监护人加以管教。");
        }
        if (CaseOfficers.designated(task)) {
          officers.assign(task, CaseVariables.list(task, "caseOfficers"));
        }
        documents.issue(task.getExecution(), NoticeBook.Kind.FILING_APPROVAL, null,
            "经审查，" + task.getVariable("filingReason") + "。同意立案。");
      }
      case "notFile" -> {
        String ground = oneOf(task, "notFiledGround", "不予立案的理由", NOT_FILED_GROUNDS, "所列理由之一");
        if (ground.equals("limitation") && !expired) {
          throw new RejectedInputException("notFiledGround", "违法行为发生于" + task.getVariable("violationDateText")
              + "，尚在追责期限内（《行政处罚法》第三十六条）。");
        }
        if (ground.equals("underAge") && !underAge) {
          throw new RejectedInputException("notFiledGround", "当事人违法时已满" + figures.get(Key.NO_PENALTY_AGE).text() + "。");
        }
      }
      default -> {
        if (!ModelSteps.offers(task.getExecution(), "Task_TransferToJudicial")) {
          throw new RejectedInputException("filingDecision", "本案所用的流程版本没有移送司法机关的步骤，请不予立案并在意见中说明移送情况。");
        }
      }
    }
    task.setVariable("fileCase", decision.equals("file")); // the filing gateway of earlier model versions
  }

  /** 调查取证: at least two officers, the facts, the evidence and a lawful proposed penalty; joint departments if any. */
  private void checkInvestigation(DelegateTask task) {
    String investigators = CaseVariables.text(task, "investigators", "执法人员");
    List<String> named = Arrays.stream(investigators.split("[、,，;；\\s]+")).filter(s -> !s.isBlank()).toList();
    int minimum = figures.get(Key.MINIMUM_OFFICERS).whole();
    if (named.size() < minimum) {
      throw new RejectedInputException("investigators", "调查取证的执法人员不得少于" + minimum + "人（《行政处罚法》第四十二条）。");
    }
    if (CaseOfficers.designated(task)) {
      List<String> handling = Arrays.asList(CaseOfficers.names(task, CaseOfficers.onCase(task)).split("、"));
      for (String name : named) {
        if (!handling.contains(name)) {
          throw new RejectedInputException("investigators", name + "不是本案指定并已作回避声明的执法人员（《行政处罚法》第四十三条）。");
        }
      }
    }
    CaseVariables.text(task, "evidence", "证据材料");
    CaseVariables.text(task, "findings", "违法事实");
    CaseVariables.text(task, "proposedPenalty", "拟处罚意见");
    PenaltyKind kind = PenaltyKind.of(CaseVariables.text(task, "penaltyKind", "拟处罚种类"), "penaltyKind");
    lawful(task, kind, CaseVariables.amount(task, "fineAmount", "拟罚款数额"),
        CaseVariables.amount(task, "confiscatedValue", "拟没收的违法所得或非法财物价值"));
    CaseVariables.normalizeFlags(task, "complexCase", "majorPublicInterest", "proposeSummary", "recusalRequested");
    if (Boolean.TRUE.equals(task.getVariable("recusalRequested"))) {
      List<String> against = CaseVariables.list(task, "recusalAgainst");
      if (against.isEmpty() || !CaseOfficers.onCase(task).containsAll(against)) {
        throw new RejectedInputException("recusalAgainst", "请选择当事人申请回避的本案执法人员。");
      }
      CaseVariables.text(task, "recusalReason", "当事人申请回避的理由");
      task.setVariable("recusalAgainstNames", CaseOfficers.names(task, against));
    }
    List<String> joint = CaseVariables.list(task, "jointDepartments");
    task.setVariable("jointDepartments", new ArrayList<>(joint)); // a collection the multi-instance reads
    task.setVariable("jointInvestigation", !joint.isEmpty());
  }

  /**
   * 当场处罚 (第五十一条): the decision itself within the summary limits of the table, a kind the basis gives;
   * collected on the spot only up to the table's amount, with the official receipt (第六十八条、第七十条).
   */
  private void checkSummaryDecision(DelegateTask task) {
    if (!CaseVariables.flag(task, "partyInformed", "已告知当事人陈述申辩权")) {
      throw new RejectedInputException("partyInformed", "当场处罚须出示执法证件并告知当事人陈述申辩权。");
    }
    CaseVariables.text(task, "decisionReasons", "当场处罚决定");
    PenaltyKind kind = PenaltyKind.of(CaseVariables.text(task, "penaltyKind", "处罚种类"), "penaltyKind");
    BigDecimal fine = CaseVariables.amount(task, "fineAmount", "罚款数额");
    lawful(task, kind, fine, BigDecimal.ZERO);
    if (!procedure.evaluate((String) task.getVariable("partyType"), kind, fine, BigDecimal.ZERO, false, false)
        .has("summaryAllowed")) {
      throw new RejectedInputException("fineAmount", "当场处罚仅限警告，或者对公民" + figures.get(Key.SUMMARY_FINE_CITIZEN).text()
          + "以下、对法人或者其他组织" + figures.get(Key.SUMMARY_FINE_ORGANIZATION).text()
          + "以下的罚款（《行政处罚法》第五十一条）；超过的应当适用普通程序。");
    }
    CaseVariables.normalizeFlags(task, "collectedOnTheSpot");
    if (Boolean.TRUE.equals(task.getVariable("collectedOnTheSpot"))) {
      BigDecimal maximum = figures.get(Key.ON_THE_SPOT_COLLECTION_MAXIMUM).value();
      if (fine.signum() <= 0 || fine.compareTo(maximum) > 0) {
        throw new RejectedInputException("collectedOnTheSpot", "当场收缴的罚款不得超过"
            + figures.get(Key.ON_THE_SPOT_COLLECTION_MAXIMUM).text() + "（《行政处罚法》第六十八条）。");
      }
      CaseVariables.text(task, "receiptNumber", "罚款专用票据号码");
    }
    task.setVariable("decisionKind", "penalty");
    task.setVariable("summaryDecision", true);
  }

  /** 听证 (第六十四条第四项): held by someone who did not investigate the case. */
  private void checkHearing(DelegateTask task) {
    String host = CaseVariables.text(task, "hearingHost", "听证主持人");
    CaseVariables.text(task, "hearingRecord", "听证笔录要点");
    Set<String> investigators = CaseOfficers.investigatedBy(task);
    String user = staff.currentUser();
    if (investigators.contains(host) || (user != null && investigators.contains(user))) {
      throw new RejectedInputException("hearingHost", "听证由非本案调查人员主持（《行政处罚法》第六十四条第四项），"
          + "本案调查人员：" + task.getVariable("investigators") + "。");
    }
  }

  /**
   * 负责人决定 (第五十七条): a penalty the basis gives (第三十八条), no second fine for the same act (第二十九条), lighter for
   * a minor (第三十条), no heavier than notified because the party defended (第四十五条) — a heavier one goes back to a
   * new notice (re-notified, with a hearing right if it now has one).
   */
  private void checkDecision(DelegateTask task) {
    String decision = oneOf(task, "decisionKind", "决定", DECISION_KINDS,
        "给予处罚（penalty）、不予处罚（noPenalty）或重新告知（renotify）");
    CaseVariables.text(task, "decisionReasons", "决定内容和理由");
    CaseVariables.normalizeFlags(task, "socialImpact", "lighterApplied");
    if (decision.equals("noPenalty")) {
      String ground = oneOf(task, "noPenaltyGround", "不予处罚的理由", NO_PENALTY_GROUNDS, "所列理由之一");
      if (ground.equals("underAge") && !Boolean.TRUE.equals(task.getVariable("underAgeParty"))) {
        throw new RejectedInputException("noPenaltyGround", "当事人违法时已满" + figures.get(Key.NO_PENALTY_AGE).text() + "。");
      }
      return;
    }
    PenaltyKind kind = PenaltyKind.of(CaseVariables.text(task, "penaltyKind", "处罚种类"), "penaltyKind");
    if (kind == PenaltyKind.NONE) {
      throw new RejectedInputException("penaltyKind", "给予处罚的，请选择处罚种类；不予处罚的，请选择“不予行政处罚”。");
    }
    BigDecimal fine = CaseVariables.amount(task, "fineAmount", "罚款数额");
    BigDecimal confiscated = CaseVariables.amount(task, "confiscatedValue", "没收的违法所得或非法财物价值");
    lawful(task, kind, fine, confiscated);
    boolean heavier = Notified.of(task).map(n -> n.exceededBy(kind, fine, confiscated)).orElse(false);
    if (decision.equals("renotify")) {
      if (!ModelSteps.offers(task.getExecution(), "Gateway_DecisionKind")) {
        throw new RejectedInputException("decisionKind", "本案所用的流程版本不能重新告知，请作出不重于告知的决定。");
      }
      if (!heavier) {
        throw new RejectedInputException("decisionKind", "拟作出的处罚不重于已告知的处罚，无须重新告知，请直接作出决定。");
      }
      task.setVariable("proposedPenalty", CaseVariables.text(task, "decisionReasons", "决定内容和理由"));
      task.setVariable("proposeSummary", false);
      return;
    }
    if (heavier) {
      throw new RejectedInputException("penaltyKind", "决定重于已告知的处罚（" + Notified.of(task).orElseThrow().text()
          + "）。不得因当事人陈述、申辩而给予更重的处罚（《行政处罚法》第四十五条）；因新的事实确需加重的，请选择“重新告知”。");
    }
    if (Boolean.TRUE.equals(task.getVariable("minorParty")) && !Boolean.TRUE.equals(task.getVariable("lighterApplied"))) {
      throw new RejectedInputException("lighterApplied", "当事人违法时未满" + figures.get(Key.LIGHTER_PENALTY_AGE).text()
          + "，应当从轻或者减轻行政处罚（《行政处罚法》第三十条），请在决定中写明并勾选。");
    }
    if (kind == PenaltyKind.ORDER) {
      LocalDate deadline = CaseVariables.date(task, "correctionDeadline", "限期改正的期限", deadlines.zone());
      if (!deadline.isAfter(deadlines.today())) {
        throw new RejectedInputException("correctionDeadline", "限期改正的期限应晚于今天。");
      }
    }
  }

  /** The proposed or decided penalty is one the violation's legal basis gives, and not a second fine for the act. */
  private void lawful(DelegateTask task, PenaltyKind kind, BigDecimal fine, BigDecimal confiscated) {
    if (confiscated.signum() < 0) {
      throw new RejectedInputException("confiscatedValue", "没收的违法所得或非法财物价值不能为负数。");
    }
    if (kind == PenaltyKind.CONFISCATION && confiscated.signum() == 0) {
      throw new RejectedInputException("confiscatedValue", "没收的，请填写没收的违法所得或非法财物价值（元）。");
    }
    rules.require((String) task.getVariable("violationType")).checkLawful(kind, fine,
        (String) task.getVariable("partyType"), CaseVariables.amount(task, "violationValue", "涉案价值"), "penaltyKind");
    if (fine.signum() > 0 && Boolean.TRUE.equals(task.getVariable("fineBarred"))) {
      throw new RejectedInputException("fineAmount", "当事人的同一个违法行为已被罚款（案号 " + task.getVariable("sameActFinedIn")
          + "），不得再次罚款（《行政处罚法》第二十九条）。");
    }
  }
}
