package cn.township.workflow.forwarding;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static cn.township.workflow.support.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.window.NoticeBook;
import cn.township.workflow.window.NoticeBook.Kind;
import cn.township.workflow.window.NoticeBook.Notice;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every path of forward-to-county.bpmn and higher-level-review.bpmn a township, county or city user can walk. */
class ForwardToCountyProcessTest extends ProcessTestCase {

  static final List<String> LOGGING_MATERIALS = List.of("林木采伐申请书", "申请人身份证明", "林木权属证明", "伐区调查设计或采伐作业说明");
  static final List<String> FARMLAND_MATERIALS = List.of("农用地转用申请表", "申请人身份证明", "宅基地批准文件", "建设用地勘测定界图",
      "耕地占补平衡说明");

  @Autowired NoticeBook notices;
  @Autowired PostLevelDecision post;
  @Autowired cn.township.workflow.window.ApplicantRatings ratings;

  /** Registered, complete materials, accepted: waiting for the township's pre-examination. */
  ProcessInstance acceptedCase(String matter, List<String> materials) {
    ProcessInstance instance = runtime.startProcessInstanceByKey("forward-to-county",
        anApplication().forMatter(matter).variables());
    complete(taskOf(instance, "window-clerk"), withVariables("receivedMaterials", materials, "acceptable", true));
    assertThat(instance).isWaitingAt("Task_PreExamine");
    return instance;
  }

  ProcessInstance forwarded(String matter, List<String> materials) {
    ProcessInstance instance = acceptedCase(matter, materials);
    assertThat(taskOf(instance, "pre-examiner")).isNotNull();
    complete(taskOf(instance, "pre-examiner"), withVariables("preExamResult", "pass", "preExamOpinion", "材料齐全，符合转报条件"));
    assertThat(instance).isWaitingAt("CallActivity_LevelReview");
    return instance;
  }

