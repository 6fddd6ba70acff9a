package cn.township.workflow.review;

import static cn.township.workflow.support.ApplicationBuilder.ID_NUMBER;
import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static cn.township.workflow.support.Rejections.assertRejected;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.casefile.NoticeBook.Kind;
import cn.township.workflow.casefile.NoticeBook.Notice;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every path a clerk can walk through delegated-review.bpmn, with time moved by ClockUtil. */
class DelegatedReviewProcessTest extends ProcessTestCase {


  static final List<String> HOMESTEAD_MATERIALS = List.of("农村宅基地和建房（规划许可）申请表", "申请人身份证明", "户口簿",
      "村民小组会议讨论意见及村委会审查意见", "住房设计图或通用图");

  @Autowired HistoryService history;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;
  @Autowired NoticeBook notices;
  @Autowired cn.township.workflow.window.ApplicantRatings ratings;

  ProcessInstance start(String matter) {
    return runtime.startProcessInstanceByKey("delegated-review", anApplication().forMatter(matter).variables());
  }

  /** The one open task of the case, in its own instance or in a process it called. */
  Task taskOf(ProcessInstance instance) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).singleResult();
  }

  /** The window intake the case is in now (window-intake.bpmn, called by the case). */
  ProcessInstance intakeOf(ProcessInstance instance) {
    ProcessInstance intake = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId())
        .processDefinitionKey("window-intake").singleResult();
    assertThat(intake).as("the case should be in the window intake").isNotNull();
    return intake;
  }

  ProcessInstance acceptedHomestead() {
    ProcessInstance instance = start("RURAL_HOMESTEAD");
    complete(taskOf(instance), withVariables("receivedMaterials", HOMESTEAD_MATERIALS, "acceptable", true));
    assertThat(instance).isWaitingAt("Task_Review");
    return instance;
  }

  long jobs(ProcessInstance instance, String activityId) {
    return engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).activityId(activityId)
        .count();
  }

  /**
   * Each timer of a waiting case reads its date again when it is recalculated (Cockpit) or when an analyst migrates the
   * case with its event triggers updated (the engine REST API's migration option): the variables its expression names must still be there. A
   * variable a timer reads that was made transient fails here with "Unknown property".
   */
  void everyTimerRecalculatesToTheSameDate(ProcessInstance instance) {
    var management = engine.getManagementService();
    List<org.camunda.bpm.engine.runtime.Job> timers = management.createJobQuery().timers()
        .processInstanceId(instance.getId()).list();
    assertThat(timers).isNotEmpty();
    for (org.camunda.bpm.engine.runtime.Job timer : timers) {
      management.recalculateJobDuedate(timer.getId(), false);
      assertThat(management.createJobQuery().jobId(timer.getId()).singleResult().getDuedate())
          .as("%s", timer.getJobDefinitionId()).isEqualTo(timer.getDuedate());
    }
  }

  List<Notice> noticesOf(ProcessInstance instance, Kind kind) {
    return notices.forCase(instance.getBusinessKey()).stream().filter(n -> n.kind() == kind).toList();
  }

  void rateAndFinish(ProcessInstance instance, String level) {
    ProcessInstance rating = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId())
        .processDefinitionKey("satisfaction-rating").singleResult();
    assertThat(rating).isWaitingAt("Gateway_AwaitRating").hasBusinessKey(instance.getBusinessKey());
    ratings.rate(instance.getBusinessKey(), cn.township.workflow.window.RecordRating.Level.valueOf(level), null,
        cn.township.workflow.window.ApplicantRatings.Channel.ONLINE, null);
  }

  @Test
  void approvedWithLeaderSignOffIssuedAndRated() {
    ProcessInstance instance = start("RURAL_HOMESTEAD");
    assertThat(instance).isWaitingAt("CallActivity_WindowIntake");
    assertThat(intakeOf(instance)).isWaitingAt("Task_CheckCompleteness").hasBusinessKey(instance.getBusinessKey());
    assertThat(instance.getBusinessKey()).matches("QS-20261116-\\d{4}");
    assertThat(instance).hasVariables("receiptNo").variables().containsEntry("receiptNo", instance.getBusinessKey());
    assertThat(instance).hasVariables("receiptNo", "requiredMaterials", "timeLimitDays");
    assertThat(taskOf(instance)).hasCandidateGroup("window-clerk");
    assertThat(instance.getTenantId()).isEqualTo("qingshan");

    complete(taskOf(instance), withVariables("receivedMaterials", HOMESTEAD_MATERIALS, "acceptable", true));
    assertThat(instance).hasPassed("CallActivity_WindowIntake", "Task_AcceptApplication").isWaitingAt("Task_Review");
    // 20 working days from Monday 11-16: Monday 12-14
    assertThat((Date) runtime.getVariable(instance.getId(), "timeLimitDueAt"))
        .isEqualTo(endOf(2026, 12, 14));
    assertThat(taskOf(instance)).hasCandidateGroup("reviewer").hasDueDate(
        endOf(2026, 12, 14));
    everyTimerRecalculatesToTheSameDate(instance);

    complete(taskOf(instance), withVariables("reviewResult", "approve", "reviewOpinion", "符合一户一宅，面积未超标准"));
    assertThat(instance).isWaitingAt("Task_LeaderSignOff");
    assertThat(taskOf(instance)).hasCandidateGroup("leader");
    complete(taskOf(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));

    assertThat(instance).isWaitingAt("Task_IssueAtWindow").hasVariables("decisionText");
    everyTimerRecalculatesToTheSameDate(instance);
    assertThat((String) runtime.getVariable(instance.getId(), "decisionText"))
        .contains("决定准予").contains("《中华人民共和国土地管理法》第六十二条").contains("行政复议");
    // the completion is on the record (tw_case_fact), not in variables; later commands keep it as it was
    Date completed = Date.from(MONDAY.toInstant());
    assertThat(caseFact(instance)).containsEntry("on_time", true).containsEntry("clock_paused", false)
        .containsEntry("handling_days", 0).extractingByKey("completed_at").isEqualTo(completed);
    at(MONDAY.plusHours(2));
    complete(taskOf(instance), withVariables("deliveryMethod", "window", "decisionDelivered", true));
    assertThat(caseFact(instance)).containsEntry("on_time", true).containsEntry("clock_paused", false)
        .extractingByKey("completed_at").isEqualTo(completed);

    assertThat(instance).isWaitingAt("CallActivity_SatisfactionRating");
    rateAndFinish(instance, "VERY_SATISFIED");
    assertThat(instance).isEnded().hasPassed("End_Issued");
    assertThat(noticesOf(instance, Kind.ACCEPTED)).hasSize(1);
    assertThat(noticesOf(instance, Kind.DECISION)).hasSize(1);
    assertThat(noticesOf(instance, Kind.RECEIPT)).hasSize(1);
    documents.assertIssued(instance, Kind.RECEIPT, Kind.ACCEPTED, Kind.DECISION);
    assertThat(caseFact(instance)).containsEntry("on_time", true).extractingByKey("completed_at").isEqualTo(completed);

    // what nobody reads is not kept (docs/case-variables.md): neither copied out of the intake nor written
    assertThat(variableNames(instance.getId())).doesNotContainAnyElementsOf(List.of("acceptable", "refusalReason",
        "receivedMaterials", "supplementedMaterials", "missingMaterials", "intakeOutcome", "deemedAccepted",
        "materialsReceivedAt", "acceptedAt", "decision", "completedAt", "completedOnTime"));
    String intake = history.createHistoricProcessInstanceQuery().superProcessInstanceId(instance.getId())
        .processDefinitionKey("window-intake").singleResult().getId();
    assertThat(variableNames(intake)).doesNotContain("timeLimitRunningSince", "intakeOutcome")
        .contains("receivedMaterials", "materialsReceivedAt");
    // what the case does keep from the intake: the materials on file, as the clerk ticked them
    assertThat(cn.township.workflow.system.CaseVariables.asList("materialsInFile",
        history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).variableName("materialsInFile")
            .singleResult().getValue())).isEqualTo(HOMESTEAD_MATERIALS);
  }

  /** The case's row in tw_case_fact: what supervision, report.xlsx and the status lookup read of its completion. */
  Map<String, Object> caseFact(ProcessInstance instance) {
    Map<String, Object> row = new java.util.HashMap<>();
    jdbc.queryForMap("SELECT on_time, completed_at, clock_paused, handling_days FROM tw_case_fact "
        + "WHERE process_instance_id = ?", instance.getId()).forEach((k, v) -> row.put(k.toLowerCase(),
        v instanceof java.sql.Timestamp t ? new Date(t.getTime()) : v instanceof Number n ? n.intValue() : v));
    return row;
  }

  List<String> variableNames(String processInstanceId) {
    return history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).list().stream()
        .map(org.camunda.bpm.engine.history.HistoricVariableInstance::getName).toList();
  }

  @Test
  void receiptNumbersCountPerTownshipAndDay() {
    ProcessInstance first = start("RURAL_HOMESTEAD");
    ProcessInstance second = start("TEMPORARY_ASSISTANCE");
    ProcessInstance baishi = runtime.startProcessInstanceByKey("delegated-review",
        anApplication().in("baishi").variables());
    assertThat(first.getBusinessKey()).matches("QS-20261116-\\d{4}");
    assertThat(sequence(second)).isEqualTo(sequence(first) + 1);
    assertThat(baishi.getBusinessKey()).matches("BS-20261116-\\d{4}");
    at(MONDAY.plusDays(1)); // no other test registers on Tuesday 11-17
    assertThat(start("RURAL_HOMESTEAD").getBusinessKey()).isEqualTo("QS-20261117-0001");
  }

  static int sequence(ProcessInstance instance) {
    return Integer.parseInt(instance.getBusinessKey().substring(instance.getBusinessKey().lastIndexOf('-') + 1));
  }

  @Test
  void refusalWithoutSignOffWhereTheCatalogNeedsNone() {
    ProcessInstance instance = start("TEMPORARY_ASSISTANCE");
    complete(taskOf(instance), withVariables("receivedMaterials", List.of("临时救助申请书", "申请人身份证明", "困难情况说明及证明材料"),
        "acceptable", "true"));
    complete(taskOf(instance), withVariables("reviewResult", "disapprove", "reviewOpinion", "家庭人均收入高于救助标准",
        "decisionLegalBasis", "《社会救助暂行办法》第四十七条"));
    assertThat(instance).hasNotPassed("Task_LeaderSignOff").isWaitingAt("Task_IssueAtWindow");
    assertThat((String) runtime.getVariable(instance.getId(), "decisionText"))
        .contains("决定不予准予").contains("家庭人均收入高于救助标准").contains("第四十七条");
    assertThat(noticesOf(instance, Kind.DECISION)).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("决定不予准予").doesNotContain("决定准予"));
  }

  @Test
  void entrustedMatterIsDecidedInTheEntrustingDepartmentsName() {
    ProcessInstance instance = start("MINIMUM_LIVING_ALLOWANCE");
    complete(taskOf(instance), withVariables("receivedMaterials", List.of("最低生活保障申请书", "家庭成员身份证明及户口簿",
        "家庭收入和财产状况声明", "家庭经济状况核对授权书"), "acceptable", true));
    complete(taskOf(instance), withVariables("reviewResult", "disapprove", "reviewOpinion", "家庭人均收入高于当地低保标准",
        "decisionLegalBasis", "《社会救助暂行办法》第九条"));
    complete(taskOf(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));
    assertThat(instance).hasNotPassed("CallActivity_PublicNotice").isWaitingAt("Task_IssueAtWindow");
    assertThat((String) runtime.getVariable(instance.getId(), "decisionText"))
        .startsWith("县民政局（委托青山镇办理）").contains("决定不予准予").contains("第九条");
  }

  @Test
  void leaderSendsTheCaseBackToReview() {
    ProcessInstance instance = acceptedHomestead();
    complete(taskOf(instance), withVariables("reviewResult", "approve", "reviewOpinion", "符合条件"));
    complete(taskOf(instance), withVariables("leaderDecision", "return", "leaderOpinion", "请核实面积"));
    assertThat(instance).isWaitingAt("Task_Review");
    // the reviewer finds why in Tasklist: a comment on the task (an in-app note), written once
    assertThat(tasks.getTaskComments(taskOf(instance).getId())).extracting(c -> c.getFullMessage())
        .containsExactly("【退回】分管领导退回重审：请核实面积");
    assertThat(runtime.getVariable(instance.getId(), NoteReturn.RETURN_NOTE)).isNull();
  }

  @Test
  void reviewerSendsTheCaseBackToTheWindowAndTheTimeLimitRunsOn() {
    ProcessInstance instance = acceptedHomestead();
    Date overdueAt = engine.getManagementService().createJobQuery().processInstanceId(instance.getId())
        .activityId("Timer_TimeLimitOverdue").singleResult().getDuedate();
    // registered at the window by 张丽 (首问负责), who is told of the return in her Tasklist (the demo user, without the
    // demo profile: only a real window clerk of the case's township is told)
    org.camunda.bpm.engine.IdentityService identity = engine.getIdentityService();
    if (identity.createUserQuery().userId("qs-clerk").count() == 0) {
      org.camunda.bpm.engine.identity.User clerk = identity.newUser("qs-clerk");
      clerk.setFirstName("张丽");
      clerk.setLastName("");
      ((org.camunda.bpm.engine.impl.IdentityServiceImpl) identity).saveUser(clerk, true);
      identity.createMembership("qs-clerk", cn.township.workflow.security.Roles.WINDOW_CLERK.groupId);
      identity.createTenantUserMembership(instance.getTenantId(), "qs-clerk");
    }
    runtime.setVariable(instance.getId(), cn.township.workflow.duty.FirstResponsible.USER, "qs-clerk");
    at(MONDAY.plusDays(2));
    Task review = taskOf(instance);
    assertRejected(() -> complete(review, withVariables("reviewResult", "returnToWindow", "reviewOpinion", "登记有误")),
        "退回理由");
    complete(review, withVariables("reviewResult", "returnToWindow", "reviewOpinion", "登记有误",
        "returnReason", "申请人身份证号与户口簿不一致，请窗口核对"));

    assertThat(instance).isWaitingAt("Task_RecheckAtWindow");
    Task recheck = taskOf(instance);
    assertThat(recheck).hasCandidateGroup("window-clerk").hasDueDate(endOf(2026, 12, 14));
    assertThat(tasks.getTaskComments(recheck.getId())).extracting(c -> c.getFullMessage())
        .containsExactly("【退回】审核人退回窗口复核：申请人身份证号与户口簿不一致，请窗口核对");
    Task told = tasks.createTaskQuery().taskAssignee("qs-clerk").taskNameLike("首问告知：" + instance.getBusinessKey() + "%")
        .singleResult();
    assertThat(told.getName()).isEqualTo("首问告知：" + instance.getBusinessKey()
        + " 案件被退回（审核人退回窗口复核：申请人身份证号与户口簿不一致，请窗口核对）");
    assertThat(told.getTenantId()).isEqualTo(instance.getTenantId());
    tasks.deleteTask(told.getId(), true);
    assertRejected(() -> complete(recheck, withVariables("recheckNote", " ")), "复核情况");
    complete(recheck, withVariables("recheckNote", "已核对原件，更正身份证号"));

    assertThat(instance).isWaitingAt("Task_Review");
    assertThat(tasks.getTaskComments(taskOf(instance).getId())).as("nothing was returned this time").isEmpty();
    // still inside 审查办理（计时中）: the time limit and its timers run on, not restarted
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(instance.getId())
        .activityId("Timer_TimeLimitOverdue").singleResult().getDuedate()).isEqualTo(overdueAt);
    assertThat((Date) runtime.getVariable(instance.getId(), "timeLimitDueAt")).isEqualTo(endOf(2026, 12, 14));
    assertThat(taskOf(instance)).hasDueDate(endOf(2026, 12, 14));
  }

  @Test
  void notAcceptedWithAWrittenReason() {
    ProcessInstance instance = start("RURAL_HOMESTEAD");
    Task check = taskOf(instance);
    assertRejected(() -> complete(check, withVariables("acceptable", false)), "不予受理理由");
    assertThat(intakeOf(instance)).isWaitingAt("Task_CheckCompleteness");

    complete(taskOf(instance), withVariables("acceptable", false, "refusalReason", "申请人非本乡镇农村集体经济组织成员"));
    assertThat(instance).isEnded().hasPassed("End_NotAccepted");
    assertThat(noticesOf(instance, Kind.NOT_ACCEPTED)).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("非本乡镇农村集体经济组织成员"));
    documents.assertIssued(instance, Kind.RECEIPT, Kind.NOT_ACCEPTED);
  }

  @Test
  void everyMissingItemInOneNoticeThenSupplemented() {
    ProcessInstance instance = start("RURAL_HOMESTEAD");
    complete(taskOf(instance), withVariables("receivedMaterials", HOMESTEAD_MATERIALS.subList(0, 3), "acceptable", true));
    assertThat(intakeOf(instance)).hasPassed("Task_NotifyMissingMaterials").isWaitingAt("Task_ReceiveSupplement");
    List<Notice> notice = noticesOf(instance, Kind.MISSING_MATERIALS);
    assertThat(notice).singleElement().satisfies(n -> assertThat(n.content())
        .contains("1. 村民小组会议讨论意见及村委会审查意见").contains("2. 住房设计图或通用图")
        .doesNotContain("户口簿").contains("30个工作日内"));
    // the clock has not started: acceptance waits for complete materials
    assertThat(runtime.getVariable(instance.getId(), "timeLimitDueAt")).isNull();

    at(MONDAY.plusDays(3));
    complete(taskOf(instance), withVariables("supplementReceived", true));
    assertThat(intakeOf(instance)).isWaitingAt("Task_CheckCompleteness");
    complete(taskOf(instance), withVariables("receivedMaterials", HOMESTEAD_MATERIALS, "acceptable", true));
    assertThat(instance).isWaitingAt("Task_Review");
    // accepted the day the complete materials were checked, not the day they were first handed in
    assertThat(noticesOf(instance, Kind.ACCEPTED)).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("）已于2026年11月19日受理，"));
    assertThat(noticesOf(instance, Kind.MISSING_MATERIALS)).hasSize(1);
    documents.assertIssued(instance, Kind.MISSING_MATERIALS, Kind.ACCEPTED);
  }

  @Test
  void supplementDeadlineMissedClosesAsWithdrawn() {
    ProcessInstance instance = start("TEMPORARY_ASSISTANCE");
    complete(taskOf(instance), withVariables("receivedMaterials", List.of("临时救助申请书"), "acceptable", true));
    ProcessInstance intake = intakeOf(instance);
    assertThat(intake).isWaitingAt("Task_ReceiveSupplement");
    // 10 working days from Monday 11-16: Monday 11-30, end of day
    assertThat(job("Timer_SupplementDeadline", intake).getDuedate())
        .isEqualTo(endOf(2026, 11, 30));
    at(ZonedDateTime.of(2026, 12, 1, 8, 0, 0, 0, ZONE));
    execute(job("Timer_SupplementDeadline", intake));
    assertThat(intake).isEnded().hasPassed("Task_CloseAsWithdrawn");
    assertThat(instance).isEnded().hasPassed("End_Withdrawn").hasNotPassed("Task_AcceptApplication");
    assertThat(noticesOf(instance, Kind.WITHDRAWN)).hasSize(1);
  }

  @Test
  void noNoticeWithinFiveWorkingDaysMeansAccepted() {
    ProcessInstance instance = start("RURAL_HOMESTEAD");
    ProcessInstance intake = intakeOf(instance);
    // five working days from Monday 11-16: Monday 11-23
    assertThat(job("Timer_AcceptanceDeadline", intake).getDuedate())
        .isEqualTo(endOf(2026, 11, 23));
    at(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZONE));
    execute(job("Timer_AcceptanceDeadline", intake));
    assertThat(intake).isEnded().hasPassed("Task_DeemAccepted");
    assertThat(instance).isWaitingAt("Task_Review");
    // the time limit counts from the day the materials arrived, and the notice says the acceptance is deemed
    assertThat(noticesOf(instance, Kind.ACCEPTED)).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("）已于2026年11月16日依法视为受理，"));
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
        .variableNameIn("deemedAccepted", "materialsReceivedAt", "intakeOutcome").count())
        .as("handed over by the intake in the transaction that reads them, never stored").isZero();
    assertThat((Date) runtime.getVariable(instance.getId(), "timeLimitDueAt"))
        .isEqualTo(endOf(2026, 12, 14));
  }

  @Test
  void aSupplementAfterAcceptanceComesBackToTheReviewWithTheClockRunning() {
    ProcessInstance instance = acceptedHomestead();
    at(ZonedDateTime.of(2026, 11, 19, 15, 0, 0, 0, ZONE));
    complete(taskOf(instance), withVariables("reviewResult", "supplement", "reviewOpinion", "设计图与宅基地四至不符",
        "missingMaterials", List.of("住房设计图或通用图"), "supplementNote", "请附四至界址图"));
    assertThat(instance).isWaitingAt("CallActivity_ReviewSupplement").hasNotPassed("Task_PauseTimeLimit");
    ProcessInstance intake = intakeOf(instance);
    assertThat(intake).isWaitingAt("Task_ReceiveSupplement");
    // the clock runs on: 行政许可法第四十五条 does not exclude a supplement
    assertThat(runtime.getVariable(instance.getId(), "timeLimitRunningSince")).isNotNull();
    assertThat(job("Timer_TimeLimitOverdue", instance).getDuedate()).isEqualTo(endOf(2026, 12, 14));
    assertThat(noticesOf(instance, Kind.MISSING_MATERIALS)).singleElement().satisfies(n -> assertThat(n.content())
        .contains("1. 住房设计图或通用图").contains("请附四至界址图").contains("依现有材料作出决定")
        .doesNotContain("视为撤回"));

    complete(taskOf(instance), withVariables("supplementReceived", true, "supplementedMaterials",
        List.of("住房设计图或通用图")));
    assertThat(intake).isEnded().hasPassed("Task_AddSupplementToFile", "End_Supplemented")
        .hasNotPassed("Task_CheckCompleteness");
    assertThat(instance).isWaitingAt("Task_Review");
    assertThat(cn.township.workflow.system.CaseVariables.asList("materialsInFile", runtime.getVariable(instance.getId(), "materialsInFile")))
        .contains("住房设计图或通用图");
  }

  @Test
  void anAcceptedApplicationEndsInAWrittenDecisionEvenWhenTheSupplementNeverComes() {
    ProcessInstance instance = acceptedHomestead();
    complete(taskOf(instance), withVariables("reviewResult", "supplement", "reviewOpinion", "需补充村委会意见",
        "missingMaterials", List.of("村民小组会议讨论意见及村委会审查意见")));
    ProcessInstance intake = intakeOf(instance);
    at(MONDAY.plusMonths(2));
    execute(job("Timer_SupplementDeadline", intake));
    assertThat(intake).isEnded().hasPassed("Task_NoteSupplementLapsed", "End_SupplementLapsed")
        .hasNotPassed("Task_CloseAsWithdrawn");
    assertThat(instance).isWaitingAt("Task_Review").hasNotPassed("End_Withdrawn", "End_NotAccepted");
    complete(taskOf(instance), withVariables("reviewResult", "disapprove", "reviewOpinion", "未提交村委会审查意见，不符合条件",
        "decisionLegalBasis", "《中华人民共和国土地管理法》第六十二条"));
    complete(taskOf(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));
    assertThat(instance).isWaitingAt("Task_IssueAtWindow");
    assertThat((String) runtime.getVariable(instance.getId(), "decisionText")).contains("决定不予准予");
  }

  @Test
  void onlyTheCatalogsPublishedMaterialsMayBeAskedFor() {
    ProcessInstance instance = acceptedHomestead();
    Task review = taskOf(instance);
    assertRejected(() -> complete(review, withVariables("reviewResult", "supplement", "reviewOpinion", "需补充",
        "missingMaterials", List.of("无犯罪记录证明"))), "第三十一条");
    assertRejected(() -> complete(review, withVariables("reviewResult", "supplement", "reviewOpinion", "需补充",
        "supplementNote", "请补交其他证明")), "第三十一条");
    assertThat(instance).isWaitingAt("Task_Review");
  }

  @Test
  void theClockStopsForAnInspectionAndRestartsTheDayItEndedAcrossNationalDay() {
    at(ZonedDateTime.of(2026, 9, 14, 10, 0, 0, 0, ZONE)); // Monday
    ProcessInstance instance = start("RURAL_HOMESTEAD");
    complete(taskOf(instance), withVariables("receivedMaterials", HOMESTEAD_MATERIALS, "acceptable", true));
    // 9-15..18, Sunday 9-20 (调休), 9-21..24, 中秋 9-25 off, 9-28..30, 国庆 10-01..07 off, 10-08, 10-09,
    // Saturday 10-10 (调休), 10-12..16: twenty working days end on Friday 10-16
    assertThat(job("Timer_TimeLimitOverdue", instance).getDuedate()).isEqualTo(endOf(2026, 10, 16));

    at(ZonedDateTime.of(2026, 9, 16, 15, 0, 0, 0, ZONE));
    Task review = taskOf(instance);
    assertRejected(() -> complete(review, withVariables("reviewResult", "excluded", "reviewOpinion", "需现场核查",
        "excludedKind", "siteVisit", "excludedExpectedDays", 10, "excludedReason", "核查")), "第四十五条");
    complete(review, withVariables("reviewResult", "excluded", "reviewOpinion", "需检验房屋结构安全",
        "excludedKind", "inspection", "excludedExpectedDays", 10, "excludedReason", "翻建房屋须经结构安全检验"));
    assertThat(instance).hasPassed("End_ReviewExcluded", "Task_PauseForExcludedPeriod")
        .isWaitingAt("Task_RecordExcludedPeriodEnd");
    assertThat(jobs(instance, "Timer_TimeLimitOverdue")).as("the overdue timer stops with the clock").isZero();
    assertThat(runtime.getVariable(instance.getId(), "timeLimitUsedDays")).isEqualTo(2);
    assertThat(noticesOf(instance, Kind.EXCLUDED_PERIOD)).singleElement().satisfies(n -> assertThat(n.content())
        .contains("检验").contains("预计需要10日").contains("2026年9月26日").contains("第四十五条"));
    // ten calendar days from 9-16: 9-26, a Saturday in the Mid-Autumn break, still the day the applicant was told
    assertThat(job("Timer_ExcludedPeriodExpected", instance).getDuedate()).isEqualTo(endOf(2026, 9, 26));

    at(ZonedDateTime.of(2026, 9, 27, 9, 0, 0, 0, ZONE));
    execute(job("Timer_ExcludedPeriodExpected", instance));
    assertThat(instance).hasPassed("Task_RemindExcludedPeriod").isWaitingAt("Task_RecordExcludedPeriodEnd");

    // the inspection report came on Wednesday 9-30; the reviewer records it after the holiday, on Friday 10-09
    at(ZonedDateTime.of(2026, 10, 9, 10, 0, 0, 0, ZONE));
    Task end = taskOf(instance);
    assertRejected(() -> complete(end, withVariables("excludedEndedOn", "2026-10-12", "excludedResult", "合格")),
        "完成日期应在");
    complete(end, withVariables("excludedEndedOn", "2026-09-30", "excludedResult", "房屋结构安全，检验合格"));
    assertThat(instance).hasPassed("Task_ResumeTimeLimit").isWaitingAt("Task_Review");
    // eighteen working days left, counted from 9-30: 10-08, 10-09, Saturday 10-10, 10-12..16, 10-19..23, 10-26..30;
    // from the day it was recorded (10-09) they would end on 11-03
    assertThat(job("Timer_TimeLimitOverdue", instance).getDuedate()).isEqualTo(endOf(2026, 10, 30));
    assertThat(job("Timer_TimeLimitWarning", instance).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2026, 10, 26, 9, 0, 0, 0, ZONE).toInstant()));
    assertThat(noticesOf(instance, Kind.EXCLUDED_PERIOD)).hasSize(2).last().satisfies(n -> assertThat(n.content())
        .contains("2026年9月30日完成").contains("2026年10月30日"));
  }

  @Test
  void aPartyAsksForAHearingWhichIsAnnouncedSevenDaysAheadAndTheDecisionFollowsItsRecord() {
    ProcessInstance instance = acceptedHomestead();
    assertThat(runtime.getVariable(instance.getId(), "hearingRequired")).as("from the catalog").isEqualTo(false);
    complete(taskOf(instance), withVariables("reviewResult", "notifyParties", "reviewOpinion", "拟建住房紧邻东邻住宅",
        "interestedParties", "李四，13900000001\n王五，13900000002"));
    assertThat(instance).hasPassed("Task_NotifyInterestedParties").isWaitingAt("Task_HearInterestedParties");
    assertThat(notices.forCase(instance.getBusinessKey())).filteredOn(n -> n.kind() == Kind.INTERESTED_PARTY_NOTICE)
        .extracting(Notice::recipient).containsExactlyInAnyOrder("李四，13900000001", "王五，13900000002", "王大山");
    // five days (calendar) from Monday 11-16, over the weekend: Saturday 11-21
    assertThat(taskOf(instance).getDueDate()).isEqualTo(endOf(2026, 11, 21));
    at(ZonedDateTime.of(2026, 11, 18, 10, 0, 0, 0, ZONE));
    complete(taskOf(instance), withVariables("partyViews", "李四认为影响采光，要求听证", "hearingRequested", true));

    Task review = taskOf(instance);
    assertRejected(() -> complete(review, withVariables("reviewResult", "approve", "reviewOpinion", "符合条件")),
        "听证后方可作出决定");
    complete(review, withVariables("reviewResult", "excluded", "reviewOpinion", "利害关系人要求听证",
        "excludedKind", "hearing", "excludedExpectedDays", 20, "excludedReason", "李四要求听证（第四十七条）"));
    assertThat(instance).isWaitingAt("Task_ScheduleHearing");
    assertThat(taskOf(instance)).hasCandidateGroup("leader");
    Task schedule = taskOf(instance);
    assertRejected(() -> complete(schedule, withVariables("hearingAt", "2026-11-24T09:30", "hearingPlace", "镇政府会议室",
        "hearingHost", "司法所林律")), "7日");
    complete(schedule, withVariables("hearingAt", "2026-11-26T09:30", "hearingPlace", "镇政府会议室",
        "hearingHost", "司法所林律"));
    assertThat(notices.forCase(instance.getBusinessKey())).filteredOn(n -> n.kind() == Kind.HEARING_NOTICE)
        .extracting(Notice::recipient).containsExactlyInAnyOrder("王大山", "李四，13900000001", "王五，13900000002");
    assertThat(job("Timer_HearingDate", instance).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2026, 11, 26, 9, 30, 0, 0, ZONE).toInstant()));
    at(ZonedDateTime.of(2026, 11, 26, 9, 30, 0, 0, ZONE));
    execute(job("Timer_HearingDate", instance));
    complete(taskOf(instance), withVariables("hearingParticipants", "王大山、李四、审核人李强",
        "hearingRecord", "李四主张影响采光；测绘显示间距符合村庄规划"));
    assertThat(instance).hasPassed("Task_ResumeTimeLimit").isWaitingAt("Task_Review");

    Task decision = taskOf(instance);
    assertRejected(() -> complete(decision, withVariables("reviewResult", "approve", "reviewOpinion", "符合条件")),
        "听证笔录");
    complete(decision, withVariables("reviewResult", "approve", "reviewOpinion", "符合一户一宅",
        "hearingFindings", "间距符合村庄规划，不影响相邻采光"));
    complete(taskOf(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));
    assertThat((String) runtime.getVariable(instance.getId(), "decisionText"))
        .contains("根据听证笔录认定：间距符合村庄规划");
    documents.assertIssued(instance, Kind.HEARING_NOTICE, Kind.DECISION);
  }

  @Test
  void aHearingTheLawRequiresCannotBeSkippedAndIsAnnouncedToThePublic() {
    ProcessInstance instance = acceptedHomestead();
    runtime.setVariable(instance.getId(), "hearingRequired", true); // as a matter whose catalog column 依法须听证 says
    Task review = taskOf(instance);
    assertRejected(() -> complete(review, withVariables("reviewResult", "disapprove", "reviewOpinion", "不符合",
        "decisionLegalBasis", "《中华人民共和国土地管理法》第六十二条")), "第四十六条");
    complete(review, withVariables("reviewResult", "excluded", "reviewOpinion", "依法须听证",
        "excludedKind", "hearing", "excludedExpectedDays", 20, "excludedReason", "法律规定须听证（第四十六条）"));
    complete(taskOf(instance), withVariables("hearingAt", "2026-11-25T14:00", "hearingPlace", "镇政府会议室",
        "hearingHost", "司法所林律"));
    assertThat(notices.forCase(instance.getBusinessKey())).filteredOn(n -> n.kind() == Kind.HEARING_NOTICE)
        .extracting(Notice::recipient).containsExactlyInAnyOrder("王大山", "public");
  }

  @Test
  void theHeadExtendsTheLimitOnceBeforeItPassesAndTheTimersFollow() {
    ProcessInstance instance = acceptedHomestead(); // due Monday 12-14
    at(ZonedDateTime.of(2026, 12, 10, 10, 0, 0, 0, ZONE));
    complete(taskOf(instance), withVariables("reviewResult", "extend", "reviewOpinion", "需等待村委会复核",
        "extensionReasons", "需现场复核宅基地四至，二十个工作日内不能作出决定"));
    assertThat(instance).isWaitingAt("Task_ApproveExtension");
    assertThat(taskOf(instance)).hasCandidateGroup("leader");
    complete(taskOf(instance), withVariables("extensionApproved", true, "extensionDecisionNote", "同意延长"));
    assertThat(instance).hasPassed("End_ExtensionApproved", "Task_ExtendTimeLimit").isWaitingAt("Task_Review");
    // ten more working days after 12-14 (weekends 12-19/20, 12-26/27 not counted): Monday 12-28
    assertThat((Date) runtime.getVariable(instance.getId(), "timeLimitDueAt")).isEqualTo(endOf(2026, 12, 28));
    assertThat(job("Timer_TimeLimitOverdue", instance).getDuedate()).isEqualTo(endOf(2026, 12, 28));
    // 80 % of 30: the 24th working day, Friday 12-18 at nine
    assertThat(job("Timer_TimeLimitWarning", instance).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2026, 12, 18, 9, 0, 0, 0, ZONE).toInstant()));
    assertThat(taskOf(instance).getDueDate()).isEqualTo(endOf(2026, 12, 28));
    assertThat(noticesOf(instance, Kind.TIME_LIMIT_EXTENDED)).singleElement().satisfies(n -> assertThat(n.content())
        .contains("延长10个工作日").contains("2026年12月28日").contains("需现场复核宅基地四至"));
    Task again = taskOf(instance);
    assertRejected(() -> complete(again, withVariables("reviewResult", "extend", "reviewOpinion", "仍需复核",
        "extensionReasons", "再延")), "已经延长过一次");
    documents.assertIssued(instance, Kind.TIME_LIMIT_EXTENDED);
  }

  @Test
  void noExtensionOnceTheLimitHasPassedAndARefusedOneGoesBackToReview() {
    ProcessInstance late = acceptedHomestead();
    at(ZonedDateTime.of(2026, 12, 15, 9, 0, 0, 0, ZONE));
    Task review = taskOf(late);
    assertRejected(() -> complete(review, withVariables("reviewResult", "extend", "reviewOpinion", "来不及",
        "extensionReasons", "材料复杂")), "已经届满");

    at(MONDAY);
    ProcessInstance refused = acceptedHomestead();
    complete(taskOf(refused), withVariables("reviewResult", "extend", "reviewOpinion", "需复核",
        "extensionReasons", "需复核"));
    complete(taskOf(refused), withVariables("extensionApproved", false, "extensionDecisionNote", "时间充足，不同意延长"));
    assertThat(refused).isWaitingAt("Task_Review").hasNotPassed("Task_ExtendTimeLimit");
  }

  @Test
  void theDecisionIsIssuedWithinTenWorkingDaysWithAWarningAndAnEscalation() {
    at(ZonedDateTime.of(2026, 9, 21, 10, 0, 0, 0, ZONE));
    ProcessInstance instance = start("RURAL_HOMESTEAD");
    complete(taskOf(instance), withVariables("receivedMaterials", HOMESTEAD_MATERIALS, "acceptable", true));
    at(ZonedDateTime.of(2026, 9, 23, 10, 0, 0, 0, ZONE));
    complete(taskOf(instance), withVariables("reviewResult", "approve", "reviewOpinion", "符合条件"));
    complete(taskOf(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));
    assertThat(instance).isWaitingAt("Task_IssueAtWindow");
    // ten working days from Wednesday 9-23: 9-24, (中秋 9-25 off), 9-28..30, (国庆 10-01..07 off), 10-08, 10-09,
    // Saturday 10-10 (调休), 10-12..14
    assertThat(taskOf(instance).getDueDate()).isEqualTo(endOf(2026, 10, 14));
    assertThat(job("Timer_IssueOverdue", instance).getDuedate()).isEqualTo(endOf(2026, 10, 14));
    assertThat(job("Timer_IssueWarning", instance).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2026, 10, 12, 9, 0, 0, 0, ZONE).toInstant()));
    at(ZonedDateTime.of(2026, 10, 12, 9, 5, 0, 0, ZONE));
    execute(job("Timer_IssueWarning", instance));
    assertThat(noticesOf(instance, Kind.REMINDER)).extracting(Notice::recipient)
        .containsExactlyInAnyOrder("group:window-clerk", "group:leader");
    at(ZonedDateTime.of(2026, 10, 15, 9, 0, 0, 0, ZONE));
    execute(job("Timer_IssueOverdue", instance));
    assertThat(instance).isWaitingAt("Task_IssueAtWindow", "Task_SuperviseIssueOverdue");
    Task supervision = task("Task_SuperviseIssueOverdue", instance);
    assertThat(supervision).hasCandidateGroup("supervisor");
    complete(task("Task_IssueAtWindow", instance), withVariables("deliveryMethod", "window", "decisionDelivered", true));
    rateAndFinish(instance, "SATISFIED");
    assertThat(instance).isWaitingAt("Task_SuperviseIssueOverdue");
    complete(supervision, withVariables("overdueReason", "证件打印机故障", "supervisionOpinion", "责令当日出件"));
    assertThat(instance).isEnded().hasPassed("End_Issued", "End_IssueOverdueSupervised");
  }

  @Test
  void smallTemporaryAssistanceIsPublishedAndDecidedInTheCountyBureausName() {
    ProcessInstance instance = start("TEMPORARY_ASSISTANCE");
    complete(taskOf(instance), withVariables("receivedMaterials", List.of("临时救助申请书", "申请人身份证明", "困难情况说明及证明材料"),
        "acceptable", true));
    complete(taskOf(instance), withVariables("reviewResult", "approve", "reviewOpinion", "因病致困，符合临时救助条件",
        "grantAmount", 800));
    assertThat(instance).hasNotPassed("Task_LeaderSignOff").isWaitingAt("CallActivity_PublicNotice");
    ProcessInstance notice = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId())
        .processDefinitionKey("public-notice").singleResult();
    assertThat(notices.forCase(instance.getBusinessKey())).filteredOn(n -> "public".equals(n.recipient()))
        .singleElement().satisfies(n -> assertThat(n.content()).contains("王大山").contains("金额800元")
            .contains("公示期3日").doesNotContain(ID_NUMBER));
    // three calendar days from Monday 11-16 (catalog 公示天数): Thursday 11-19
    assertThat(job("Timer_PublicNoticeEnds", notice).getDuedate()).isEqualTo(endOf(2026, 11, 19));
    at(ZonedDateTime.of(2026, 11, 20, 9, 0, 0, 0, ZONE));
    execute(job("Timer_PublicNoticeEnds", notice));
    assertThat(taskOf(instance)).hasCandidateGroup("reviewer");
    complete(taskOf(instance), withVariables("objectionsReceived", "无", "objectionsFounded", false));
    assertThat(instance).isWaitingAt("Task_IssueAtWindow");
    assertThat((String) runtime.getVariable(instance.getId(), "decisionText"))
        .startsWith("县民政局（委托青山镇办理）").contains("决定准予").contains("《社会救助暂行办法》第四十七条、第四十八条");
  }

  @Test
  void aFoundedObjectionSendsTheCaseBackToReview() {
    ProcessInstance instance = start("MINIMUM_LIVING_ALLOWANCE");
    complete(taskOf(instance), withVariables("receivedMaterials", List.of("最低生活保障申请书", "家庭成员身份证明及户口簿",
        "家庭收入和财产状况声明", "家庭经济状况核对授权书"), "acceptable", true));
    complete(taskOf(instance), withVariables("reviewResult", "approve", "reviewOpinion", "家庭人均收入低于当地低保标准",
        "grantAmount", 450));
    complete(taskOf(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));
    ProcessInstance notice = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId())
        .processDefinitionKey("public-notice").singleResult();
    // seven calendar days (catalog) from Monday 11-16, over the weekend: Monday 11-23
    assertThat(job("Timer_PublicNoticeEnds", notice).getDuedate()).isEqualTo(endOf(2026, 11, 23));
    at(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZONE));
    execute(job("Timer_PublicNoticeEnds", notice));
    Task objections = taskOf(instance);
    assertRejected(() -> complete(objections, withVariables("objectionsReceived", "村民反映申请人有营运车辆",
        "objectionsFounded", true)), "核实情况");
    complete(objections, withVariables("objectionsReceived", "村民反映申请人有营运车辆", "objectionsFounded", true,
        "objectionFindings", "经核实，申请人名下有营运货车一辆"));
    assertThat(instance).isWaitingAt("Task_Review").hasNotPassed("Task_DraftDecision");
  }

  @Test
  void warningBeforeTheLimitGoesToReviewerAndLeader() {
    ProcessInstance instance = acceptedHomestead();
    // 80 % of 20 working days: the 16th working day after 11-16 is Tuesday 12-08, at nine
    assertThat(job("Timer_TimeLimitWarning", instance).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2026, 12, 8, 9, 0, 0, 0, ZONE).toInstant()));
    at(ZonedDateTime.of(2026, 12, 8, 9, 1, 0, 0, ZONE));
    execute(job("Timer_TimeLimitWarning", instance));
    assertThat(instance).hasPassed("Task_WarnTimeLimit").isWaitingAt("Task_Review");
    assertThat(noticesOf(instance, Kind.TIME_LIMIT_WARNING)).extracting(Notice::recipient)
        .containsExactlyInAnyOrder("group:reviewer", "group:leader");
    assertThat(taskOf(instance).getPriority()).isEqualTo(WarnTimeLimit.WARNING_PRIORITY);
  }

  @Test
  void overdueCaseIsEscalatedToTheSupervisorAndStaysOnRecord() {
    ProcessInstance instance = acceptedHomestead();
    at(ZonedDateTime.of(2026, 12, 15, 9, 0, 0, 0, ZONE));
    execute(job("Timer_TimeLimitWarning", instance));
    execute(job("Timer_TimeLimitOverdue", instance));
    assertThat(instance).isWaitingAt("Task_Review", "Task_SuperviseOverdue");
    Task supervision = tasks.createTaskQuery().processInstanceId(instance.getId())
        .taskDefinitionKey("Task_SuperviseOverdue").singleResult();
    assertThat(supervision).hasCandidateGroup("supervisor");

    complete(tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey("Task_Review").singleResult(),
        withVariables("reviewResult", "approve", "reviewOpinion", "符合条件"));
    complete(task("Task_LeaderSignOff", instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));
    assertThat(caseFact(instance)).containsEntry("on_time", false);
    complete(task("Task_IssueAtWindow", instance), withVariables("deliveryMethod", "post", "decisionDelivered", true));
    rateAndFinish(instance, "SATISFIED");
    // the case stays open until the supervisor has recorded the overdue supervision
    assertThat(instance).isNotEnded().isWaitingAt("Task_SuperviseOverdue");
    complete(supervision, withVariables("overdueReason", "现场勘验排期延误", "supervisionOpinion", "约谈审核人，限期整改"));
    assertThat(instance).isEnded();
    assertThat(caseFact(instance)).as("late, as RecordCompletion found").containsEntry("on_time", false);
  }

  @Test
  void reviewWithoutAConclusionIsRefusedWithAClearMessage() {
    ProcessInstance instance = acceptedHomestead();
    Task review = taskOf(instance);
    assertRejected(() -> complete(review, withVariables("reviewResult", "maybe", "reviewOpinion", "x")), "审查结论应为");
    assertRejected(() -> complete(review, withVariables("reviewResult", "disapprove", "reviewOpinion", "不符合")), "法律依据");
    assertThat(instance).isWaitingAt("Task_Review");
  }

  @Test
  void unknownMatterOrBadApplicantCreatesNothing() {
    int lastNumber = sequence(start("RURAL_HOMESTEAD"));
    long before = history.createHistoricProcessInstanceQuery().count();
    assertRejected(() -> start("NO_SUCH_MATTER"), "事项目录中没有编码为“NO_SUCH_MATTER”");
    assertRejected(() -> runtime.startProcessInstanceByKey("delegated-review",
        anApplication().idNumber("430521198001011230").variables()), "身份证");
    assertRejected(() -> runtime.startProcessInstanceByKey("delegated-review",
        anApplication().applicant(" ").variables()), "申请人姓名");
    assertThat(history.createHistoricProcessInstanceQuery().count()).isEqualTo(before);
    // and the refused starts gave their receipt numbers back
    assertThat(sequence(start("RURAL_HOMESTEAD"))).isEqualTo(lastNumber + 1);
  }

}
