package cn.township.workflow.enforcement;

import static cn.township.workflow.support.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.window.NoticeBook;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** joint-enforcement.bpmn: every route of the Administrative Penalty Law a township case can take. */
class JointEnforcementProcessTest extends ProcessTestCase {

  @Autowired NoticeBook notices;

  ProcessInstance report(String violation, String partyType) {
    return runtime.startProcessInstanceByKey("joint-enforcement", Variables.createVariables()
        .putValue("townshipId", "qingshan").putValue("caseSource", "inspection").putValue("violationType", violation)
        .putValue("partyType", partyType).putValue("partyName", "organization".equals(partyType) ? "青山建材有限公司" : "刘某")
        .putValue("partyIdNumber", "91330000XXXXXXXX0X").putValue("location", "青山镇东村")
        .putValue("facts", "巡查发现当事人实施违法行为"));
  }

  Task taskFor(ProcessInstance instance, String group) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).taskCandidateGroup(group)
        .singleResult();
  }

  ProcessInstance filed(String violation, String partyType) {
    ProcessInstance instance = report(violation, partyType);
    complete(taskFor(instance, "team-leader"), withVariables("fileCase", "true", "filingReason", "符合立案条件"));
    assertThat(instance).isWaitingAt("Task_Investigate");
    return instance;
  }

  static Map<String, Object> investigation(String kind, double fine, Object... more) {
    Map<String, Object> variables = new HashMap<>(withVariables("investigators", "郭勇、钱明", "evidence", "现场检查笔录、照片",
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

  void decide(ProcessInstance instance, double fine) {
    assertThat(instance).isWaitingAt("Task_Decide");
    complete(taskFor(instance, "team-leader"), withVariables("decisionKind", "penalty", "fineAmount", fine,
        "decisionReasons", "责令改正，并处罚款" + fine + "元"));
  }

  void serveAndPay(ProcessInstance instance) {
    complete(taskFor(instance, "enforcement-officer"), withVariables("serviceMethod", "direct", "decisionServed", true));
    assertThat(instance).isWaitingAt("Task_AwaitPayment");
    complete(taskFor(instance, "enforcement-officer"), withVariables("finePaid", true, "paymentReference", "QS0001"));
    complete(taskFor(instance, "team-leader"), withVariables("closingSummary", "罚款已缴清", "archived", true));
    assertThat(instance).isEnded().hasPassed("End_Closed");
  }

  String decisionText(ProcessInstance instance) {
    return (String) runtime.getVariable(instance.getId(), "penaltyDecisionText");
  }

  @Test
  void summaryProcedureOnTheSpot() {
    ProcessInstance instance = filed("LITTERING", "citizen");
    complete(taskFor(instance, "enforcement-officer"), investigation("fine", 100, "proposeSummary", true));
    assertThat(instance).isWaitingAt("Task_SummaryDecision");
    complete(taskFor(instance, "enforcement-officer"), withVariables("decisionReasons", "当场罚款100元", "fineAmount", 100,
        "partyInformed", true));
    assertThat(instance).hasNotPassed("Task_NotifyRights").isWaitingAt("Task_ServeDecision");
    assertThat(decisionText(instance)).startsWith("青山镇人民政府").contains("十五日内缴纳罚款 100");
    serveAndPay(instance);
  }

  @Test
  void generalProcedureWithoutHearing() {
    ProcessInstance instance = filed("LITTERING", "citizen");
    complete(taskFor(instance, "enforcement-officer"), investigation("fine", 1000));
    assertThat(instance).hasPassed("Task_NotifyRights");
    assertThat(instance).variables().containsEntry("hearingRight", false).containsEntry("legalReviewRequired", false);
    assertThat(notices.forCase(instance.getBusinessKey())).extracting(NoticeBook.Notice::content)
        .anyMatch(c -> c.contains("行政处罚事先告知书") && c.contains("陈述和申辩") && !c.contains("听证"));
    respond(instance, false);
    decide(instance, 1000);
    serveAndPay(instance);
  }

  @Test
  void heavyFineWithHearingAndLegalReview() {
    ProcessInstance instance = filed("ILLEGAL_CONSTRUCTION", "citizen");
    complete(taskFor(instance, "enforcement-officer"), investigation("fine", 10000));
    assertThat(instance).variables().containsEntry("hearingRight", true).containsEntry("legalReviewRequired", true);
    respond(instance, true);
    assertThat(instance).hasPassed("Task_NotifyHearing").isWaitingAt("Task_HoldHearing");
    complete(taskFor(instance, "team-leader"), withVariables("hearingHost", "秦队长", "hearingRecord", "当事人承认违建"));
    assertThat(instance).isWaitingAt("Task_LegalReview");
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalReviewOpinion", "pass", "legalReviewNote", "事实清楚"));
    decide(instance, 10000);
    serveAndPay(instance);
  }

  @Test
  void complexCaseGetsLegalReviewAndCollectiveDiscussion() {
    ProcessInstance instance = filed("ILLEGAL_CONSTRUCTION", "organization");
    complete(taskFor(instance, "enforcement-officer"), investigation("fine", 20000, "complexCase", true));
    respond(instance, false);
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalReviewOpinion", "pass", "legalReviewNote", "同意"));
    assertThat(instance).isWaitingAt("Task_CollectiveDiscussion");
    complete(taskFor(instance, "leadership"), withVariables("attendees", "王镇长等5人", "discussion", "同意拟处罚意见"));
    decide(instance, 20000);
  }

  @Test
  void noDecisionWithoutLegalReviewWhereTheTableRequiresIt() {
    ProcessInstance instance = filed("LITTERING", "citizen");
    complete(taskFor(instance, "enforcement-officer"), investigation("fine", 1000, "majorPublicInterest", true));
    respond(instance, false);
    assertThat(instance).isWaitingAt("Task_LegalReview");
    assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey("Task_Decide").count())
        .isZero();
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalReviewOpinion", "reinvestigate",
        "legalReviewNote", "证据不足，补充询问笔录"));
    assertThat(instance).isWaitingAt("Task_Investigate").hasNotPassed("Task_Decide");
  }

  @Test
  void fewerThanTwoInvestigatorsAreRefused() {
    ProcessInstance instance = filed("LITTERING", "citizen");
    Task investigate = taskFor(instance, "enforcement-officer");
    Map<String, Object> alone = investigation("fine", 1000);
    alone.put("investigators", "郭勇");
    assertRejected(() -> complete(investigate, alone), "不得少于两人");
    assertThat(instance).isWaitingAt("Task_Investigate");
  }

  @Test
  void countyOnlyMatterIsTransferred() {
    ProcessInstance instance = report("FOOD_SAFETY", "organization");
    assertThat(instance).isEnded().hasPassed("Task_TransferToCounty", "End_Transferred").hasNotPassed("Task_ApproveFiling");
    assertThat(notices.forCase(instance.getBusinessKey())).extracting(NoticeBook.Notice::content)
        .anyMatch(c -> c.contains("移送") && c.contains("县市场监督管理局"));
  }

  @Test
  void entrustedCaseIsDecidedInTheEntrustingDepartmentsName() {
    ProcessInstance instance = filed("FOREST_DESTRUCTION", "citizen");
    complete(taskFor(instance, "enforcement-officer"), investigation("fine", 3000));
    respond(instance, false);
    decide(instance, 3000);
    assertThat(decisionText(instance)).startsWith("县林业局（委托青山镇综合行政执法队实施）")
        .contains("县级财政（财政管理级次不变）").contains("《中华人民共和国森林法》第七十四条");
  }

  @Test
  void jointInvestigationGoesOnWhenOneDepartmentIsLate() {
    ProcessInstance instance = filed("FOREST_DESTRUCTION", "citizen");
    complete(taskFor(instance, "enforcement-officer"), investigation("fine", 3000,
        "jointDepartments", List.of("county-forestry", "county-natural-resources")));
    assertThat(instance).isWaitingAt("Task_DepartmentFindings");
    complete(taskFor(instance, "county-forestry"), withVariables("departmentFindings", "毁坏林木蓄积量约5立方米"));
    at(MONDAY.plusDays(10)); // five working days passed
    execute(job("Timer_JointFindingsDeadline", instance));
    assertThat(instance).hasPassed("Task_RecordMissingFindings").isWaitingAt("Task_RecordPartyResponse");
    assertThat(runtime.getVariable(instance.getId(), "lateDepartments").toString()).contains("县自然资源局");
    assertThat(runtime.getVariable(instance.getId(), "jointFindings").toString()).contains("县林业局：毁坏林木蓄积量约5立方米");
  }

  @Test
  void jointInvestigationWithEveryDepartmentAnsweringInTime() {
    ProcessInstance instance = filed("FOREST_DESTRUCTION", "citizen");
    complete(taskFor(instance, "enforcement-officer"), investigation("fine", 3000,
        "jointDepartments", List.of("county-forestry", "county-natural-resources")));
    complete(taskFor(instance, "county-forestry"), withVariables("departmentFindings", "毁坏林木蓄积量约5立方米"));
    complete(taskFor(instance, "county-natural-resources"), withVariables("departmentFindings", "占用林地0.1亩"));
    assertThat(instance).hasNotPassed("Task_RecordMissingFindings")
        .isWaitingAt("Task_RecordPartyResponse");
    assertThat(runtime.getVariable(instance.getId(), "jointFindings").toString()).contains("县自然资源局：占用林地0.1亩");
  }

  @Test
  void unpaidFineLeadsToSurchargeAndCourtEnforcement() {
    ProcessInstance instance = filed("LITTERING", "citizen");
    complete(taskFor(instance, "enforcement-officer"), investigation("fine", 1000));
    respond(instance, false);
    decide(instance, 1000);
    complete(taskFor(instance, "enforcement-officer"), withVariables("serviceMethod", "direct", "decisionServed", true));
    at(MONDAY.plusDays(16));
    execute(job("Timer_PaymentDeadline", instance));
    assertThat((String) runtime.getVariable(instance.getId(), "lateSurchargeNote")).contains("每日加处30元");
    assertThat(instance).isWaitingAt("Timer_RemedyPeriodEnds");
    at(MONDAY.plusMonths(6).plusDays(1));
    execute(job("Timer_RemedyPeriodEnds", instance));
    assertThat(instance).isWaitingAt("Task_ApplyCourtEnforcement");
    complete(taskFor(instance, "team-leader"), withVariables("court", "县人民法院", "courtApplication", "已申请强制执行"));
    complete(taskFor(instance, "team-leader"), withVariables("closingSummary", "法院已受理强制执行", "archived", true));
    assertThat(instance).isEnded();
  }

  @Test
  void decisionDeadlineWarningAndEscalation() {
    ProcessInstance instance = filed("LITTERING", "citizen");
    at(MONDAY.plusDays(72).withHour(9).withMinute(1));
    execute(job("Timer_DecisionWarning", instance));
    assertThat(notices.forCase(instance.getBusinessKey())).extracting(NoticeBook.Notice::recipient)
        .contains("group:team-leader");
    at(MONDAY.plusDays(91));
    execute(job("Timer_DecisionOverdue", instance));
    assertThat(instance).isWaitingAt("Task_Investigate", "Task_SuperviseDecisionOverdue");
    complete(taskFor(instance, "supervisor"), withVariables("overdueReason", "证据需司法鉴定",
        "supervisionOpinion", "限十日内作出决定"));
    assertThat(instance).hasPassed("End_DecisionOverdueSupervised").isWaitingAt("Task_Investigate");
  }

  @Test
  void filingLateIsEscalatedWhileTheCaseWaitsForApproval() {
    ProcessInstance instance = report("LITTERING", "citizen");
    at(MONDAY.plusDays(22)); // fifteen working days from discovery have passed
    execute(job("Timer_FilingDeadline", instance));
    assertThat(instance).hasPassed("Task_EscalateFiling", "End_FilingEscalated").isWaitingAt("Task_ApproveFiling");
    assertThat(notices.forCase(instance.getBusinessKey())).extracting(NoticeBook.Notice::recipient)
        .contains("group:supervisor");
  }

  @Test
  void silentPartyWaivesHearingAndAWarningNeedsNoPayment() {
    ProcessInstance instance = filed("LITTERING", "citizen");
    complete(taskFor(instance, "enforcement-officer"), investigation("warning", 0));
    assertThat(instance).isWaitingAt("Task_RecordPartyResponse");
    at(MONDAY.plusDays(6));
    execute(job("Timer_ResponseDeadline", instance));
    assertThat(instance).hasPassed("Task_RecordNoResponse").isWaitingAt("Task_Decide");
    assertThat((String) runtime.getVariable(instance.getId(), "partyStatement")).contains("视为放弃");
    complete(taskFor(instance, "team-leader"), withVariables("decisionKind", "penalty", "fineAmount", 0,
        "decisionReasons", "给予警告"));
    at(MONDAY.plusDays(14));
    execute(job("Timer_ServiceDeadline", instance));
    assertThat(instance).hasPassed("Task_EscalateService", "End_ServiceEscalated").isWaitingAt("Task_ServeDecision");
    complete(taskFor(instance, "enforcement-officer"), withVariables("serviceMethod", "direct", "decisionServed", true));
    assertThat(instance).hasNotPassed("Task_AwaitPayment").isWaitingAt("Task_CloseCase");
  }

  @Test
  void notFiledWithAReason() {
    ProcessInstance instance = report("LITTERING", "citizen");
    complete(taskFor(instance, "team-leader"), withVariables("fileCase", false, "filingReason", "违法行为轻微并及时改正"));
    assertThat(instance).isEnded().hasPassed("End_NotFiled");
  }

  @Test
  void unknownViolationTypeIsRefused() {
    assertRejected(() -> report("NO_SUCH_VIOLATION", "citizen"), "执法事项管辖表中没有");
  }
}
