package cn.township.workflow.review;

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
import cn.township.workflow.window.NoticeBook;
import cn.township.workflow.window.NoticeBook.Kind;
import cn.township.workflow.window.NoticeBook.Notice;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
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

    complete(taskOf(instance), withVariables("reviewResult", "approve", "reviewOpinion", "符合一户一宅，面积未超标准"));
    assertThat(instance).isWaitingAt("Task_LeaderSignOff");
    assertThat(taskOf(instance)).hasCandidateGroup("leader");
    complete(taskOf(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));

    assertThat(instance).isWaitingAt("Task_IssueAtWindow").hasVariables("decisionText");
    assertThat((String) runtime.getVariable(instance.getId(), "decisionText"))
        .contains("决定准予").contains("《中华人民共和国土地管理法》第六十二条").contains("行政复议");
    assertThat((Boolean) runtime.getVariable(instance.getId(), "completedOnTime")).isTrue();
    complete(taskOf(instance), withVariables("deliveryMethod", "window", "decisionDelivered", true));

    assertThat(instance).isWaitingAt("CallActivity_SatisfactionRating");
    rateAndFinish(instance, "VERY_SATISFIED");
    assertThat(instance).isEnded().hasPassed("End_Issued");
    assertThat(noticesOf(instance, Kind.ACCEPTED)).hasSize(1);
    assertThat(noticesOf(instance, Kind.DECISION)).hasSize(1);
    assertThat(noticesOf(instance, Kind.RECEIPT)).hasSize(1);
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
    assertThat(runtime.getVariable(instance.getId(), "decision")).isEqualTo("refused");
  }

  @Test
  void entrustedMatterIsDecidedInTheEntrustingDepartmentsName() {
    ProcessInstance instance = start("MINIMUM_LIVING_ALLOWANCE");
    complete(taskOf(instance), withVariables("receivedMaterials", List.of("最低生活保障申请书", "家庭成员身份证明及户口簿",
        "家庭收入和财产状况声明", "家庭经济状况核对授权书"), "acceptable", true));
    complete(taskOf(instance), withVariables("reviewResult", "approve", "reviewOpinion", "家庭人均收入低于当地低保标准"));
    complete(taskOf(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));
    assertThat((String) runtime.getVariable(instance.getId(), "decisionText"))
        .startsWith("县民政局（委托青山镇办理）").contains("《社会救助暂行办法》第十一条");
  }

  @Test
  void leaderSendsTheCaseBackToReview() {
    ProcessInstance instance = acceptedHomestead();
    complete(taskOf(instance), withVariables("reviewResult", "approve", "reviewOpinion", "符合条件"));
    complete(taskOf(instance), withVariables("leaderDecision", "return", "leaderOpinion", "请核实面积"));
    assertThat(instance).isWaitingAt("Task_Review");
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
    assertThat((Date) runtime.getVariable(instance.getId(), "acceptedAt"))
        .isEqualTo(Date.from(MONDAY.plusDays(3).toInstant()));
    assertThat(noticesOf(instance, Kind.MISSING_MATERIALS)).hasSize(1);
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
    assertThat(runtime.getVariable(instance.getId(), "deemedAccepted")).isEqualTo(true);
    // the time limit counts from the day the materials arrived
    assertThat((Date) runtime.getVariable(instance.getId(), "acceptedAt")).isEqualTo(Date.from(MONDAY.toInstant()));
    assertThat((Date) runtime.getVariable(instance.getId(), "timeLimitDueAt"))
        .isEqualTo(endOf(2026, 12, 14));
  }

  @Test
  void supplementDuringReviewPausesTheClock() {
    ProcessInstance instance = acceptedHomestead();
    at(ZonedDateTime.of(2026, 11, 19, 15, 0, 0, 0, ZONE)); // Thursday: 3 working days used
    complete(taskOf(instance), withVariables("reviewResult", "supplement", "reviewOpinion", "需补充测绘资料",
        "missingMaterials", List.of("住房设计图或通用图"), "supplementNote", "请附四至界址图"));
    assertThat(instance).hasPassed("Task_PauseTimeLimit").isWaitingAt("CallActivity_ReviewSupplement");
    assertThat(intakeOf(instance)).hasPassed("Task_NotifyMissingMaterials").isWaitingAt("Task_ReceiveSupplement");
    assertThat(runtime.getVariable(instance.getId(), "timeLimitUsedDays")).isEqualTo(3);
    assertThat(runtime.getVariable(instance.getId(), "timeLimitRunningSince")).isNull();
    assertThat(noticesOf(instance, Kind.MISSING_MATERIALS)).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("住房设计图或通用图").contains("请附四至界址图"));

    at(ZonedDateTime.of(2026, 11, 30, 9, 0, 0, 0, ZONE)); // back 7 working days later
    complete(taskOf(instance), withVariables("supplementReceived", true));
    complete(taskOf(instance), withVariables("receivedMaterials", HOMESTEAD_MATERIALS, "acceptable", true));
    assertThat(instance).isWaitingAt("Task_Review");
    // 17 days left from Monday 11-30: Wednesday 12-23 (instead of 12-14 without the pause)
    assertThat((Date) runtime.getVariable(instance.getId(), "timeLimitDueAt"))
        .isEqualTo(endOf(2026, 12, 23));
    assertThat(job("Timer_TimeLimitOverdue", instance).getDuedate())
        .isEqualTo(endOf(2026, 12, 23));
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
    assertThat(runtime.getVariable(instance.getId(), "completedOnTime")).isEqualTo(false);
    complete(task("Task_IssueAtWindow", instance), withVariables("deliveryMethod", "post", "decisionDelivered", true));
    rateAndFinish(instance, "SATISFIED");
    // the case stays open until the supervisor has recorded the overdue supervision
    assertThat(instance).isNotEnded().isWaitingAt("Task_SuperviseOverdue");
    complete(supervision, withVariables("overdueReason", "现场勘验排期延误", "supervisionOpinion", "约谈审核人，限期整改"));
    assertThat(instance).isEnded();
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
