package cn.township.workflow.enforcement;

import static cn.township.workflow.support.Rejections.assertRejected;
import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.support.Officers;
import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.window.ChineseIdNumber;
import cn.township.workflow.casefile.NoticeBook;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * joint-enforcement.bpmn: every route of the Administrative Penalty Law a township case can take. Periods are checked
 * on the timers' and tasks' due dates, across the National Day week of 2026 (10-01..07 off, Saturday 10-10 worked)
 * and across weekends.
 */
class JointEnforcementProcessTest extends ProcessTestCase {

  /** Each report's party is another person (born 1980-05-06) or company, so that no case fines another's act. */
  static final AtomicInteger PARTY = new AtomicInteger(100);
  static final ZonedDateTime BEFORE_NATIONAL_DAY = ZonedDateTime.of(2026, 9, 30, 10, 0, 0, 0, ZONE);

  @Autowired NoticeBook notices;
  @Autowired IdentityService identity;
  @Autowired ManagementService management;
  @Autowired PenaltyRegister register;
  @Autowired PartyIdentities parties;

  @BeforeEach
  void officers() {
    Officers.ensure(identity);
  }

  static LocalDate today() {
    return ClockUtil.getCurrentTime().toInstant().atZone(ZONE).toLocalDate();
  }

  static Date nineOn(int year, int month, int day) {
    return Date.from(ZonedDateTime.of(year, month, day, 9, 0, 0, 0, ZONE).toInstant());
  }

  /** A report as the start form submits it; {@code more} overrides (name, value pairs). */
  ProcessInstance report(String violation, String partyType, Object... more) {
    boolean citizen = "citizen".equals(partyType);
    VariableMap variables = Variables.createVariables().putValue("townshipId", "qingshan")
        .putValue("caseSource", "inspection").putValue("violationType", violation).putValue("partyType", partyType)
        .putValue("partyName", citizen ? "刘德华" : "青山建材有限公司")
        .putValue("partyIdNumber", citizen ? ChineseIdNumber.withCheckCharacter("43052119800506" + PARTY.incrementAndGet())
            : CreditCode.withCheckCharacter("91330000MA0" + String.format("%03d", PARTY.incrementAndGet() % 1000) + "XXX"))
        .putValue("violationDate", today().minusDays(10).toString())
        .putValue("location", "青山镇东村").putValue("facts", "巡查发现当事人实施违法行为");
    if (citizen) {
      variables.putValue("partyBirthDate", "1980-05-06");
    }
    for (int i = 0; i < more.length; i += 2) {
      variables.putValue((String) more[i], more[i + 1]);
    }
    return runtime.startProcessInstanceByKey("joint-enforcement", variables);
  }

