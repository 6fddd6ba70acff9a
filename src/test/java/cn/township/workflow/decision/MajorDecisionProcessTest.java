package cn.township.workflow.decision;

import static cn.township.workflow.support.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.casefile.NoticeBook.Kind;
import java.io.File;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** major-decision.bpmn: every path the office, leadership, experts, legal reviewer and NPC liaison can walk. */
class MajorDecisionProcessTest extends ProcessTestCase {

  @Autowired NoticeBook notices;
  @Autowired PublicComments comments;

  ProcessInstance propose(boolean publicInterest, boolean complex, boolean stability) {
    return runtime.startProcessInstanceByKey("major-decision", Variables.createVariables()
        .putValue("townshipId", "qingshan")
        .putValue("subject", "青山镇集镇生活垃圾分类收运方案")
        .putValue("background", "集镇垃圾量逐年增加，现有收运方式不能满足需要")
        .putValue("draft", "一、实行四分类收集；二、每日定时收运；三、设立督导员")
        .putValue("affectedGroups", "集镇居民、商户")
        .putValue("affectsPublicInterest", publicInterest)
        .putValue("technicallyComplex", complex)
        .putValue("mayAffectStability", stability));
  }

  Task taskFor(ProcessInstance instance, String group) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).taskCandidateGroup(group)
        .singleResult();
  }

  Task taskAt(ProcessInstance instance, String taskKey) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(taskKey).singleResult();
  }

  Task expertTask(ProcessInstance instance, String expert) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).taskCandidateUser(expert).singleResult();
  }

  ProcessInstance confirmedAndPlanned(Map<String, Object> plan) {
    ProcessInstance instance = propose(false, false, false);
    complete(taskFor(instance, "leadership"), withVariables("isMajor", "true", "majorReason", "涉及全镇居民切身利益"));
    assertThat(instance).isWaitingAt("Task_PlanProcedure");
    complete(taskFor(instance, "decision-office"), plan);
    return instance;
  }

  static Map<String, Object> nothingOptional() {
    return withVariables("publicParticipation", false, "notDisclosedReason", "涉及国家秘密，依法不予公开",
        "expertReview", false, "riskAssessment", false, "publicHearing", false,
        "planningReasons", "涉密事项，不涉及可选程序情形");
  }

  void lawfulAdoptedAcknowledged(ProcessInstance instance) {
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalityOpinion", "lawful",
        "legalityReasoning", "符合《固体废物污染环境防治法》"));
    complete(taskFor(instance, "leadership"), withVariables("meetingDecision", "adopt", "attendees", "王镇长等7人",
        "discussion", "一致同意", "principalDecision", "同意实施"));
    assertThat(instance).isWaitingAt("Task_AcknowledgeNpcReport").hasPassed("Task_ReportToNpc");
    complete(taskFor(instance, "npc-liaison"), withVariables("npcAcknowledged", true, "npcOpinion", "无意见"));
  }

  @Test
  void everyOptionalStepChosenThenLegalityMeetingNpcPublicationAndEvaluation() {
    ProcessInstance instance = propose(true, true, true);
    assertThat(instance.getBusinessKey()).matches("QS-20261116-\\d{4}");
    complete(taskFor(instance, "leadership"), withVariables("isMajor", "true", "majorReason", "涉及全镇居民切身利益"));
    assertThat(instance).variables().containsEntry("publicParticipation", true).containsEntry("expertReview", true)
        .containsEntry("riskAssessment", true).containsEntry("commentPeriodDays", 30);
    complete(taskFor(instance, "decision-office"), withVariables("publicParticipation", true, "commentPeriodDays", 30,
        "publicHearing", true, "expertReview", true, "experts", List.of("expert-wang", "expert-li"),
        "expertReviewDays", 10, "riskAssessment", true, "planningReasons", "按程序建议履行全部程序"));
    assertThat(instance).isWaitingAt("Timer_CommentPeriodEnds", "Task_ExpertOpinion", "Task_AssessRisk");

    complete(expertTask(instance, "expert-wang"), withVariables("expertOpinion", "分类标准可行"));
    complete(expertTask(instance, "expert-li"), withVariables("expertOpinion", "应增加厨余就地处理"));
    assertThat((String) runtime.getVariable(instance.getId(), "expertOpinionsText"))
        .contains("王振华（城乡规划）：分类标准可行").contains("李文静（环境评价）：应增加厨余就地处理");
    complete(taskAt(instance, "Task_SummarizeExpertOpinions"), withVariables("expertSummary", "采纳厨余就地处理建议"));
    complete(taskAt(instance, "Task_AssessRisk"), withVariables("riskLevel", "low", "riskReport", "风险可控"));
    assertThat(instance).isWaitingAt("Timer_CommentPeriodEnds").hasNotPassed("Task_LegalityReview");

    at(MONDAY.plusDays(31));
    execute(job("Timer_CommentPeriodEnds", instance));
    complete(taskFor(instance, "decision-office"), withVariables("decisionHearingAt", "2026-12-28T09:30",
        "decisionHearingPlace", "镇政府三楼会议室", "hearingParticipation", "12月24日前到镇政府报名，按利益相关方比例遴选"));
    at(ZonedDateTime.of(2026, 12, 28, 9, 30, 0, 0, ZONE));
    execute(job("Timer_DecisionHearingDate", instance));
    complete(taskFor(instance, "decision-office"), withVariables("hearingParticipants", "居民代表12人",
        "hearingRecord", "多数赞成，建议延长收运时间"));
    complete(taskFor(instance, "decision-office"), withVariables("offlineComments", "建议增设投放点\n希望公布收运时间",
        "adoptionSummary", "采纳延长收运时间、增设投放点的意见"));
    assertThat(comments.count(instance.getBusinessKey())).isEqualTo(2);
    assertThat(instance).isWaitingAt("Task_LegalityReview");

    lawfulAdoptedAcknowledged(instance);
    assertThat(instance).hasPassed("Task_PublishDecision").isWaitingAt("Timer_EvaluationDue");
    assertThat(instance).variables().containsEntry("decisionPublished", true);
    assertThat(notices.forCase(instance.getBusinessKey())).extracting(NoticeBook.Notice::kind)
        .contains(Kind.PUBLICATION);

    at(MONDAY.plusYears(1).plusDays(45));
    execute(job("Timer_EvaluationDue", instance));
    complete(taskFor(instance, "decision-office"), withVariables("evaluationReport", "分类准确率达到85%"));
    assertThat(instance).isEnded().hasPassed("End_Evaluated");
    documents.assertIssued(instance, Kind.COMMENT_NOTICE, Kind.DECISION_PUBLICATION);
  }

  @Test
  void publicParticipationIsRequiredUnlessTheMatterMayLawfullyNotBeDisclosed() {
    ProcessInstance instance = propose(false, false, false);
    complete(taskFor(instance, "leadership"), withVariables("isMajor", true, "majorReason", "涉及全镇规划"));
    assertThat(instance).variables().containsEntry("publicParticipation", true);
    Task plan = taskFor(instance, "decision-office");
    assertRejected(() -> complete(plan, withVariables("publicParticipation", false, "planningReasons", "时间紧")),
        "第十四条");
    assertRejected(() -> complete(plan, withVariables("publicParticipation", false, "publicHearing", true,
        "notDisclosedReason", "涉密", "planningReasons", "涉密")), "召开听证会须同时公开征求意见");
    complete(plan, withVariables("publicParticipation", false, "notDisclosedReason", "涉及国家秘密，依法不予公开",
        "planningReasons", "涉密事项"));
    assertThat(instance).hasNotPassed("Task_PublishForComment").isWaitingAt("Task_LegalityReview");
  }

  @Test
  void stepsThePlanningTableRequiresCannotBeDroppedOnlyAdded() {
    ProcessInstance instance = propose(true, true, true);
    complete(taskFor(instance, "leadership"), withVariables("isMajor", true, "majorReason", "技术性强、影响稳定"));
    Task plan = taskFor(instance, "decision-office");
    assertRejected(() -> complete(plan, withVariables("publicParticipation", true, "commentPeriodDays", 30,
        "expertReview", false, "riskAssessment", true, "planningReasons", "不请专家")), "专家论证（条例第十九条）");
    assertRejected(() -> complete(plan, withVariables("publicParticipation", true, "commentPeriodDays", 30,
        "expertReview", true, "experts", List.of("expert-wang"), "riskAssessment", false, "planningReasons", "不评估")),
        "风险评估（条例第二十二条）");
    ProcessInstance simple = propose(false, false, false);
    complete(taskFor(simple, "leadership"), withVariables("isMajor", true, "majorReason", "涉及群众利益"));
    complete(taskFor(simple, "decision-office"), withVariables("publicParticipation", true, "commentPeriodDays", 30,
        "riskAssessment", true, "planningReasons", "表中未要求，承办单位增加风险评估"));
    assertThat(simple).isWaitingAt("Timer_CommentPeriodEnds", "Task_AssessRisk");
  }

  @Test
  void theLegalityReviewGetsSevenWorkingDaysUnlessUrgencyIsRecorded() {
    at(ZonedDateTime.of(2026, 9, 29, 10, 0, 0, 0, ZONE)); // Tuesday before National Day
    ProcessInstance instance = confirmedAndPlanned(nothingOptional());
    assertThat(instance).hasPassed("Task_SendForLegalityReview").isWaitingAt("Task_LegalityReview");
    // seven working days (statutory-periods.dmn): 9-30, (国庆 10-01..07 off), 10-08, 10-09, Saturday 10-10 (调休),
    // 10-12, 10-13, 10-14
    assertThat(taskFor(instance, "legal-reviewer").getDueDate()).isEqualTo(endOf(2026, 10, 14));

    ProcessInstance urgent = propose(false, false, false);
    complete(taskFor(urgent, "leadership"), withVariables("isMajor", true, "majorReason", "防汛"));
    Task plan = taskFor(urgent, "decision-office");
    Map<String, Object> threeDays = withVariables("publicParticipation", false, "notDisclosedReason", "涉密",
        "legalityReviewDays", 3, "planningReasons", "防汛应急");
    assertRejected(() -> complete(plan, threeDays), "紧急理由");
    threeDays.put("legalityUrgencyReason", "汛期将至，须在十日内出台");
    complete(plan, threeDays);
    // three working days from Tuesday 9-29: 9-30, 10-08, 10-09
    assertThat(taskFor(urgent, "legal-reviewer").getDueDate()).isEqualTo(endOf(2026, 10, 9));
  }

  @Test
  void aTextChangedAfterTheLegalityReviewGoesBackToItBeforeItIsAdopted() {
    ProcessInstance instance = confirmedAndPlanned(nothingOptional());
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalityOpinion", "lawful", "legalityReasoning", "合法"));
    complete(taskFor(instance, "leadership"), withVariables("meetingDecision", "adoptWithChanges", "attendees", "7人",
        "discussion", "增加收费条款", "principalDecision", "修改后通过", "draft", "一、实行四分类收集；二、按户收取处理费"));
    assertThat(instance).hasPassed("Gateway_TextAsReviewed").isWaitingAt("Task_LegalityReview")
        .hasNotPassed("Task_ReportToNpc");
    assertThat(runtime.getVariable(instance.getId(), "reviewedDraft")).isEqualTo("一、实行四分类收集；二、按户收取处理费");
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalityOpinion", "unlawful",
        "legalityReasoning", "收费须有法律依据"));
    assertThat(instance).isWaitingAt("Task_ReviseDraft").hasNotPassed("Task_ReportToNpc");
  }

  @Test
  void theReportToThePartyCommitteeChosenAtPlanningComesBeforeTheNpcReport() {
    ProcessInstance instance = propose(false, false, false);
    complete(taskFor(instance, "leadership"), withVariables("isMajor", true, "majorReason", "重大事项"));
    Task plan = taskFor(instance, "decision-office");
    Map<String, Object> report = withVariables("publicParticipation", false, "notDisclosedReason", "涉密",
        "reportToPartyCommittee", true, "planningReasons", "须请示报告");
    assertRejected(() -> complete(plan, report), "须向镇党委请示报告的理由");
    report.put("partyCommitteeReason", "涉及全镇发展规划，按规定出台前请示镇党委");
    complete(plan, report);
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalityOpinion", "lawful", "legalityReasoning", "合法"));
    complete(taskFor(instance, "leadership"), withVariables("meetingDecision", "adopt", "attendees", "7人",
        "discussion", "同意", "principalDecision", "同意", "draft", "一、实行四分类收集；二、每日定时收运；三、设立督导员"));
    assertThat(instance).isWaitingAt("Task_ReportToPartyCommittee").hasNotPassed("Task_ReportToNpc");
    complete(taskFor(instance, "decision-office"), withVariables("partyCommitteeReportedOn", "2026-11-18",
        "partyCommitteeReply", "同意出台"));
    assertThat(instance).isWaitingAt("Task_AcknowledgeNpcReport");
  }

  @Test
  void aDecisionHearingIsAnnouncedInAdvanceWithItsDatePlaceAndHowToTakePart() {
    ProcessInstance instance = confirmedAndPlanned(withVariables("publicParticipation", true, "commentPeriodDays", 30,
        "publicHearing", true, "planningReasons", "分歧较大，召开听证会"));
    at(MONDAY.plusDays(31)); // Thursday 12-17
    execute(job("Timer_CommentPeriodEnds", instance));
    Task announce = taskFor(instance, "decision-office");
    assertRejected(() -> complete(announce, withVariables("decisionHearingAt", "2026-12-21T09:30",
        "decisionHearingPlace", "镇政府", "hearingParticipation", "报名")), "至少提前10日");
    complete(announce, withVariables("decisionHearingAt", "2026-12-27T09:30", "decisionHearingPlace", "镇政府三楼会议室",
        "hearingParticipation", "12月24日前电话报名"));
    assertThat(notices.forCase(instance.getBusinessKey())).filteredOn(n -> n.content().contains("听证会公告"))
        .singleElement().satisfies(n -> assertThat(n.recipient()).isEqualTo("public"))
        .satisfies(n -> assertThat(n.content()).contains("2026年12月27日 09:30").contains("镇政府三楼会议室")
            .contains("12月24日前电话报名"));
    // a Sunday: the date announced, weekend or not
    assertThat(job("Timer_DecisionHearingDate", instance).getDuedate())
        .isEqualTo(java.util.Date.from(ZonedDateTime.of(2026, 12, 27, 9, 30, 0, 0, ZONE).toInstant()));
  }

  @Test
  void theMinimumCommentPeriodHasOneHomeTheStatutoryPeriodTable() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DecisionSettings(null, null, 20, null, null))
        .hasMessageContaining("statutory-periods.dmn");
  }

  @Test
  void noOptionalStepChosenGoesStraightToLegalityReview() {
    ProcessInstance instance = confirmedAndPlanned(nothingOptional());
    assertThat(instance).isWaitingAt("Task_LegalityReview").hasNotPassed("Task_PublishForComment",
        "Task_InviteExperts", "Task_AssessRisk");
  }

  @Test
  void aShortCommentPeriodNeedsARecordedReason() {
    ProcessInstance instance = propose(true, false, false);
    complete(taskFor(instance, "leadership"), withVariables("isMajor", true, "majorReason", "涉及群众利益"));
    Task plan = taskFor(instance, "decision-office");
    assertRejected(() -> complete(plan, withVariables("publicParticipation", true, "commentPeriodDays", 15,
        "planningReasons", "需公开征求意见")), "征求意见期少于30日的紧急理由");
    complete(plan, withVariables("publicParticipation", true, "commentPeriodDays", 15,
        "shortenedPeriodReason", "汛期前须完成，情况紧急", "planningReasons", "需公开征求意见"));
    assertThat(instance).isWaitingAt("Timer_CommentPeriodEnds");
    // fifteen calendar days from Monday 11-16: Tuesday 12-01, and the notice gives the reason
    assertThat(job("Timer_CommentPeriodEnds", instance).getDuedate()).isEqualTo(endOf(2026, 12, 1));
    assertThat(notices.forCase(instance.getBusinessKey())).filteredOn(n -> n.kind() == Kind.COMMENT_NOTICE)
        .singleElement().satisfies(n -> assertThat(n.content()).contains("征求意见期15日")
            .contains("少于30日，理由：汛期前须完成，情况紧急"));
  }

  @Test
  void highRiskSendsTheDraftBackForRevision() {
    ProcessInstance instance = confirmedAndPlanned(withVariables("publicParticipation", false,
        "notDisclosedReason", "涉及国家秘密，依法不予公开", "expertReview", false, "riskAssessment", true,
        "publicHearing", false, "planningReasons", "可能影响稳定"));
    complete(taskFor(instance, "decision-office"), withVariables("riskLevel", "high", "riskReport", "涉及征收，群众意见大"));
    assertThat(instance).isWaitingAt("Task_ReviseDraft").hasNotPassed("Task_LegalityReview");
    complete(taskFor(instance, "decision-office"), withVariables("revisionAction", "revise",
        "draft", "修改后的草案：分步实施"));
    assertThat(instance).isWaitingAt("Task_PlanProcedure");
  }

  @Test
  void anUnlawfulDraftNeverReachesTheMeeting() {
    ProcessInstance instance = confirmedAndPlanned(nothingOptional());
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalityOpinion", "unlawful",
        "legalityReasoning", "设定了法律未规定的罚款"));
    assertThat(instance).isWaitingAt("Task_ReviseDraft");
    complete(taskFor(instance, "decision-office"), withVariables("revisionAction", "abandon"));
    assertThat(instance).isEnded().hasPassed("End_Abandoned").hasNotPassed("Task_CollectiveDecision",
        "Task_PublishDecision");
  }

  @Test
  void theMeetingDefersThenAdopts() {
    ProcessInstance instance = confirmedAndPlanned(nothingOptional());
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalityOpinion", "lawfulWithChanges",
        "legalityReasoning", "删除第三条"));
    complete(taskFor(instance, "leadership"), withVariables("meetingDecision", "defer", "attendees", "7人",
        "discussion", "待补充调研", "principalDecision", "暂缓，补充调研后再议"));
    assertThat(instance).isWaitingAt("Task_CollectiveDecision");
    complete(taskFor(instance, "leadership"), withVariables("meetingDecision", "adoptWithChanges", "attendees", "7人",
        "discussion", "同意修改后通过", "principalDecision", "修改后通过"));
    assertThat(instance).isWaitingAt("Task_AcknowledgeNpcReport");
  }

  @Test
  void theNpcAcknowledgementIsDueInFiveWorkingDaysOverNationalDayAndAWeekend() {
    at(ZonedDateTime.of(2026, 9, 29, 10, 0, 0, 0, ZONE)); // Tuesday before National Day
    ProcessInstance instance = confirmedAndPlanned(nothingOptional());
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalityOpinion", "lawful", "legalityReasoning", "合法"));
    complete(taskFor(instance, "leadership"), withVariables("meetingDecision", "adopt", "attendees", "7人",
        "discussion", "同意", "principalDecision", "同意"));
    // decision-npc-acknowledgement (statutory-periods.dmn), 5 working days: 9-30, (国庆 10-01..07 off), 10-08, 10-09,
    // Saturday 10-10 (调休), (Sunday 10-11 off), 10-12
    assertThat(taskFor(instance, "npc-liaison").getDueDate()).isEqualTo(endOf(2026, 10, 12));
    assertThat(job("Timer_NpcAcknowledgementDue", instance).getDuedate()).isEqualTo(endOf(2026, 10, 12));
  }

  @Test
  void aLateNpcAcknowledgementIsChasedAndPublicationStillWaits() {
    ProcessInstance instance = confirmedAndPlanned(nothingOptional());
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalityOpinion", "lawful", "legalityReasoning", "合法"));
    complete(taskFor(instance, "leadership"), withVariables("meetingDecision", "adopt", "attendees", "7人",
        "discussion", "同意", "principalDecision", "同意"));
    Task acknowledgement = taskFor(instance, "npc-liaison");
    assertRejected(() -> complete(acknowledgement, withVariables("npcAcknowledged", false)), "须经乡镇人大主席团确认");
    at(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZONE)); // five working days from 11-16 end on 11-23
    execute(job("Timer_NpcAcknowledgementDue", instance));
    assertThat(instance).hasPassed("Task_ChaseNpcAcknowledgement").isWaitingAt("Task_AcknowledgeNpcReport")
        .hasNotPassed("Task_PublishDecision");
    assertThat(notices.forCase(instance.getBusinessKey())).extracting(NoticeBook.Notice::recipient)
        .contains("group:leadership", "group:supervisor");
  }

  @Test
  void commentsWithoutHearingAndASilentExpertIsRecorded() {
    ProcessInstance instance = confirmedAndPlanned(withVariables("publicParticipation", true, "commentPeriodDays", 30,
        "publicHearing", false, "expertReview", true, "experts", List.of("expert-wang", "expert-li"),
        "expertReviewDays", 10, "riskAssessment", false, "planningReasons", "需征求意见和专家论证"));
    complete(expertTask(instance, "expert-wang"), withVariables("expertOpinion", "分类标准可行"));
    at(MONDAY.plusDays(20)); // ten working days for the experts have passed
    execute(job("Timer_ExpertDeadline", instance));
    assertThat(instance).hasPassed("Task_NoteMissingExpertOpinions").isWaitingAt("Task_SummarizeExpertOpinions");
    assertThat((String) runtime.getVariable(instance.getId(), "expertOpinionsText")).contains("王振华");
    assertThat((String) runtime.getVariable(instance.getId(), "missingExpertsText")).isEqualTo("李文静（环境评价）");
    complete(taskAt(instance, "Task_SummarizeExpertOpinions"), withVariables("expertSummary", "一位专家逾期未提交意见"));
    at(MONDAY.plusDays(31));
    execute(job("Timer_CommentPeriodEnds", instance));
    assertThat(instance).hasNotPassed("Task_HoldPublicHearing").isWaitingAt("Task_SummarizeComments");
    complete(taskFor(instance, "decision-office"), withVariables("offlineComments", "",
        "adoptionSummary", "未收到意见"));
    assertThat(instance).isWaitingAt("Task_LegalityReview");
  }

  @Test
  void theMeetingRejectsAndNothingIsReportedOrPublished() {
    ProcessInstance instance = confirmedAndPlanned(nothingOptional());
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalityOpinion", "lawful", "legalityReasoning", "合法"));
    complete(taskFor(instance, "leadership"), withVariables("meetingDecision", "reject", "attendees", "7人",
        "discussion", "多数认为时机不成熟", "principalDecision", "不予决策"));
    assertThat(instance).isEnded().hasPassed("Task_RecordRejection", "End_Rejected")
        .hasNotPassed("Task_ReportToNpc", "Task_PublishDecision");
  }

  @Test
  void notAMajorDecisionIsFiledWithItsReason() {
    ProcessInstance instance = propose(false, false, false);
    complete(taskFor(instance, "leadership"), withVariables("isMajor", "false", "majorReason", "属于日常管理事项"));
    assertThat(instance).isEnded().hasPassed("End_FiledAsOrdinary");
  }

  @Test
  void noPathReachesPublicationWithoutLegalityReviewAndTheNpcReport() {
    BpmnModelInstance model = Bpmn.readModelFromFile(new File("processes/major-decision.bpmn"));
    assertThat(reachable(model, Set.of())).contains("Task_PublishDecision");
    assertThat(reachable(model, Set.of("Task_LegalityReview"))).doesNotContain("Task_PublishDecision",
        "Task_CollectiveDecision");
    assertThat(reachable(model, Set.of("Task_AcknowledgeNpcReport"))).doesNotContain("Task_PublishDecision");
    assertThat(reachable(model, Set.of("Task_ReportToNpc"))).doesNotContain("Task_PublishDecision");
  }

  /** Flow nodes reachable from the start event by sequence flows and boundary events, avoiding {@code removed}. */
  static Set<String> reachable(BpmnModelInstance model, Set<String> removed) {
    Set<String> seen = new HashSet<>();
    Deque<FlowNode> todo = new ArrayDeque<>();
    todo.add(model.getModelElementById("StartEvent_ProposalSubmitted"));
    while (!todo.isEmpty()) {
      FlowNode node = todo.poll();
      if (removed.contains(node.getId()) || !seen.add(node.getId())) {
        continue;
      }
      node.getOutgoing().stream().map(SequenceFlow::getTarget).forEach(todo::add);
      model.getModelElementsByType(BoundaryEvent.class).stream()
          .filter(b -> b.getAttachedTo().getId().equals(node.getId())).forEach(todo::add);
    }
    return seen;
  }
}
