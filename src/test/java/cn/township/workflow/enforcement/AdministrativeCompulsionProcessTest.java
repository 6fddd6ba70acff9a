package cn.township.workflow.enforcement;

import static cn.township.workflow.support.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.casefile.NoticeBook;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * administrative-compulsion.bpmn, as joint-enforcement calls it for an order not obeyed: a decision of 2026-11-18 to
 * stop building and demolish by 11-30, challengeable until 2027-05-18; the compulsion starts on Tuesday 2026-12-01.
 */
class AdministrativeCompulsionProcessTest extends ProcessTestCase {

  static final AtomicInteger CASE = new AtomicInteger();

  @Autowired ManagementService management;
  @Autowired NoticeBook notices;

  @BeforeEach
  void afterTheCorrectionDeadline() {
    at(ZonedDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZONE));
  }

  /** The called process with what the enforcement case passes on. */
  ProcessInstance compel(String power) {
    String caseNo = "QS-20261118-9" + CASE.incrementAndGet();
    return runtime.startProcessInstanceByKey("administrative-compulsion", caseNo,
        Variables.createVariables().putValue("townshipId", "qingshan").putValue("caseNo", caseNo).putValue("receiptNo", caseNo)
            .putValue("actingAuthority", "青山镇人民政府").putValue("partyName", "刘德华").putValue("partyType", "citizen")
            .putValue("partyTypeLabel", "公民").putValue("location", "青山镇东村").putValue("violationName", "未取得乡村建设规划许可证进行建设")
            .putValue("penaltyBasis", "《中华人民共和国城乡规划法》第六十五条").putValue("reconsiderationBody", "县人民政府")
            .putValue("decisionReasons", "停止建设，拆除违法建筑").putValue("correctionDueDate", "2026年11月30日")
            .putValue("compulsionPower", power).putValue("remedyPeriodEnds", endOf(2027, 5, 18)));
  }

  Task taskAt(ProcessInstance instance, String key) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(key).singleResult();
  }

  Date timerDue(ProcessInstance instance, String timer) {
    return management.createJobQuery().processInstanceId(instance.getId()).activityId(timer).singleResult().getDuedate();
  }

  /** 催告书 served on 12-01: ten working days to comply, to Tuesday 12-15. */
  ProcessInstance demandServed(String power) {
    ProcessInstance instance = compel(power);
    assertThat(instance).isWaitingAt("Task_ServeDemand");
    complete(taskAt(instance, "Task_ServeDemand"), withVariables("demandServiceMethod", "direct", "demandServedOn", "2026-12-01"));
    return instance;
  }

  /** The demand period runs out without a word from the party; on 12-16 the officer checks whether the duty was met. */
  void demandPeriodOver(ProcessInstance instance, boolean fulfilled) {
    at(ZonedDateTime.of(2026, 12, 16, 9, 0, 0, 0, ZONE));
    execute(job("Timer_DemandPeriodEnds", instance));
    complete(taskAt(instance, "Task_CheckObligation"), withVariables("obligationFulfilled", String.valueOf(fulfilled),
        "obligationCheckNote", fulfilled ? "已履行" : "未履行"));
  }

  /** Demand period over, duty not met, the head decides to demolish; decision served on 12-16. */
  ProcessInstance demolitionDecided() {
    ProcessInstance instance = demandServed("township");
    complete(taskAt(instance, "Task_RecordDemandResponse"), withVariables("demandOutcome", "defenceRejected",
        "demandStatement", "当事人称房屋自住，经复核不影响违法事实认定"));
    at(ZonedDateTime.of(2026, 12, 16, 9, 0, 0, 0, ZONE));
    execute(job("Timer_AwaitDemandPeriod", instance));
    complete(taskAt(instance, "Task_CheckObligation"), withVariables("obligationFulfilled", "false", "obligationCheckNote", "未拆除"));
    complete(taskAt(instance, "Task_DecideCompulsion"), withVariables("compulsionManner", "demolition",
        "plannedExecutionOn", "2027-06-21", "compulsionReasons", "逾期不拆除"));
    complete(taskAt(instance, "Task_ServeCompulsionDecision"), withVariables("compulsionServiceMethod", "direct",
        "compulsionServedOn", "2026-12-16"));
    complete(taskAt(instance, "Task_AnnounceDemolition"), withVariables("announcedOn", "2026-12-16", "announcementPlace", "违建现场"));
    assertThat(instance).isWaitingAt("Task_AwaitDemolitionPeriod");
    return instance;
  }

  @Test
  void demolitionOnlyAfterDemandDecisionNoticeAndEveryRemedyPeriodByDayOnAWorkingDay() {
    ProcessInstance instance = compel("township");
    assertThat(notices.forCase(instance.getBusinessKey())).extracting(NoticeBook.Notice::content)
        .anyMatch(c -> c.contains("催告书") && c.contains("收到本催告书之日起10个工作日内履行") && c.contains("陈述和申辩"));
    Task serve = taskAt(instance, "Task_ServeDemand");
    assertRejected(() -> complete(serve, withVariables("demandServiceMethod", "direct", "demandServedOn", "2026-12-02")),
        "不能晚于今天");
    complete(serve, withVariables("demandServiceMethod", "direct", "demandServedOn", "2026-12-01"));
    // ten working days from Tuesday 12-01 (行政强制法第六十九条): 12-15
    assertThat(taskAt(instance, "Task_RecordDemandResponse").getDueDate()).isEqualTo(endOf(2026, 12, 15));
    assertThat(timerDue(instance, "Timer_DemandPeriodEnds")).isEqualTo(endOf(2026, 12, 15));
    complete(taskAt(instance, "Task_RecordDemandResponse"), withVariables("demandOutcome", "defenceRejected",
        "demandStatement", "当事人称房屋自住，经复核不影响违法事实认定"));
    // the defence is heard, yet nothing is decided before the period is over
    assertThat(instance).isWaitingAt("Timer_AwaitDemandPeriod");
    assertThat(timerDue(instance, "Timer_AwaitDemandPeriod")).isEqualTo(endOf(2026, 12, 15));
    at(ZonedDateTime.of(2026, 12, 16, 9, 0, 0, 0, ZONE));
    execute(job("Timer_AwaitDemandPeriod", instance));
    complete(taskAt(instance, "Task_CheckObligation"), withVariables("obligationFulfilled", "false", "obligationCheckNote", "未拆除"));
    assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).taskCandidateGroup("leadership").singleResult()
        .getTaskDefinitionKey()).isEqualTo("Task_DecideCompulsion");
    Task decide = taskAt(instance, "Task_DecideCompulsion");
    assertRejected(() -> complete(decide, withVariables("compulsionManner", "demolition", "plannedExecutionOn", "2027-06-19",
        "compulsionReasons", "逾期不拆除")), "不得在法定节假日实施");
    complete(decide, withVariables("compulsionManner", "demolition", "plannedExecutionOn", "2027-06-21",
        "compulsionReasons", "逾期不拆除"));
    assertThat((String) runtime.getVariable(instance.getId(), "compulsionDecisionText")).contains("行政强制执行决定书")
        .contains("强制拆除　时间：2027年6月21日").contains("60日内向县人民政府申请行政复议")
        .contains("6个月内依法向人民法院提起行政诉讼").contains("强制拆除前将予以公告");
    complete(taskAt(instance, "Task_ServeCompulsionDecision"), withVariables("compulsionServiceMethod", "direct",
        "compulsionServedOn", "2026-12-16"));
    complete(taskAt(instance, "Task_AnnounceDemolition"), withVariables("announcedOn", "2026-12-16", "announcementPlace", "违建现场"));
    // the party's own ten days end on Saturday 12-26, so Monday 12-28; the decision may be challenged in court until
    // 2027-06-16 (six months from 12-16): no demolition before the last of these
    assertThat(runtime.getVariable(instance.getId(), "selfDemolitionDue")).isEqualTo(endOf(2026, 12, 28));
    assertThat(timerDue(instance, "Timer_DemolitionAllowed")).isEqualTo(endOf(2027, 6, 16));
    at(ZonedDateTime.of(2027, 6, 17, 9, 0, 0, 0, ZONE));
    execute(job("Timer_DemolitionAllowed", instance));
    assertThat(instance).isWaitingAt("Task_RecordExecution");
    at(ZonedDateTime.of(2027, 6, 21, 18, 0, 0, 0, ZONE));
    Task record = taskAt(instance, "Task_RecordExecution");
    assertRejected(() -> complete(record, withVariables("executionStartedAt", "2027-06-16T10:00",
        "executionEndedAt", "2027-06-16T12:00", "executionRecord", "拆除")), "第四十四条");
    assertRejected(() -> complete(record, withVariables("executionStartedAt", "2027-06-18T21:00",
        "executionEndedAt", "2027-06-18T23:00", "executionRecord", "夜间拆除")), "不得在夜间");
    assertRejected(() -> complete(record, withVariables("executionStartedAt", "2027-06-19T09:00",
        "executionEndedAt", "2027-06-19T11:00", "executionRecord", "周六拆除")), "法定节假日");
    assertRejected(() -> complete(record, withVariables("executionStartedAt", "2027-06-18T21:00",
        "executionEndedAt", "2027-06-18T23:00", "executionRecord", "夜间拆除", "urgentExecution", true)), "情况紧急的理由");
    complete(record, withVariables("executionStartedAt", "2027-06-21T09:00", "executionEndedAt", "2027-06-21T11:30",
        "executionRecord", "依法拆除违法建筑，当事人在场"));
    assertThat(instance).isEnded().hasPassed("End_Executed");
    documents.assertIssued(instance, NoticeBook.Kind.DEMAND, NoticeBook.Kind.COMPULSION_DECISION,
        NoticeBook.Kind.SERVICE_RECEIPT);
  }

  @Test
  void theDemandPeriodDoesNotRunOverNationalDay() {
    at(ZonedDateTime.of(2026, 9, 28, 10, 0, 0, 0, ZONE));
    ProcessInstance instance = compel("township");
    complete(taskAt(instance, "Task_ServeDemand"), withVariables("demandServiceMethod", "direct", "demandServedOn", "2026-09-28"));
    // 9-29, 9-30, then 10-08, 10-09, Saturday 10-10 (worked), 10-12 .. 10-16: the tenth working day is 10-16
    assertThat(timerDue(instance, "Timer_DemandPeriodEnds")).isEqualTo(endOf(2026, 10, 16));
  }

  @Test
  void aPendingLawsuitStopsTheDemolitionUntilItsResult() {
    ProcessInstance instance = demolitionDecided();
    at(ZonedDateTime.of(2027, 1, 5, 10, 0, 0, 0, ZONE));
    complete(taskAt(instance, "Task_AwaitDemolitionPeriod"), withVariables("awaitOutcome", "remedyFiled",
        "remedyKind", "reconsideration", "remedyFiledOn", "2027-01-05", "remedyBody", "县人民政府"));
    assertThat(instance).isWaitingAt("Task_RecordCompulsionRemedyResult");
    assertThat(management.createJobQuery().processInstanceId(instance.getId()).count())
        .as("no demolition timer while reconsideration is pending").isZero();
    at(ZonedDateTime.of(2027, 6, 11, 10, 0, 0, 0, ZONE));
    complete(taskAt(instance, "Task_RecordCompulsionRemedyResult"), withVariables("remedyResult", "upheld",
        "remedyResultOn", "2027-06-10", "remedyResultNote", "维持强制执行决定"));
    // upheld on 06-10: the party may still sue for 15 days, to Friday 06-25, later than the earlier periods
    assertThat(instance).isWaitingAt("Task_AwaitDemolitionPeriod");
    assertThat(timerDue(instance, "Timer_DemolitionAllowed")).isEqualTo(endOf(2027, 6, 25));
  }

  @Test
  void aDecisionRevokedOnReconsiderationEndsTheCompulsion() {
    ProcessInstance instance = demolitionDecided();
    complete(taskAt(instance, "Task_AwaitDemolitionPeriod"), withVariables("awaitOutcome", "remedyFiled",
        "remedyKind", "lawsuit", "remedyFiledOn", "2026-12-16", "remedyBody", "县人民法院"));
    complete(taskAt(instance, "Task_RecordCompulsionRemedyResult"), withVariables("remedyResult", "revoked",
        "remedyResultOn", "2026-12-16", "remedyResultNote", "撤销"));
    assertThat(instance).isEnded().hasPassed("End_CompulsionRevoked").hasNotPassed("Task_RecordExecution");
  }

  @Test
  void aPartyWhoDemolishesHimselfEndsTheCompulsion() {
    ProcessInstance instance = demolitionDecided();
    complete(taskAt(instance, "Task_AwaitDemolitionPeriod"), withVariables("awaitOutcome", "selfDemolished",
        "awaitNote", "现场核查已拆除"));
    assertThat(instance).isEnded().hasPassed("End_Fulfilled").hasNotPassed("Task_RecordExecution");
  }

  @Test
  void aDefenceFoundValidEndsTheCompulsion() {
    ProcessInstance instance = demandServed("township");
    complete(taskAt(instance, "Task_RecordDemandResponse"), withVariables("demandOutcome", "defenceAccepted",
        "demandStatement", "当事人提供了乡村建设规划许可证，事实成立"));
    assertThat(instance).isEnded().hasPassed("End_DefenceAccepted").hasNotPassed("Task_DecideCompulsion");
  }

  @Test
  void aSilentPartyWhoMetTheDutyByTheEndOfTheDemandPeriod() {
    ProcessInstance instance = demandServed("township");
    demandPeriodOver(instance, true);
    assertThat(instance).isEnded().hasPassed("End_Fulfilled").hasNotPassed("Task_DecideCompulsion");
  }

  @Test
  void anotherMannerOfCompulsionNeedsNoPublicNotice() {
    ProcessInstance instance = demandServed("township");
    demandPeriodOver(instance, false);
    complete(taskAt(instance, "Task_DecideCompulsion"), withVariables("compulsionManner", "other",
        "plannedExecutionOn", "2026-12-21", "compulsionReasons", "查封施工工具"));
    complete(taskAt(instance, "Task_ServeCompulsionDecision"), withVariables("compulsionServiceMethod", "direct",
        "compulsionServedOn", "2026-12-16"));
    assertThat(instance).hasNotPassed("Task_AnnounceDemolition").isWaitingAt("Task_RecordExecution");
    at(ZonedDateTime.of(2026, 12, 21, 15, 0, 0, 0, ZONE));
    complete(taskAt(instance, "Task_RecordExecution"), withVariables("executionStartedAt", "2026-12-21T09:00",
        "executionEndedAt", "2026-12-21T10:00", "executionRecord", "查封施工工具"));
    assertThat(instance).isEnded().hasPassed("End_Executed");
  }

  @Test
  void withoutItsOwnPowerTheTownshipAsksTheCourtAfterTheRemedyPeriods() {
    ProcessInstance instance = demandServed("court");
    demandPeriodOver(instance, false);
    assertThat(instance).isWaitingAt("Timer_CourtApplicationOpens").hasNotPassed("Task_DecideCompulsion");
    // the decision could be challenged until 2027-05-18 (later than the demand period): then three months
    assertThat(timerDue(instance, "Timer_CourtApplicationOpens")).isEqualTo(endOf(2027, 5, 18));
    at(ZonedDateTime.of(2027, 5, 19, 9, 0, 0, 0, ZONE));
    execute(job("Timer_CourtApplicationOpens", instance));
    assertThat(taskAt(instance, "Task_ApplyCourtCompulsion").getDueDate()).isEqualTo(endOf(2027, 8, 18));
    complete(taskAt(instance, "Task_ApplyCourtCompulsion"), withVariables("court", "县人民法院", "courtApplication", "已申请"));
    assertThat(instance).isEnded().hasPassed("End_CourtApplied");
  }
}