  Task taskOf(ProcessInstance instance, String group) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).taskCandidateGroup(group)
        .singleResult();
  }

  ProcessInstance levelReviewOf(ProcessInstance instance) {
    return runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId())
        .processDefinitionKey("higher-level-review").singleResult();
  }

  void decide(ProcessInstance instance, String department, String decision, String opinion, String basis) {
    Task task = taskOf(instance, department);
    assertThat(task).as("a review task for %s", department).isNotNull();
    complete(task, withVariables("departmentDecision", decision, "departmentOpinion", opinion,
        "departmentLegalBasis", basis));
  }

  void issueAndRate(ProcessInstance instance) {
    assertThat(instance).isWaitingAt("Task_IssueAtWindow");
    complete(taskOf(instance, "window-clerk"), withVariables("deliveryMethod", "window", "decisionDelivered", true));
    ratings.rate(instance.getBusinessKey(), cn.township.workflow.window.RecordRating.Level.SATISFIED, null,
        cn.township.workflow.window.ApplicantRatings.Channel.ONLINE, null);
    assertThat(instance).isEnded().hasPassed("End_Issued");
  }

  List<Notice> noticesOf(ProcessInstance instance, Kind kind) {
    return notices.forCase(instance.getBusinessKey()).stream().filter(n -> n.kind() == kind).toList();
  }

  String decisionText(ProcessInstance instance) {
    return (String) runtime.getVariable(instance.getId(), "decisionText");
  }

  @Test
  void approvedByTheCountyAndIssuedAtTheTownshipWindow() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    ProcessInstance county = levelReviewOf(instance);
    assertThat(county).isWaitingAt("Task_DepartmentReview").hasBusinessKey(instance.getBusinessKey());
    assertThat(county).variables().containsEntry("reviewLevel", "county");
    // ten working days for the county from Monday 11-16: Monday 11-30; reminder at 80 %: 11-26 09:00
    assertThat(job("Timer_LevelDeadline", county).getDuedate())
        .isEqualTo(endOf(2026, 11, 30));
    assertThat(job("Timer_LevelReminder", county).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE).toInstant()));
    assertThat(taskOf(instance, "county-forestry")).hasCandidateGroup("county-forestry");

    decide(instance, "county-forestry", "approve", "采伐量在年度限额内，同意", null);
    assertThat(county).isEnded().hasPassed("Task_ConsolidateLevelDecision");
    assertThat(decisionText(instance)).startsWith("县林业局（青山镇全程代理）").contains("决定准予")
        .contains("《中华人民共和国森林法》第五十六条");
    assertThat(noticesOf(instance, Kind.FORWARDED)).extracting(Notice::recipient).contains("group:county-forestry");
    issueAndRate(instance);
  }

  @Test
  void countyReturnsForSupplementThroughTheTownshipAndTheCaseIsResubmitted() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    at(MONDAY.plusDays(2));
    decide(instance, "county-forestry", "supplement", "请补充伐区界址图和林木蓄积量调查表", null);
    assertThat(instance).hasPassed("Task_PauseTimeLimit").isWaitingAt("CallActivity_Supplement");
    assertThat(runtime.getVariable(instance.getId(), "timeLimitRunningSince")).isNull();
    assertThat(runtime.getVariable(instance.getId(), "timeLimitDueDate")).isEqualTo("2026年12月14日");
    assertThat(noticesOf(instance, Kind.MISSING_MATERIALS)).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("县级退回补正").contains("伐区界址图"));

    complete(taskOf(instance, "window-clerk"), withVariables("supplementReceived", true));
    complete(taskOf(instance, "window-clerk"), withVariables("receivedMaterials", LOGGING_MATERIALS, "acceptable", true));
    assertThat(instance).isWaitingAt("Task_PreExamine");
    assertThat((Date) runtime.getVariable(instance.getId(), "timeLimitRunningSince")).isNotNull();
    complete(taskOf(instance, "pre-examiner"), withVariables("preExamResult", "pass", "preExamOpinion", "补正材料已齐"));
    decide(instance, "county-forestry", "approve", "同意", null);
    issueAndRate(instance);
  }

  @Test
  void refusedByTheCountyWithReasonsAndLegalBasis() {
    ProcessInstance instance = forwarded("SPECIAL_HARDSHIP_SUPPORT", List.of("特困人员救助供养申请书",
        "申请人身份证明及户口簿", "收入和财产状况声明", "残疾证或医疗诊断证明"));
    assertRejected(() -> decide(instance, "county-civil-affairs", "refuse", "有法定赡养人且具备赡养能力", null), "法律依据");
    decide(instance, "county-civil-affairs", "refuse", "有法定赡养人且具备赡养能力", "《特困人员认定办法》第六条");
    assertThat(decisionText(instance)).startsWith("县民政局（青山镇全程代理）").contains("决定不予准予")
        .contains("有法定赡养人").contains("《特困人员认定办法》第六条");
    issueAndRate(instance);
  }

  @Test
  void jointCountyReviewThenTheCityWithTheSameModel() {
    ProcessInstance instance = forwarded("FARMLAND_CONVERSION", FARMLAND_MATERIALS);
    ProcessInstance county = levelReviewOf(instance);
    assertThat(tasks.createTaskQuery().processInstanceId(county.getId()).count()).isEqualTo(2);
    decide(instance, "county-natural-resources", "approve", "符合土地利用总体规划", null);
    assertThat(county).isActive();
    decide(instance, "county-agriculture", "approve", "不涉及永久基本农田", null);
    assertThat(county).isEnded();

    assertThat(instance).hasPassed("Task_ForwardToCity").isWaitingAt("CallActivity_LevelReview");
    ProcessInstance city = levelReviewOf(instance);
    assertThat(city).variables().containsEntry("reviewLevel", "city");
    decide(instance, "city-natural-resources", "approve", "同意农用地转用", null);
    assertThat(decisionText(instance)).startsWith("市自然资源局（青山镇全程代理）").contains("决定准予");
    issueAndRate(instance);
  }

  @Test
  void aSilentDepartmentIsDeemedToAgreeWhereTheCatalogAllowsIt() {
    ProcessInstance instance = forwarded("FARMLAND_CONVERSION", FARMLAND_MATERIALS);
    ProcessInstance county = levelReviewOf(instance);
    decide(instance, "county-natural-resources", "approve", "符合规划", null);
    at(ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZONE)); // past the county's ten working days (11-30)
    execute(job("Timer_LevelDeadline", county));
    assertThat(county).isEnded().hasPassed("Task_RecordDeemedAgreement", "End_DeemedAgreed");
    assertThat(taskOf(instance, "county-agriculture")).as("the silent department's task is closed").isNull();
    assertThat(runtime.getVariable(instance.getId(), "deemedAgreedDepartments").toString()).contains("县农业农村局");
    assertThat(noticesOf(instance, Kind.DEEMED_AGREEMENT)).extracting(Notice::recipient)
        .containsExactly("group:county-agriculture");
    assertThat(instance).isWaitingAt("CallActivity_LevelReview"); // the county's approval went on to the city
  }

  @Test
  void countyIsRemindedBeforeItsLimitAndEscalatedAfterIt() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    ProcessInstance county = levelReviewOf(instance);
    at(ZonedDateTime.of(2026, 11, 26, 9, 1, 0, 0, ZONE));
    execute(job("Timer_LevelReminder", county));
    assertThat(noticesOf(instance, Kind.REMINDER)).singleElement()
        .satisfies(n -> assertThat(n.recipient()).isEqualTo("group:county-forestry"));
    at(ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZONE));
    execute(job("Timer_LevelDeadline", county));
    assertThat(county).hasPassed("Task_EscalateLevelOverdue").isWaitingAt("Task_DepartmentReview",
        "Task_SuperviseLevelOverdue");
    assertThat(taskOf(instance, "county-supervisor")).isNotNull();
    // the department still decides; the escalation stays on the record until the supervisor closes it
    decide(instance, "county-forestry", "approve", "同意", null);
    assertThat(county).isActive();
    complete(taskOf(instance, "county-supervisor"), withVariables("overdueReason", "外业核查排期",
        "supervisionOpinion", "约谈科室负责人"));
    assertThat(county).isEnded();
    assertThat(instance).isWaitingAt("Task_IssueAtWindow");
  }

  @Test
  void theOverallLimitPromisedToTheApplicantIsWatchedWhileTheCountyHoldsTheCase() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    // 20 working days from Monday 11-16: Monday 12-14, whoever holds the case
    assertThat(job("Timer_TimeLimitOverdue", instance).getDuedate())
        .isEqualTo(endOf(2026, 12, 14));
    at(ZonedDateTime.of(2026, 12, 15, 9, 0, 0, 0, ZONE));
    execute(job("Timer_TimeLimitWarning", instance));
    assertThat(noticesOf(instance, Kind.TIME_LIMIT_WARNING)).extracting(Notice::recipient)
        .containsExactlyInAnyOrder("group:county-forestry", "group:leader");
    assertThat(taskOf(instance, "county-forestry").getPriority()).isEqualTo(80);
    execute(job("Timer_TimeLimitOverdue", instance));
    assertThat(instance).isWaitingAt("CallActivity_LevelReview", "Task_SuperviseOverdue");
    assertThat(taskOf(instance, "supervisor")).as("the township's supervisor").isNotNull();
    assertThat(levelReviewOf(instance)).isWaitingAt("Task_DepartmentReview");
    complete(taskOf(instance, "supervisor"), withVariables("overdueReason", "县林业局现场核查排期",
        "supervisionOpinion", "已函请县林业局加快办理"));
    assertThat(instance).hasPassed("End_OverdueSupervised").isWaitingAt("CallActivity_LevelReview");
  }

  @Test
  void theCountysOwnSystemPostsItsDecision() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    ProcessInstance county = levelReviewOf(instance);
    assertThat(post.post(county.getId(), "county-civil-affairs", "approve", "同意", null))
        .as("a department that is not reviewing this case").isFalse();
    assertThat(post.post(county.getId(), "county-forestry", "approve", "经县林业局审批系统审核同意", null)).isTrue();
    assertThat(county).isEnded().hasPassed("Task_RecordExternalDecision", "End_DepartmentDecidedExternally",
        "Task_ConsolidateLevelDecision");
    assertThat(taskOf(instance, "county-forestry")).as("the department's own task is closed").isNull();
    assertThat(decisionText(instance)).contains("决定准予").contains("经县林业局审批系统审核同意");
    issueAndRate(instance);
  }

  @Test
  void inAJointReviewADepartmentsSystemDecidesForThatDepartmentOnly() {
    ProcessInstance instance = forwarded("FARMLAND_CONVERSION", FARMLAND_MATERIALS);
    ProcessInstance county = levelReviewOf(instance);
    decide(instance, "county-agriculture", "refuse", "占用永久基本农田", "《中华人民共和国土地管理法》第三十五条");
    assertThat(county).isActive();
    // the other department's system approves: it decides for itself, the agriculture bureau's refusal stands
    assertThat(post.post(county.getId(), "county-natural-resources", "approve", "经县自然资源局系统审核，符合规划", null))
        .isTrue();
    assertThat(county).isEnded().hasPassed("Task_RecordExternalDecision", "Task_ConsolidateLevelDecision");
    assertThat(post.post(county.getId(), "county-natural-resources", "approve", "重复回传", null))
        .as("a decision posted again once the department has decided").isFalse();
    String record = runtime.getVariable(instance.getId(), "departmentDecisions").toString();
    assertThat(record).contains("县农业农村局").contains("占用永久基本农田").contains("县自然资源局")
        .contains("经县自然资源局系统审核，符合规划").contains("external").contains("tasklist");
    assertThat(instance).hasNotPassed("Task_ForwardToCity").isWaitingAt("Task_IssueAtWindow");
    assertThat(decisionText(instance)).contains("不予").contains("占用永久基本农田");
  }

  @Test
  void inAJointReviewAnEarlyExternalDecisionLeavesTheOtherDepartmentReviewing() {
    ProcessInstance instance = forwarded("FARMLAND_CONVERSION", FARMLAND_MATERIALS);
    ProcessInstance county = levelReviewOf(instance);
    assertThat(post.post(county.getId(), "county-natural-resources", "approve", "符合土地利用总体规划", null)).isTrue();
    assertThat(county).isActive();
    assertThat(taskOf(instance, "county-natural-resources")).isNull();
    assertThat(taskOf(instance, "county-agriculture")).as("the agriculture bureau still reviews").isNotNull();
    decide(instance, "county-agriculture", "approve", "不涉及永久基本农田", null);
    assertThat(county).isEnded();
    assertThat(instance).hasPassed("Task_ForwardToCity").isWaitingAt("CallActivity_LevelReview");
  }

  @Test
  void notAcceptedOrWithdrawnAtTheWindowIsNeverForwarded() {
    ProcessInstance refused = runtime.startProcessInstanceByKey("forward-to-county",
        anApplication().forMatter("FOREST_LOGGING").variables());
    complete(taskOf(refused, "window-clerk"), withVariables("acceptable", false, "refusalReason", "申请人不是林木所有权人"));
    assertThat(refused).isEnded().hasPassed("End_NotAccepted").hasNotPassed("Task_PreExamine");

    ProcessInstance silent = runtime.startProcessInstanceByKey("forward-to-county",
        anApplication().forMatter("FOREST_LOGGING").variables());
    complete(taskOf(silent, "window-clerk"), withVariables("receivedMaterials", List.of(LOGGING_MATERIALS.get(0)),
        "acceptable", true));
    at(MONDAY.plusMonths(2));
    ProcessInstance intake = runtime.createProcessInstanceQuery().superProcessInstanceId(silent.getId()).singleResult();
    execute(job("Timer_SupplementDeadline", intake));
    assertThat(silent).isEnded().hasPassed("End_Withdrawn").hasNotPassed("Task_PreExamine");
    assertThat(noticesOf(silent, Kind.WITHDRAWN)).hasSize(1);
  }

  @Test
  void preExaminationCanReturnForCorrectionOrDeclineToForward() {
    ProcessInstance corrected = acceptedCase("FOREST_LOGGING", LOGGING_MATERIALS);
    complete(taskOf(corrected, "pre-examiner"), withVariables("preExamResult", "correction",
        "preExamOpinion", "权属证明与申请地块不符", "missingMaterials", List.of("林木权属证明")));
    assertThat(corrected).isWaitingAt("CallActivity_Supplement").hasNotPassed("CallActivity_LevelReview");
    assertThat(noticesOf(corrected, Kind.MISSING_MATERIALS)).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("1. 林木权属证明"));

    ProcessInstance declined = acceptedCase("FOREST_LOGGING", LOGGING_MATERIALS);
    complete(taskOf(declined, "pre-examiner"), withVariables("preExamResult", "reject",
        "preExamOpinion", "申请采伐的林木位于自然保护区核心区"));
    assertThat(declined).isEnded().hasPassed("Task_DeclineForwarding", "End_NotForwarded")
        .hasNotPassed("CallActivity_LevelReview");
    assertThat(noticesOf(declined, Kind.NOT_FORWARDED)).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("自然保护区核心区"));
  }

  @Test
  void aDelegatedMatterCannotBeForwardedNorTheOtherWayRound() {
    assertRejected(() -> runtime.startProcessInstanceByKey("forward-to-county",
        anApplication().forMatter("RURAL_HOMESTEAD").variables()), "不由本流程办理");
    assertRejected(() -> runtime.startProcessInstanceByKey("delegated-review",
        anApplication().forMatter("FOREST_LOGGING").variables()), "不由本流程办理");
  }
}