  Task taskFor(ProcessInstance instance, String group) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).taskCandidateGroup(group)
        .singleResult();
  }

  Task taskAt(ProcessInstance instance, String key) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).singleResult();
  }

  void approveFiling(ProcessInstance instance, String... officers) {
    complete(taskFor(instance, "team-leader"), withVariables("filingDecision", "file", "filingReason", "符合立案条件",
        "caseOfficers", List.of(officers)));
  }

  void declare(ProcessInstance instance, String officer, String declaration, Object... more) {
    Task task = tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey("Task_DeclareNoConflict")
        .taskCandidateUser(officer).singleResult();
    Map<String, Object> variables = new HashMap<>(withVariables("declaration", declaration));
    for (int i = 0; i < more.length; i += 2) {
      variables.put((String) more[i], more[i + 1]);
    }
    complete(task, variables);
  }

  /** Filed with 郭勇 and 钱明, who both declare no conflict: the case waits at the investigation. */
  ProcessInstance filed(String violation, String partyType, Object... more) {
    ProcessInstance instance = report(violation, partyType, more);
    approveFiling(instance, "qs-officer1", "qs-officer2");
    declare(instance, "qs-officer1", "noConflict");
    declare(instance, "qs-officer2", "noConflict");
    assertThat(instance).isWaitingAt("Task_Investigate");
    return instance;
  }

  static Map<String, Object> investigation(String kind, double fine, Object... more) {
    Map<String, Object> variables = new HashMap<>(withVariables("evidence", "现场检查笔录、照片",
        "findings", "当事人实施了违法行为", "penaltyKind", kind, "fineAmount", fine, "proposedPenalty", "拟处罚款" + fine + "元"));
    for (int i = 0; i < more.length; i += 2) {
      variables.put((String) more[i], more[i + 1]);
    }
    return variables;
  }

  void respond(ProcessInstance instance, boolean hearing) {
    assertThat(instance).isWaitingAt("Task_RecordPartyResponse");
    complete(taskFor(instance, "enforcement-officer"), withVariables("partyStatement", "当事人对事实无异议",
        "hearingRequested", String.valueOf(hearing)));
  }

  static Map<String, Object> decision(String kind, double fine, Object... more) {
    Map<String, Object> variables = new HashMap<>(withVariables("decisionKind", "penalty", "penaltyKind", kind,
        "fineAmount", fine, "decisionReasons", "依法给予" + kind + "，罚款" + fine + "元"));
    for (int i = 0; i < more.length; i += 2) {
      variables.put((String) more[i], more[i + 1]);
    }
    return variables;
  }

  void decide(ProcessInstance instance, String kind, double fine, Object... more) {
    assertThat(instance).isWaitingAt("Task_Decide");
    complete(taskAt(instance, "Task_Decide"), decision(kind, fine, more));
  }

  void serve(ProcessInstance instance, LocalDate receivedOn) {
    complete(taskAt(instance, "Task_ServeDecision"), withVariables("serviceMethod", "direct",
        "servedOn", receivedOn.toString(), "decisionServed", true));
  }

  void pay(ProcessInstance instance, String task, LocalDate paidOn) {
    complete(taskAt(instance, task), withVariables("paymentOutcome", "paid", "paidOn", paidOn.toString(),
        "paymentReference", "QS0001"));
  }

  void close(ProcessInstance instance) {
    complete(taskFor(instance, "team-leader"), withVariables("closingSummary", "执行完毕", "archived", true));
    assertThat(instance).isEnded().hasPassed("End_Closed");
  }

  /** The general procedure up to the decision: notice, no hearing asked, no review needed. */
  ProcessInstance decidedAfterNotice(String violation, String partyType, String kind, double fine, Object... more) {
    ProcessInstance instance = filed(violation, partyType);
    complete(taskAt(instance, "Task_Investigate"), investigation(kind, fine, more));
    respond(instance, false);
    decide(instance, kind, fine, more);
    return instance;
  }

  Date timerDue(ProcessInstance instance, String timer) {
    return management.createJobQuery().processInstanceId(instance.getId()).activityId(timer).singleResult().getDuedate();
  }

  Object variable(ProcessInstance instance, String name) {
    return runtime.getVariable(instance.getId(), name);
  }

  List<String> noticesTo(ProcessInstance instance, String recipient) {
    return notices.forCase(instance.getBusinessKey()).stream().filter(n -> n.recipient().equals(recipient))
        .map(NoticeBook.Notice::content).toList();
  }

  // ------------------------------------------------------------------ summary procedure

  @Test
  void summaryProcedureOnTheSpotFineCollectedAndHandedInWithinTwoWorkingDays() {
    at(BEFORE_NATIONAL_DAY);
    ProcessInstance instance = filed("LITTERING", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 100, "proposeSummary", true));
    assertThat(instance).isWaitingAt("Task_SummaryDecision");
    complete(taskAt(instance, "Task_SummaryDecision"), withVariables("penaltyKind", "fine", "fineAmount", 100,
        "decisionReasons", "当场罚款100元", "partyInformed", true, "collectedOnTheSpot", true, "receiptNumber", "财政票据0012345"));
    String text = (String) variable(instance, "penaltyDecisionText");
    assertThat(text).startsWith("青山镇人民政府").contains("当场行政处罚决定书").contains("罚款 100 元已当场收缴")
        .contains("应当自收到本决定书之日起60日内先向县人民政府申请行政复议")
        .doesNotContain("内依法向人民法院提起行政诉讼");
    serve(instance, LocalDate.of(2026, 9, 30));
    // 第七十一条: two working days from Wednesday 9-30 are Thursday 10-08 and Friday 10-09
    assertThat(instance).isWaitingAt("Task_HandInFine").hasNotPassed("Task_NotifyRights");
    assertThat(taskAt(instance, "Task_HandInFine").getDueDate()).isEqualTo(endOf(2026, 10, 9));
    assertThat(timerDue(instance, "Timer_HandInDeadline")).isEqualTo(endOf(2026, 10, 9));
    at(ZonedDateTime.of(2026, 10, 9, 16, 0, 0, 0, ZONE));
    complete(taskAt(instance, "Task_HandInFine"), withVariables("handedInOn", "2026-10-08", "bankDepositOn", "2026-10-09",
        "bankReceipt", "YH-0001"));
    assertThat((String) variable(instance, "handInRecord")).doesNotContain("逾期");
    assertThat(instance).hasNotPassed("Task_AwaitPayment");
    close(instance);
  }

  @Test
  void fineCollectedOnTheSpotButNotHandedInIsEscalated() {
    at(ZonedDateTime.of(2026, 11, 20, 10, 0, 0, 0, ZONE)); // a Friday
    ProcessInstance instance = filed("LITTERING", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 50, "proposeSummary", true));
    complete(taskAt(instance, "Task_SummaryDecision"), withVariables("penaltyKind", "fine", "fineAmount", 50,
        "decisionReasons", "当场罚款50元", "partyInformed", true, "collectedOnTheSpot", true, "receiptNumber", "财政票据0012346"));
    serve(instance, LocalDate.of(2026, 11, 20));
    // over the weekend: Monday 11-23 and Tuesday 11-24
    assertThat(timerDue(instance, "Timer_HandInDeadline")).isEqualTo(endOf(2026, 11, 24));
    at(ZonedDateTime.of(2026, 11, 25, 9, 0, 0, 0, ZONE));
    execute(job("Timer_HandInDeadline", instance));
    assertThat(instance).hasPassed("Task_EscalateHandIn", "End_HandInEscalated").isWaitingAt("Task_HandInFine");
    assertThat(noticesTo(instance, "group:supervisor")).anyMatch(c -> c.contains("交款超期提醒：法定期限已届满"));
    complete(taskAt(instance, "Task_HandInFine"), withVariables("handedInOn", "2026-11-25", "bankDepositOn", "2026-11-25",
        "bankReceipt", "YH-0002"));
    assertThat((String) variable(instance, "handInRecord")).contains("交至行政机关（逾期）");
  }

  @Test
  void summaryDecisionBeyondItsLimitsIsRefused() {
    ProcessInstance instance = filed("ROAD_OCCUPATION", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 100, "proposeSummary", true));
    Task summary = taskAt(instance, "Task_SummaryDecision");
    // the basis allows 500 yuan, but not on the spot: 第五十一条 caps a citizen's fine at 200 yuan
    assertRejected(() -> complete(summary, withVariables("penaltyKind", "fine", "fineAmount", 500,
        "decisionReasons", "当场罚款500元", "partyInformed", true)), "当场处罚仅限警告");
    assertRejected(() -> complete(summary, withVariables("penaltyKind", "fine", "fineAmount", 150,
        "decisionReasons", "当场罚款150元", "partyInformed", true, "collectedOnTheSpot", true, "receiptNumber", "0012347")),
        "当场收缴的罚款不得超过100元");
    assertRejected(() -> complete(summary, withVariables("penaltyKind", "fine", "fineAmount", 80,
        "decisionReasons", "当场罚款80元", "partyInformed", true, "collectedOnTheSpot", true)), "罚款专用票据号码");
    assertThat(instance).isWaitingAt("Task_SummaryDecision");
    complete(summary, withVariables("penaltyKind", "fine", "fineAmount", 150, "decisionReasons", "当场罚款150元",
        "partyInformed", true));
    assertThat(instance).isWaitingAt("Task_ServeDecision");
  }

  // ------------------------------------------------------------------ general procedure

  @Test
  void generalProcedureWithoutHearing() {
    ProcessInstance instance = filed("LITTERING", "organization");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 6000));
    assertThat(instance).hasPassed("Task_NotifyRights");
    assertThat(instance).variables().containsEntry("hearingRight", false).containsEntry("legalReviewRequired", false);
    // five working days from Monday 11-16, over the weekend: Monday 11-23
    assertThat(taskAt(instance, "Task_RecordPartyResponse").getDueDate()).isEqualTo(endOf(2026, 11, 23));
    assertThat(timerDue(instance, "Timer_ResponseDeadline")).isEqualTo(endOf(2026, 11, 23));
    assertThat(noticesTo(instance, "party:青山建材有限公司")).anyMatch(c -> c.contains("行政处罚事先告知书")
        && c.contains("收到本告知书之日起5个工作日内（2026年11月23日前）") && !c.contains("听证"));
    respond(instance, false);
    decide(instance, "fine", 6000);
    serve(instance, LocalDate.of(2026, 11, 16));
    assertThat(instance).isWaitingAt("Task_AwaitPayment");
    at(MONDAY.plusDays(4));
    pay(instance, "Task_AwaitPayment", LocalDate.of(2026, 11, 20));
    assertThat((String) variable(instance, "paymentRecord")).isEqualTo("2026年11月20日缴纳罚款6000元，凭证QS0001。");
    close(instance);
  }

  @Test
  void decisionIsTakenByTheAgencysHeadNotTheTeamLeader() {
    ProcessInstance instance = filed("LITTERING", "organization");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 6000));
    respond(instance, false);
    assertThat(instance).isWaitingAt("Task_Decide");
    assertThat(taskFor(instance, "team-leader")).as("the team leader does not decide").isNull();
    assertThat(taskFor(instance, "leadership").getTaskDefinitionKey()).isEqualTo("Task_Decide");
  }

  @Test
  void silentPartyLosesNoWorkingDayToNationalDayAndAWarningNeedsNoPayment() {
    at(BEFORE_NATIONAL_DAY);
    ProcessInstance instance = filed("LITTERING", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("warning", 0, "proposedPenalty", "拟给予警告"));
    // five working days from 9-30: 10-08, 10-09, Saturday 10-10 (adjusted), 10-12, 10-13 — not 10-05 in the holiday
    assertThat(timerDue(instance, "Timer_ResponseDeadline")).isEqualTo(endOf(2026, 10, 13));
    at(ZonedDateTime.of(2026, 10, 13, 17, 0, 0, 0, ZONE));
    assertThat(instance).isWaitingAt("Task_RecordPartyResponse");
    at(ZonedDateTime.of(2026, 10, 14, 9, 0, 0, 0, ZONE));
    execute(job("Timer_ResponseDeadline", instance));
    assertThat(instance).hasPassed("Task_RecordNoResponse").isWaitingAt("Task_Decide");
    assertThat((String) variable(instance, "partyStatement")).contains("视为放弃");
    decide(instance, "warning", 0);
    // seven working days from Wednesday 10-14: 10-15, 16, 19, 20, 21, 22, 23
    assertThat(timerDue(instance, "Timer_ServiceDeadline")).isEqualTo(endOf(2026, 10, 23));
    at(ZonedDateTime.of(2026, 10, 26, 9, 0, 0, 0, ZONE));
    execute(job("Timer_ServiceDeadline", instance));
    assertThat(instance).hasPassed("Task_EscalateService", "End_ServiceEscalated").isWaitingAt("Task_ServeDecision");
    assertThat(noticesTo(instance, "group:team-leader")).anyMatch(c -> c.contains("未在7个工作日内送达"));
    serve(instance, LocalDate.of(2026, 10, 26));
    assertThat(instance).hasNotPassed("Task_AwaitPayment").isWaitingAt("Task_CloseCase");
  }

  @Test
  void heavyFineWithAHearingHeldOnAWorkingDayAndLegalReview() {
    at(ZonedDateTime.of(2026, 9, 29, 10, 0, 0, 0, ZONE));
    ProcessInstance instance = filed("FOREST_DESTRUCTION", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 6000, "violationValue", 2000));
    assertThat(instance).variables().containsEntry("hearingRight", true).containsEntry("legalReviewRequired", true);
    assertThat(noticesTo(instance, "party:刘德华")).anyMatch(c -> c.contains("有权要求举行听证"));
    respond(instance, true);
    // notified Tuesday 9-29: seven whole working days (9-30, 10-08, 09, 10, 12, 13, 14) pass before the hearing,
    // held at nine on the next working day — not on 10-06 in the middle of the holiday
    assertThat(instance).hasPassed("Task_NotifyHearing").isWaitingAt("Task_HoldHearing");
    assertThat(taskAt(instance, "Task_HoldHearing").getDueDate()).isEqualTo(nineOn(2026, 10, 15));
    assertThat(noticesTo(instance, "party:刘德华")).anyMatch(c -> c.contains("定于2026年10月15日 9:00")
        && c.contains("提前7个工作日通知"));
    complete(taskAt(instance, "Task_HoldHearing"), withVariables("hearingHost", "秦队长", "hearingRecord", "当事人承认毁林"));
    assertThat(instance).isWaitingAt("Task_LegalReview");
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalReviewOpinion", "pass", "legalReviewNote", "事实清楚"));
    decide(instance, "fine", 6000, "violationValue", 2000);
    assertThat(instance).isWaitingAt("Task_ServeDecision");
    documents.assertIssued(instance, NoticeBook.Kind.FILING_APPROVAL, NoticeBook.Kind.PENALTY_NOTICE,
        NoticeBook.Kind.HEARING_NOTICE, NoticeBook.Kind.PENALTY_DECISION);
  }

  @Test
  void hearingHostWhoInvestigatedTheCaseIsRefused() {
    ProcessInstance instance = filed("FOREST_DESTRUCTION", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 6000, "violationValue", 2000));
    respond(instance, true);
    Task hearing = taskAt(instance, "Task_HoldHearing");
    assertRejected(() -> complete(hearing, withVariables("hearingHost", "钱明", "hearingRecord", "笔录")), "非本案调查人员主持");
    assertRejected(() -> complete(hearing, withVariables("hearingHost", "qs-officer1", "hearingRecord", "笔录")),
        "非本案调查人员主持");
    assertThat(instance).isWaitingAt("Task_HoldHearing");
    complete(hearing, withVariables("hearingHost", "秦队长", "hearingRecord", "当事人承认毁林"));
    assertThat(instance).isWaitingAt("Task_LegalReview");
  }

  @Test
  void confiscatingIllegalGainsOfGreatValueGivesAHearingRight() {
    ProcessInstance instance = filed("UNLICENSED_BUSINESS", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("confiscation", 1000, "confiscatedValue", 8000,
        "proposedPenalty", "拟没收违法所得8000元，并处罚款1000元"));
    assertThat(instance).variables().containsEntry("hearingRight", true);
    assertThat((String) variable(instance, "procedureNote")).contains("没收公民较大数额违法所得");
    respond(instance, true);
    assertThat(instance).isWaitingAt("Task_HoldHearing");
  }

  @Test
  void complexCaseGetsLegalReviewAndCollectiveDiscussion() {
    ProcessInstance instance = filed("ROAD_OCCUPATION", "organization");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 20000, "complexCase", true));
    respond(instance, false);
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalReviewOpinion", "pass", "legalReviewNote", "同意"));
    assertThat(instance).isWaitingAt("Task_CollectiveDiscussion");
    complete(taskAt(instance, "Task_CollectiveDiscussion"), withVariables("attendees", "王镇长等5人", "discussion", "同意拟处罚意见"));
    decide(instance, "fine", 20000);
    assertThat(instance).isWaitingAt("Task_ServeDecision");
  }

  @Test
  void noDecisionWithoutLegalReviewWhereTheTableRequiresIt() {
    ProcessInstance instance = filed("LITTERING", "organization");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 6000, "majorPublicInterest", true));
    respond(instance, false);
    assertThat(instance).isWaitingAt("Task_LegalReview");
    assertThat(taskAt(instance, "Task_Decide")).isNull();
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalReviewOpinion", "reinvestigate",
        "legalReviewNote", "证据不足，补充询问笔录"));
    assertThat(instance).isWaitingAt("Task_Investigate").hasNotPassed("Task_Decide");
  }

  @Test
  void fewerThanTwoInvestigatorsAreRefused() {
    ProcessInstance instance = report("LITTERING", "citizen");
    Task filing = taskFor(instance, "team-leader");
    assertRejected(() -> complete(filing, withVariables("filingDecision", "file", "filingReason", "符合立案条件",
        "caseOfficers", List.of("qs-officer1"))), "不得少于2人");
    assertRejected(() -> complete(filing, withVariables("filingDecision", "file", "filingReason", "符合立案条件",
        "caseOfficers", List.of("qs-officer1", "bs-officer1"))), "不是本乡镇的执法人员");
    approveFiling(instance, "qs-officer1", "qs-officer2");
    declare(instance, "qs-officer1", "noConflict");
    declare(instance, "qs-officer2", "noConflict");
    Task investigate = taskAt(instance, "Task_Investigate");
    Map<String, Object> alone = investigation("fine", 100, "investigators", "郭勇");
    assertRejected(() -> complete(investigate, alone), "不得少于2人");
    Map<String, Object> stranger = investigation("fine", 100, "investigators", "郭勇、孙强");
    assertRejected(() -> complete(investigate, stranger), "孙强不是本案指定并已作回避声明的执法人员");
    assertThat(instance).isWaitingAt("Task_Investigate");
  }

  @Test
  void countyOnlyMatterIsTransferred() {
    ProcessInstance instance = report("FOOD_SAFETY", "organization");
    assertThat(instance).isEnded().hasPassed("Task_TransferToCounty", "End_Transferred").hasNotPassed("Task_ApproveFiling");
    assertThat(notices.forCase(instance.getBusinessKey())).extracting(NoticeBook.Notice::content)
        .anyMatch(c -> c.contains("移送") && c.contains("县市场监督管理局"));
    documents.assertIssued(instance, NoticeBook.Kind.TRANSFER);
  }

  @Test
  void entrustedCaseIsDecidedInTheEntrustingDepartmentsNameWithTheRemediesItOffers() {
    ProcessInstance instance = decidedAfterNotice("FOREST_DESTRUCTION", "citizen", "fine", 3000, "violationValue", 1000);
    assertThat((String) variable(instance, "penaltyDecisionText")).startsWith("县林业局（委托青山镇综合行政执法队实施）")
        .contains("请自收到本决定书之日起15日内缴纳罚款 3000 元，缴入县级财政（财政管理级次不变）")
        .contains("每日按罚款数额的3%加处罚款").contains("《中华人民共和国森林法》第七十四条")
        .contains("可以自收到本决定书之日起60日内向县人民政府申请行政复议，或者自收到本决定书之日起6个月内依法向人民法院提起行政诉讼");
  }

  @Test
  void jointInvestigationGoesOnWhenOneDepartmentIsLate() {
    ProcessInstance instance = filed("FOREST_DESTRUCTION", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 3000, "violationValue", 1000,
        "jointDepartments", List.of("county-forestry", "county-natural-resources")));
    assertThat(instance).isWaitingAt("Task_DepartmentFindings");
    assertThat(timerDue(instance, "Timer_JointFindingsDeadline")).isEqualTo(endOf(2026, 11, 23));
    complete(taskFor(instance, "county-forestry"), withVariables("departmentFindings", "毁坏林木蓄积量约5立方米"));
    at(MONDAY.plusDays(8));
    execute(job("Timer_JointFindingsDeadline", instance));
    assertThat(instance).hasPassed("Task_RecordMissingFindings").isWaitingAt("Task_RecordPartyResponse");
    assertThat(cn.township.workflow.system.CaseVariables.asList("lateDepartments", runtime.getVariable(instance.getId(), "lateDepartments")))
        .containsExactly("县自然资源局");
    assertThat(cn.township.workflow.system.CaseVariables.asList("jointFindings", runtime.getVariable(instance.getId(), "jointFindings")))
        .contains("县林业局：毁坏林木蓄积量约5立方米");
  }

  @Test
  void jointInvestigationWithEveryDepartmentAnsweringInTime() {
    ProcessInstance instance = filed("FOREST_DESTRUCTION", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 3000, "violationValue", 1000,
        "jointDepartments", List.of("county-forestry", "county-natural-resources")));
    complete(taskFor(instance, "county-forestry"), withVariables("departmentFindings", "毁坏林木蓄积量约5立方米"));
    complete(taskFor(instance, "county-natural-resources"), withVariables("departmentFindings", "占用林地0.1亩"));
    assertThat(instance).hasNotPassed("Task_RecordMissingFindings").isWaitingAt("Task_RecordPartyResponse");
    assertThat(cn.township.workflow.system.CaseVariables.asList("jointFindings", runtime.getVariable(instance.getId(), "jointFindings")))
        .contains("县林业局：毁坏林木蓄积量约5立方米", "县自然资源局：占用林地0.1亩");
  }

  // ------------------------------------------------------------------ payment, surcharge, remedies, court

  @Test
  void unpaidFineCountedFromTheDayOfReceiptLeadsToSurchargeAndCourtEnforcement() {
    ProcessInstance instance = decidedAfterNotice("LITTERING", "organization", "fine", 6000);
    at(MONDAY.plusDays(4));
    // received on Wednesday 11-18, recorded on Friday 11-20: fifteen days from the 18th end on Thursday 12-03
    serve(instance, LocalDate.of(2026, 11, 18));
    assertThat(instance).variables().containsEntry("servedOnDate", "2026年11月18日");
    assertThat(timerDue(instance, "Timer_PaymentDeadline")).isEqualTo(endOf(2026, 12, 3));
    at(ZonedDateTime.of(2026, 12, 4, 9, 0, 0, 0, ZONE));
    execute(job("Timer_PaymentDeadline", instance));
    assertThat(instance).hasPassed("Task_ImposeLateSurcharge").isWaitingAt("Task_AwaitLatePayment");
    assertThat((String) variable(instance, "lateSurchargeNote")).startsWith("自2026年12月4日起每日加处180元（罚款数额的3%）")
        .contains("不超过6000元");
    assertThat(noticesTo(instance, "party:青山建材有限公司")).anyMatch(c -> c.contains("催告书")
        && c.contains("收到本催告书之日起10个工作日内（2026年12月18日前）"));
    // a court may be asked once the six months to sue (from 11-18) have run out: 2027-05-18; within three months
    assertThat(timerDue(instance, "Timer_CourtApplicationOpens")).isEqualTo(endOf(2027, 5, 18));
    at(ZonedDateTime.of(2027, 5, 19, 9, 0, 0, 0, ZONE));
    execute(job("Timer_CourtApplicationOpens", instance));
    assertThat(instance).isWaitingAt("Task_ApplyCourtEnforcement");
    assertThat(taskAt(instance, "Task_ApplyCourtEnforcement").getDueDate()).isEqualTo(endOf(2027, 8, 18));
    assertThat(timerDue(instance, "Timer_CourtApplicationDeadline")).isEqualTo(endOf(2027, 8, 18));
    complete(taskAt(instance, "Task_ApplyCourtEnforcement"), withVariables("court", "县人民法院", "courtApplication", "已申请强制执行"));
    close(instance);
    documents.assertIssued(instance, NoticeBook.Kind.PENALTY_DECISION, NoticeBook.Kind.SERVICE_RECEIPT,
        NoticeBook.Kind.DEMAND, NoticeBook.Kind.COURT_APPLICATION);
  }

  @Test
  void paymentPeriodInCalendarDaysEndingInTheHolidayRunsToTheNextWorkingDay() {
    at(ZonedDateTime.of(2026, 9, 22, 10, 0, 0, 0, ZONE));
    ProcessInstance instance = decidedAfterNotice("LITTERING", "organization", "fine", 6000);
    serve(instance, LocalDate.of(2026, 9, 22));
    // fifteen days from 9-22 end on 10-07, a holiday: the period ends on Thursday 10-08, the surcharge runs from 10-09
    assertThat(timerDue(instance, "Timer_PaymentDeadline")).isEqualTo(endOf(2026, 10, 8));
    at(ZonedDateTime.of(2026, 10, 9, 9, 0, 0, 0, ZONE));
    execute(job("Timer_PaymentDeadline", instance));
    at(ZonedDateTime.of(2026, 10, 12, 15, 0, 0, 0, ZONE));
    pay(instance, "Task_AwaitLatePayment", LocalDate.of(2026, 10, 12));
    // 10-09 .. 10-12: four days at 180 yuan
    assertThat(instance).variables().containsEntry("surchargeOwed", 720.0);
    assertThat((String) variable(instance, "paymentRecord")).contains("加处罚款720元");
    assertThat(instance).isWaitingAt("Task_CloseCase");
  }

  @Test
  void reconsiderationStopsTheSurchargeAndTheCourtApplicationUntilItsResult() {
    ProcessInstance instance = decidedAfterNotice("LITTERING", "organization", "fine", 6000);
    serve(instance, LocalDate.of(2026, 11, 16));
    at(ZonedDateTime.of(2026, 12, 2, 9, 0, 0, 0, ZONE));
    execute(job("Timer_PaymentDeadline", instance)); // the surcharge runs from 12-02
    at(ZonedDateTime.of(2026, 12, 10, 10, 0, 0, 0, ZONE));
    Task awaiting = taskAt(instance, "Task_AwaitLatePayment");
    assertRejected(() -> complete(awaiting, withVariables("paymentOutcome", "remedyFiled", "remedyKind", "reconsideration",
        "remedyFiledOn", "2026-12-11", "remedyBody", "县人民政府")), "不能晚于今天");
    complete(awaiting, withVariables("paymentOutcome", "remedyFiled", "remedyKind", "reconsideration",
        "remedyFiledOn", "2026-12-10", "remedyBody", "县人民政府"));
    assertThat(instance).isWaitingAt("Task_RecordRemedyResult");
    assertThat(management.createJobQuery().processInstanceId(instance.getId()).count())
        .as("no surcharge step and no court application while reconsideration is pending").isZero();
    at(ZonedDateTime.of(2026, 12, 29, 10, 0, 0, 0, ZONE));
    complete(taskAt(instance, "Task_RecordRemedyResult"), withVariables("remedyResult", "upheld",
        "remedyResultOn", "2026-12-28", "remedyResultNote", "县人民政府维持原处罚决定"));
    // upheld: execution resumes; the party may still sue within 15 days (2027-01-12), then a court may be asked
    assertThat(instance).isWaitingAt("Task_AwaitLatePayment");
    assertThat(timerDue(instance, "Timer_CourtApplicationOpens")).isEqualTo(endOf(2027, 1, 12));
    at(ZonedDateTime.of(2027, 1, 6, 10, 0, 0, 0, ZONE));
    pay(instance, "Task_AwaitLatePayment", LocalDate.of(2027, 1, 6));
    // 12-02 .. 01-06 are 36 days, less the 19 days 12-10 .. 12-28 while reconsideration was pending: 17 × 180
    assertThat(instance).variables().containsEntry("surchargePausedDays", 19).containsEntry("surchargeOwed", 3060.0);
    close(instance);
  }

  @Test
  void decisionChangedOnReconsiderationIsWithdrawnFromPublicationAndTheNewFineIsCollected() {
    ProcessInstance instance = decidedAfterNotice("LITTERING", "organization", "fine", 6000, "socialImpact", true);
    serve(instance, LocalDate.of(2026, 11, 16));
    complete(taskAt(instance, "Task_PublishDecision"), withVariables("publicText", variable(instance, "publicText"),
        "publicationConfirmed", true));
    assertThat(register.publications("qingshan", 10)).anyMatch(p -> p.caseNo().equals(instance.getBusinessKey())
        && p.withdrawnOn() == null);
    at(MONDAY.plusDays(3));
    complete(taskAt(instance, "Task_AwaitPayment"), withVariables("paymentOutcome", "remedyFiled", "remedyKind", "lawsuit",
        "remedyFiledOn", "2026-11-19", "remedyBody", "县人民法院"));
    at(MONDAY.plusDays(10));
    complete(taskAt(instance, "Task_RecordRemedyResult"), withVariables("remedyResult", "changed",
        "remedyResultOn", "2026-11-26", "newFineAmount", 5000, "remedyResultNote", "法院判决变更罚款为5000元"));
    assertThat(instance).hasPassed("Task_WithdrawPublication").isWaitingAt("Task_AwaitPayment");
    assertThat(register.publications("qingshan", 10)).filteredOn(p -> p.caseNo().equals(instance.getBusinessKey()))
        .singleElement().satisfies(p -> {
          assertThat(p.withdrawnOn()).isEqualTo(LocalDate.of(2026, 11, 26));
          assertThat(p.withdrawalReason()).isEqualTo("该行政处罚决定已被依法变更：法院判决变更罚款为5000元");
          assertThat(p.publicText()).isNull();
        });
    pay(instance, "Task_AwaitPayment", LocalDate.of(2026, 11, 26));
    assertThat((String) variable(instance, "paymentRecord")).contains("缴纳罚款5000元");
    close(instance);
  }

  @Test
  void decisionRevokedOnReconsiderationEndsTheCaseAndLeavesNoFineOnTheRegister() {
    ProcessInstance instance = decidedAfterNotice("LITTERING", "organization", "fine", 6000);
    serve(instance, LocalDate.of(2026, 11, 16));
    String company = parties.numberOf(instance.getId());
    assertThat(company).as("the company's code, kept outside the engine").startsWith("91330000MA0");
    assertThat(register.finesForTheSameAct(company, "LITTERING", LocalDate.of(2026, 11, 6)))
        .contains(instance.getBusinessKey());
    complete(taskAt(instance, "Task_AwaitPayment"), withVariables("paymentOutcome", "remedyFiled",
        "remedyKind", "reconsideration", "remedyFiledOn", "2026-11-16", "remedyBody", "县人民政府"));
    complete(taskAt(instance, "Task_RecordRemedyResult"), withVariables("remedyResult", "revoked",
        "remedyResultOn", "2026-11-16", "remedyResultNote", "事实不清，撤销"));
    assertThat(instance).hasPassed("Task_WithdrawPublication").isWaitingAt("Task_CloseCase");
    assertThat(register.finesForTheSameAct(company, "LITTERING", LocalDate.of(2026, 11, 6)))
        .doesNotContain(instance.getBusinessKey());
  }

  @Test
  void courtApplicationAfterAPenaltyDecidedOnTheSpotFollowsItsReconsiderationPeriodOnly() {
    ProcessInstance instance = filed("ROAD_OCCUPATION", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 150, "proposeSummary", true));
    complete(taskAt(instance, "Task_SummaryDecision"), withVariables("penaltyKind", "fine", "fineAmount", 150,
        "decisionReasons", "当场罚款150元", "partyInformed", true));
    serve(instance, LocalDate.of(2026, 11, 16));
    assertThat(timerDue(instance, "Timer_PaymentDeadline")).isEqualTo(endOf(2026, 12, 1));
    at(ZonedDateTime.of(2026, 12, 2, 9, 0, 0, 0, ZONE));
    execute(job("Timer_PaymentDeadline", instance));
    // no direct lawsuit against an on-the-spot decision: the remedy periods end with the 60 days for reconsideration
    // (2027-01-15), not six months; the court application is due three months later
    assertThat(timerDue(instance, "Timer_CourtApplicationOpens")).isEqualTo(endOf(2027, 1, 15));
    at(ZonedDateTime.of(2027, 1, 18, 9, 0, 0, 0, ZONE));
    execute(job("Timer_CourtApplicationOpens", instance));
    assertThat(taskAt(instance, "Task_ApplyCourtEnforcement").getDueDate()).isEqualTo(endOf(2027, 4, 15));
    at(ZonedDateTime.of(2027, 4, 16, 9, 0, 0, 0, ZONE));
    execute(job("Timer_CourtApplicationDeadline", instance));
    assertThat(instance).hasPassed("Task_EscalateCourtApplication", "End_CourtApplicationEscalated")
        .isWaitingAt("Task_ApplyCourtEnforcement");
    assertThat(noticesTo(instance, "group:supervisor")).anyMatch(c -> c.contains("申请超期督办"));
  }

  // ------------------------------------------------------------------ time limits of the case

  @Test
  void decisionDeadlineWarningAndEscalation() {
    at(ZonedDateTime.of(2026, 10, 26, 10, 0, 0, 0, ZONE));
    ProcessInstance instance = filed("LITTERING", "citizen");
    // 90 days from 10-26 end on Sunday 2027-01-24: Monday 01-25; the warning at 80 % (day 72) on 2027-01-06 at nine
    assertThat(timerDue(instance, "Timer_DecisionOverdue")).isEqualTo(endOf(2027, 1, 25));
    assertThat(timerDue(instance, "Timer_DecisionWarning")).isEqualTo(nineOn(2027, 1, 6));
    at(ZonedDateTime.of(2027, 1, 6, 9, 1, 0, 0, ZONE));
    execute(job("Timer_DecisionWarning", instance));
    assertThat(noticesTo(instance, "group:team-leader")).anyMatch(c -> c.contains("办案期限将于2027年1月25日届满"));
    at(ZonedDateTime.of(2027, 1, 26, 9, 0, 0, 0, ZONE));
    execute(job("Timer_DecisionOverdue", instance));
    assertThat(instance).isWaitingAt("Task_Investigate", "Task_SuperviseDecisionOverdue");
    complete(taskFor(instance, "supervisor"), withVariables("overdueReason", "证据需司法鉴定",
        "supervisionOpinion", "限十日内作出决定"));
    assertThat(instance).hasPassed("End_DecisionOverdueSupervised").isWaitingAt("Task_Investigate");
  }

  @Test
  void filingLateIsEscalatedWhileTheCaseWaitsForApproval() {
    ProcessInstance instance = report("LITTERING", "citizen");
    // fifteen working days from Monday 11-16: 12-07
    assertThat(timerDue(instance, "Timer_FilingDeadline")).isEqualTo(endOf(2026, 12, 7));
    at(ZonedDateTime.of(2026, 12, 8, 9, 0, 0, 0, ZONE));
    execute(job("Timer_FilingDeadline", instance));
    assertThat(instance).hasPassed("Task_EscalateFiling", "End_FilingEscalated").isWaitingAt("Task_ApproveFiling");
    assertThat(noticesTo(instance, "group:supervisor")).anyMatch(c -> c.contains("立案审批已超过15个工作日"));
    // reported on 9-30: the National Day week does not count, 10-08 .. 10-27 are the fifteen working days
    at(BEFORE_NATIONAL_DAY);
    assertThat(timerDue(report("LITTERING", "citizen"), "Timer_FilingDeadline")).isEqualTo(endOf(2026, 10, 27));
  }

  // ------------------------------------------------------------------ before filing

  @Test
  void notFiledWhereTheLawGivesNoPenaltyAndThePartyIsEducated() {
    ProcessInstance instance = report("LITTERING", "citizen");
    complete(taskFor(instance, "team-leader"), withVariables("filingDecision", "notFile", "notFiledGround", "noFault",
        "filingReason", "当事人提供证据证明垃圾系他人倾倒"));
    assertThat(instance).isEnded().hasPassed("Task_RecordNotFiled", "End_NotFiled");
    assertThat(noticesTo(instance, "party:刘德华")).anyMatch(c -> c.contains("不予行政处罚告知书")
        && c.contains("第三十三条第二款") && c.contains("教育"));
  }

  @Test
  void unknownViolationTypeIsRefused() {
    assertRejected(() -> report("NO_SUCH_VIOLATION", "citizen"), "执法事项管辖表中没有");
  }

  @Test
  void anActDiscoveredAfterTheLimitationPeriodIsNotFiled() {
    // committed 2024-11-15: two years ended on 2026-11-15, the day before it was discovered
    ProcessInstance late = report("LITTERING", "citizen", "violationDate", "2024-11-15");
    Task filing = taskFor(late, "team-leader");
    assertRejected(() -> complete(filing, withVariables("filingDecision", "file", "filingReason", "立案",
        "caseOfficers", List.of("qs-officer1", "qs-officer2"))), "已超过追责期限");
    complete(filing, withVariables("filingDecision", "notFile", "notFiledGround", "limitation", "filingReason", "超过两年"));
    assertThat(late).hasPassed("End_NotFiled");
    // committed 2024-11-16: discovered on the last day of the two years, still in time
    ProcessInstance inTime = report("LITTERING", "citizen", "violationDate", "2024-11-16");
    assertRejected(() -> complete(taskFor(inTime, "team-leader"), withVariables("filingDecision", "notFile",
        "notFiledGround", "limitation", "filingReason", "超过两年")), "尚在追责期限内");
    approveFiling(inTime, "qs-officer1", "qs-officer2");
    assertThat(inTime).isWaitingAt("Task_DeclareNoConflict");
    // where life, health or financial safety was harmed, five years
    ProcessInstance harmful = report("LITTERING", "citizen", "violationDate", "2023-01-10");
    complete(taskFor(harmful, "team-leader"), withVariables("filingDecision", "file", "filingReason", "造成人身伤害",
        "harmsSafety", true, "caseOfficers", List.of("qs-officer1", "qs-officer2")));
    assertThat(harmful).isWaitingAt("Task_DeclareNoConflict");
  }

  @Test
  void aChildUnderFourteenIsNotPunishedAndTheGuardianIsTold() {
    ProcessInstance instance = report("LITTERING", "citizen", "partyName", "小明", "partyBirthDate", "2012-11-06",
        "partyIdNumber", ChineseIdNumber.withCheckCharacter("43052120121106123"), "violationDate", "2026-11-06");
    // 14 full years are reached the day after the 14th birthday: on 2026-11-06 he was 13
    assertThat(instance).variables().containsEntry("partyAgeAtViolation", 13).containsEntry("underAgeParty", true);
    Task filing = taskFor(instance, "team-leader");
    assertRejected(() -> complete(filing, withVariables("filingDecision", "file", "filingReason", "立案",
        "caseOfficers", List.of("qs-officer1", "qs-officer2"))), "不满14周岁");
    complete(filing, withVariables("filingDecision", "notFile", "notFiledGround", "underAge", "filingReason", "未满十四周岁"));
    assertThat(noticesTo(instance, "party:小明")).anyMatch(c -> c.contains("请监护人加强管教"));
  }

  @Test
  void aMinorIsPunishedMoreLightly() {
    ProcessInstance instance = filed("LITTERING", "citizen", "partyName", "小刚", "partyBirthDate", "2010-01-01",
        "partyIdNumber", ChineseIdNumber.withCheckCharacter("43052120100101123"));
    assertThat(instance).variables().containsEntry("partyAgeAtViolation", 16).containsEntry("minorParty", true);
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 100));
    respond(instance, false);
    assertRejected(() -> complete(taskAt(instance, "Task_Decide"), decision("fine", 100)), "应当从轻或者减轻");
    complete(taskAt(instance, "Task_Decide"), decision("fine", 50, "lighterApplied", true));
    assertThat(instance).isWaitingAt("Task_ServeDecision");
  }

  @Test
  void theRegisteredBirthDateMustAgreeWithTheIdentityNumber() {
    assertRejected(() -> report("LITTERING", "citizen", "partyBirthDate", "1980-05-07"), "出生日期不一致");
    assertRejected(() -> report("LITTERING", "citizen", "violationDate", "2026-11-17"), "不能晚于今天");
    assertRejected(() -> report("LITTERING", "citizen", "violationDate", "上周"), "应为日期");
  }

  @Test
  void theSameActAlreadyFinedIsNotFinedAgain() {
    String sameParty = ChineseIdNumber.withCheckCharacter("43052119800506099");
    ProcessInstance first = filed("LITTERING", "citizen", "partyIdNumber", sameParty);
    complete(taskAt(first, "Task_Investigate"), investigation("fine", 100, "proposeSummary", true));
    complete(taskAt(first, "Task_SummaryDecision"), withVariables("penaltyKind", "fine", "fineAmount", 100,
        "decisionReasons", "当场罚款100元", "partyInformed", true));
    ProcessInstance second = filed("LITTERING", "citizen", "partyIdNumber", sameParty);
    assertThat(second).variables().containsEntry("fineBarred", true).containsEntry("sameActFinedIn", first.getBusinessKey());
    assertRejected(() -> complete(taskAt(second, "Task_Investigate"), investigation("fine", 100)), "不得再次罚款");
    complete(taskAt(second, "Task_Investigate"), investigation("warning", 0, "proposedPenalty", "拟给予警告"));
    assertThat(second).isWaitingAt("Task_RecordPartyResponse");
  }

  @Test
  void registeringACaseAgainKeepsOrCorrectsThePartysNumber() {
    // an administrator starts the case again before 登记案源 (Cockpit's modification) to correct what was entered
    ProcessInstance instance = report("LITTERING", "citizen");
    String number = parties.numberOf(instance.getId());
    assertThat(number).isNotNull();
    runtime.createProcessInstanceModification(instance.getId()).startBeforeActivity("Task_RegisterCase")
        .setVariable("location", "青山镇西村").execute();
    assertThat(parties.numberOf(instance.getId())).as("not given again: the case keeps its number").isEqualTo(number);
    String corrected = ChineseIdNumber.withCheckCharacter("43052119800506" + PARTY.incrementAndGet());
    runtime.createProcessInstanceModification(instance.getId()).startBeforeActivity("Task_RegisterCase")
        .setVariable(PartyIdentities.VARIABLE, corrected).execute();
    assertThat(parties.numberOf(instance.getId())).isEqualTo(corrected);
    assertThat(runtime.getVariable(instance.getId(), PartyIdentities.VARIABLE)).isNull();
  }

  @Test
  void aSuspectedCrimeIsTransferredToTheJudicialOrgans() {
    ProcessInstance instance = report("FOREST_DESTRUCTION", "citizen");
    complete(taskFor(instance, "team-leader"), withVariables("filingDecision", "transferJudicial",
        "filingReason", "毁坏林木数量巨大，涉嫌滥伐林木罪"));
    assertThat(instance).isEnded().hasPassed("Task_TransferToJudicial", "End_TransferredToJudicial")
        .hasNotPassed("Task_OpenCase");
    assertThat(noticesTo(instance, "judicial:公安机关")).anyMatch(c -> c.contains("涉嫌犯罪案件移送书")
        && c.contains("第二十七条"));
  }

  // ------------------------------------------------------------------ penalties the law gives

  @Test
  void aFineWhereTheLegalBasisGivesNoneIsRefused() {
    ProcessInstance instance = filed("ILLEGAL_CONSTRUCTION", "citizen");
    Task investigate = taskAt(instance, "Task_Investigate");
    assertRejected(() -> complete(investigate, investigation("fine", 10000)), "不能给予“罚款”");
    assertRejected(() -> complete(investigate, investigation("order", 10000)), "没有规定罚款");
    assertRejected(() -> complete(investigate, investigation("warning", 0)), "只规定了责令停止违法行为、限期改正");
    complete(investigate, investigation("order", 0, "proposedPenalty", "责令停止建设、限期改正"));
    assertThat(instance).isWaitingAt("Task_RecordPartyResponse");
  }

  @Test
  void aFineAboveTheRangeOfTheLegalBasisIsRefused() {
    ProcessInstance instance = filed("FOREST_DESTRUCTION", "citizen");
    Task investigate = taskAt(instance, "Task_Investigate");
    assertRejected(() -> complete(investigate, investigation("fine", 6000, "violationValue", 1000)),
        "不得超过涉案价值1000元的5倍，即5000元");
    assertRejected(() -> complete(investigate, investigation("fine", 6000)), "请填写涉案价值");
    ProcessInstance littering = filed("LITTERING", "citizen");
    assertRejected(() -> complete(taskAt(littering, "Task_Investigate"), investigation("fine", 1000)), "对公民的罚款不得超过200元");
  }

  @Test
  void illegalConstructionNotCorrectedInTimeGoesToAdministrativeCompulsion() {
    ProcessInstance instance = filed("ILLEGAL_CONSTRUCTION", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("order", 0, "proposedPenalty", "责令停止建设、限期改正"));
    respond(instance, false);
    decide(instance, "order", 0, "correctionDeadline", "2026-11-30", "decisionReasons", "责令停止建设，于2026年11月30日前拆除违法建筑");
    assertThat((String) variable(instance, "penaltyDecisionText")).contains("责令你于2026年11月30日前改正违法行为");
    serve(instance, LocalDate.of(2026, 11, 16));
    assertThat(instance).isWaitingAt("Task_CheckCorrection").hasNotPassed("Task_AwaitPayment");
    assertThat(taskAt(instance, "Task_CheckCorrection").getDueDate()).isEqualTo(endOf(2026, 11, 30));
    at(MONDAY.plusDays(4));
    assertRejected(() -> complete(taskAt(instance, "Task_CheckCorrection"), withVariables("corrected", "false",
        "correctionCheckNote", "仍在施工")), "届满前不能认定逾期未改正");
    at(ZonedDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZONE));
    complete(taskAt(instance, "Task_CheckCorrection"), withVariables("corrected", "false", "correctionCheckNote", "未拆除"));
    assertThat(instance).isWaitingAt("CallActivity_AdministrativeCompulsion");
    ProcessInstance compulsion = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId()).singleResult();
    assertThat(compulsion).isWaitingAt("Task_ServeDemand");
    complete(taskAt(compulsion, "Task_ServeDemand"), withVariables("demandServiceMethod", "direct", "demandServedOn", "2026-12-01"));
    complete(taskAt(compulsion, "Task_RecordDemandResponse"), withVariables("demandOutcome", "complied",
        "demandStatement", "当事人已自行拆除"));
    assertThat(compulsion).isEnded().hasPassed("End_Fulfilled");
    assertThat(instance).isWaitingAt("Task_CloseCase");
  }

  @Test
  void anOrderCorrectedInTimeClosesTheCase() {
    ProcessInstance instance = filed("ILLEGAL_CONSTRUCTION", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("order", 0, "proposedPenalty", "责令停止建设、限期改正"));
    respond(instance, false);
    assertRejected(() -> complete(taskAt(instance, "Task_Decide"), decision("order", 0)), "限期改正的期限");
    decide(instance, "order", 0, "correctionDeadline", "2026-11-30");
    serve(instance, LocalDate.of(2026, 11, 16));
    complete(taskAt(instance, "Task_CheckCorrection"), withVariables("corrected", "true", "correctionCheckNote", "已拆除"));
    assertThat(instance).hasNotPassed("CallActivity_AdministrativeCompulsion");
    close(instance);
  }

  // ------------------------------------------------------------------ recusal

  @Test
  void anOfficerWhoMustWithdrawIsReplacedBeforeTheInvestigation() {
    ProcessInstance instance = report("LITTERING", "citizen");
    approveFiling(instance, "qs-officer1", "qs-officer2");
    declare(instance, "qs-officer1", "noConflict");
    declare(instance, "qs-officer2", "conflict", "conflictReason", "当事人是本人的表兄");
    assertThat(instance).isWaitingAt("Task_ReplaceOfficers").hasNotPassed("Task_Investigate");
    Task replace = taskAt(instance, "Task_ReplaceOfficers");
    assertRejected(() -> complete(replace, withVariables("caseOfficers", List.of("qs-officer1", "qs-officer2"),
        "replacementReason", "更换")), "钱明（qs-officer2）已回避");
    complete(replace, withVariables("caseOfficers", List.of("qs-officer1", "qs-officer3"), "replacementReason", "孙强接替"));
    // only the new officer declares
    assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey("Task_DeclareNoConflict")
        .count()).isEqualTo(1);
    declare(instance, "qs-officer3", "noConflict");
    assertThat(instance).isWaitingAt("Task_Investigate");
    assertThat(instance).variables().containsEntry("investigators", "郭勇、孙强");
  }

  @Test
  void onlyTheOfficerHimselfDeclaresWhetherHeMustWithdraw() {
    ProcessInstance instance = report("LITTERING", "citizen");
    approveFiling(instance, "qs-officer1", "qs-officer2");
    Task declaration = tasks.createTaskQuery().processInstanceId(instance.getId())
        .taskDefinitionKey("Task_DeclareNoConflict").taskCandidateUser("qs-officer1").singleResult();
    // even an administrator, whom no authorization stops, cannot declare for him
    identity.setAuthentication("admin", List.of("camunda-admin"), List.of("qingshan"));
    try {
      assertRejected(() -> complete(declaration, withVariables("declaration", "noConflict")), "须由执法人员本人作出");
    } finally {
      identity.clearAuthentication();
    }
    assertThat(tasks.createTaskQuery().taskId(declaration.getId()).count()).isEqualTo(1);
  }

  @Test
  void aPartysRecusalRequestGrantedByTheHeadReplacesTheOfficerAndTheInvestigationIsRedone() {
    ProcessInstance instance = filed("LITTERING", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 100, "recusalRequested", true,
        "recusalAgainst", List.of("qs-officer2"), "recusalReason", "执法人员与当事人有矛盾"));
    assertThat(instance).isWaitingAt("Task_DecideRecusal").hasNotPassed("Task_NotifyRights");
    assertThat(taskFor(instance, "leadership").getTaskDefinitionKey()).isEqualTo("Task_DecideRecusal");
    complete(taskAt(instance, "Task_DecideRecusal"), withVariables("recusalGranted", "true", "recusalDecisionReason", "理由成立"));
    assertThat(noticesTo(instance, "party:刘德华")).anyMatch(c -> c.contains("回避申请决定书") && c.contains("决定其回避"));
    complete(taskAt(instance, "Task_ReplaceOfficers"), withVariables("caseOfficers", List.of("qs-officer1", "qs-officer3"),
        "replacementReason", "孙强接替"));
    declare(instance, "qs-officer3", "noConflict");
    assertThat(instance).isWaitingAt("Task_Investigate");
  }

  @Test
  void aPartysRecusalRequestRefusedByTheHeadLetsTheCaseGoOn() {
    ProcessInstance instance = filed("LITTERING", "citizen");
    Task investigate = taskAt(instance, "Task_Investigate");
    assertRejected(() -> complete(investigate, investigation("fine", 100, "recusalRequested", true,
        "recusalReason", "无")), "请选择当事人申请回避的本案执法人员");
    complete(investigate, investigation("fine", 100, "recusalRequested", true, "recusalAgainst", List.of("qs-officer1"),
        "recusalReason", "执法人员态度不好"));
    complete(taskAt(instance, "Task_DecideRecusal"), withVariables("recusalGranted", "false", "recusalDecisionReason", "不属于回避情形"));
    assertThat(instance).hasPassed("Task_NotifyRights").isWaitingAt("Task_RecordPartyResponse");
    assertThat(noticesTo(instance, "party:刘德华")).anyMatch(c -> c.contains("申请不成立，予以驳回"));
  }

  // ------------------------------------------------------------------ no heavier penalty for defending

  @Test
  void aDecisionHeavierThanNotifiedIsRefusedOrNotifiedAgainWithAHearingRight() {
    ProcessInstance instance = filed("FOREST_DESTRUCTION", "citizen");
    complete(taskAt(instance, "Task_Investigate"), investigation("fine", 3000, "violationValue", 2000));
    assertThat(instance).variables().containsEntry("hearingRight", false);
    respond(instance, false);
    Task decide = taskAt(instance, "Task_Decide");
    assertRejected(() -> complete(decide, decision("fine", 6000, "violationValue", 2000)), "第四十五条");
    assertRejected(() -> complete(decide, decision("fine", 2000, "decisionKind", "renotify")), "无须重新告知");
    complete(decide, decision("fine", 6000, "decisionKind", "renotify", "decisionReasons", "补充调查发现毁林面积扩大，拟罚款6000元"));
    // notified again, now with a hearing right (6000 yuan is 较大数额 for a citizen)
    assertThat(instance).isWaitingAt("Task_RecordPartyResponse");
    assertThat(instance).variables().containsEntry("hearingRight", true).containsEntry("notifiedFineAmount", 6000.0);
    assertThat(noticesTo(instance, "party:刘德华")).filteredOn(c -> c.contains("行政处罚事先告知书")).hasSize(2)
        .last(InstanceOfAssertFactories.STRING).contains("补充调查发现毁林面积扩大").contains("有权要求举行听证");
    respond(instance, false);
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalReviewOpinion", "pass", "legalReviewNote", "同意"));
    decide(instance, "fine", 6000, "violationValue", 2000);
    assertThat(instance).isWaitingAt("Task_ServeDecision");
  }

  // ------------------------------------------------------------------ publication

  @Test
  void aDecisionWithSocialImpactIsPublishedWithinSevenWorkingDaysWithoutThePartysFullName() {
    at(BEFORE_NATIONAL_DAY);
    ProcessInstance instance = decidedAfterNotice("LITTERING", "citizen", "fine", 200, "socialImpact", true);
    // decided on 9-30, served within seven working days: by 10-15, not 10-07 in the holiday
    assertThat(timerDue(instance, "Timer_ServiceDeadline")).isEqualTo(endOf(2026, 10, 15));
    serve(instance, LocalDate.of(2026, 9, 30));
    // seven working days from 9-30: 10-08, 09, 10 (Saturday, adjusted), 12, 13, 14, 15
    assertThat(instance).isWaitingAt("Task_PublishDecision", "Task_AwaitPayment");
    assertThat(timerDue(instance, "Timer_PublicationDeadline")).isEqualTo(endOf(2026, 10, 15));
    String text = (String) variable(instance, "publicText");
    String idNumber = parties.numberOf(instance.getId());
    assertThat(ChineseIdNumber.problem(idNumber)).as("the party's number, kept outside the engine").isNull();
    assertThat(text).contains("当事人刘**").doesNotContain("刘德华").doesNotContain(idNumber);
    at(ZonedDateTime.of(2026, 10, 16, 9, 0, 0, 0, ZONE));
    execute(job("Timer_PublicationDeadline", instance));
    assertThat(instance).hasPassed("Task_EscalatePublication", "End_PublicationEscalated");
    Task publish = taskAt(instance, "Task_PublishDecision");
    assertRejected(() -> complete(publish, withVariables("publicText", text + "当事人刘德华", "publicationConfirmed", true)),
        "完整姓名");
    assertRejected(() -> complete(publish, withVariables("publicText", text + idNumber, "publicationConfirmed", true)),
        "身份证号码");
    // found by the fifth attacker's review: typed with a Chinese input method in full width, or grouped, it was published
    String fullWidth = idNumber.chars().mapToObj(c -> String.valueOf((char) (c + 0xFEE0))).collect(joining());
    String grouped = idNumber.substring(0, 6) + " " + idNumber.substring(6, 14) + "-" + idNumber.substring(14);
    for (String spelled : List.of(fullWidth, grouped, idNumber.toLowerCase(java.util.Locale.ROOT))) {
      assertRejected(() -> complete(publish, withVariables("publicText", text + "（" + spelled + "）",
          "publicationConfirmed", true)), "身份证号码");
    }
    complete(publish, withVariables("publicText", text, "publicationConfirmed", true));
    assertThat(register.publications("qingshan", 10)).filteredOn(p -> p.caseNo().equals(instance.getBusinessKey()))
        .singleElement().satisfies(p -> {
          assertThat(p.publishedOn()).isEqualTo(LocalDate.of(2026, 10, 16));
          assertThat(p.publicText()).isEqualTo(text);
        });
  }
}
