package cn.township.workflow.forwarding;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static cn.township.workflow.support.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.casefile.NoticeBook.Kind;
import cn.township.workflow.casefile.NoticeBook.Notice;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.server.ResponseStatusException;

/** Every path of forward-to-county.bpmn and higher-level-review.bpmn a township, county or city user can walk. */
class ForwardToCountyProcessTest extends ProcessTestCase {

  static final List<String> LOGGING_MATERIALS = List.of("林木采伐申请书", "申请人身份证明", "林木权属证明", "伐区调查设计或采伐作业说明");
  static final List<String> HARDSHIP_MATERIALS = List.of("特困人员救助供养申请书", "申请人身份证明及户口簿", "收入和财产状况声明",
      "残疾证或医疗诊断证明");
  static final List<String> FARMLAND_MATERIALS = List.of("农用地转用申请表", "申请人身份证明", "宅基地批准文件", "建设用地勘测定界图",
      "耕地占补平衡说明");

  @Autowired NoticeBook notices;
  @Autowired PostLevelDecision post;
  @Autowired cn.township.workflow.window.ApplicantRatings ratings;
  @Autowired JdbcTemplate jdbc;
  @Autowired MutualEvaluations evaluations;
  @Autowired cn.township.workflow.window.CaseStatus status;
  @Autowired cn.township.workflow.casefile.CaseLookup lookup;
  @Autowired org.camunda.bpm.engine.HistoryService history;

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
    complete(taskOf(instance, "pre-examiner"), withVariables("preExamResult", "pass", "preliminaryOpinion", "agree",
        "preExamOpinion", "材料齐全，符合转报条件"));
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

  void supplementAsked(ProcessInstance instance, String department, List<String> items) {
    complete(taskOf(instance, department), withVariables("departmentDecision", "supplement", "departmentOpinion",
        "请补充材料", "supplementItems", items));
  }

  void issueAndRate(ProcessInstance instance) {
    assertThat(instance).isWaitingAt("Task_IssueAtWindow");
    complete(taskOf(instance, "window-clerk"), withVariables("deliveryMethod", "window", "decisionDelivered", true));
    ratings.rate(instance.getBusinessKey(), cn.township.workflow.window.RecordRating.Level.SATISFIED, null,
        cn.township.workflow.window.ApplicantRatings.Channel.ONLINE, null);
    // the decision is issued and rated by the applicant while the township's 双向考核评议 may still be open
    assertThat(instance).hasPassed("End_Issued").isWaitingAtExactly("Task_RateCountyHandling");
  }

  /** Runs {@code action} logged in as {@code user} of {@code groups} and {@code townships} (as Tasklist does). */
  void as(String user, List<String> groups, List<String> townships, Runnable action) {
    engine.getIdentityService().setAuthentication(user, groups, townships);
    try {
      action.run();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  void rateCounty(ProcessInstance instance, Object score, String comment) {
    as("qs-preexaminer", List.of("pre-examiner"), List.of("qingshan"), () -> complete(taskOf(instance, "pre-examiner"),
        withVariables("countyHandlingScore", score, "countyHandlingComment", comment)));
  }

  /** The stored evaluation of a case in one direction: score, comment, rater, rater's unit, rated unit; or none. */
  List<Map<String, Object>> evaluationOf(ProcessInstance instance, String direction) {
    return jdbc.queryForList("SELECT score, rating_comment, rater_id, rater_unit, rated_unit FROM tw_mutual_evaluation "
        + "WHERE process_instance_id = ? AND direction = ?", instance.getId(), direction);
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
    assertThat(county).variables().containsEntry("reviewLevel", "county").containsEntry("reviewPhase", "decision")
        .containsEntry("leadDepartment", "county-forestry");
    // ten working days for the county from Monday 11-16: Monday 11-30; reminder at 80 %: 11-26 09:00
    assertThat(job("Timer_LevelDeadline", county).getDuedate())
        .isEqualTo(endOf(2026, 11, 30));
    assertThat(job("Timer_LevelReminder", county).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE).toInstant()));
    assertThat(taskOf(instance, "county-forestry")).hasCandidateGroup("county-forestry");
    assertThat(noticesOf(instance, Kind.FORWARDED)).filteredOn(n -> n.recipient().equals("王大山")).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("乡镇初步审查意见（同意：材料齐全，符合转报条件）")
            .contains("全部申请材料").contains("由县林业局作出决定"));

    decide(instance, "county-forestry", "approve", "采伐量在年度限额内，同意", null);
    assertThat(county).isEnded().hasPassed("Task_ConsolidateLevelDecision");
    assertThat(decisionText(instance)).startsWith("县林业局（青山镇全程代理）").contains("决定准予")
        .contains("《中华人民共和国森林法》第五十六条");
    assertThat(noticesOf(instance, Kind.FORWARDING_LETTER)).extracting(Notice::recipient).contains("group:county-forestry");
    issueAndRate(instance);
    documents.assertIssued(instance, Kind.RECEIPT, Kind.FORWARDING_LETTER);
  }

  /** The names in a process instance's variable history (one row per variable: history keeps the last value). */
  List<String> variableNames(String processInstanceId) {
    return history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).list().stream()
        .map(org.camunda.bpm.engine.history.HistoricVariableInstance::getName).toList();
  }

  @Test
  void theFirstIntakeHandsOverItsResultAndTheCaseKeepsOnlyTheMaterialsOnFile() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    decide(instance, "county-forestry", "approve", "采伐量在年度限额内，同意", null);
    issueAndRate(instance);
    // read by the gateway and 受理 as the intake ends (IntakeResult), or by nobody in the case: not copied back
    // (missingMaterials is the county's to hand back, its out-mapping; the intake's empty list is not copied)
    assertThat(variableNames(instance.getId())).doesNotContainAnyElementsOf(List.of("acceptable", "refusalReason",
        "receivedMaterials", "supplementedMaterials", "intakeOutcome", "deemedAccepted", "materialsReceivedAt"));
    String intake = history.createHistoricProcessInstanceQuery().superProcessInstanceId(instance.getId())
        .processDefinitionKey("window-intake").singleResult().getId();
    assertThat(variableNames(intake)).doesNotContain("timeLimitRunningSince", "intakeOutcome")
        .contains("receivedMaterials", "materialsReceivedAt");
    String county = history.createHistoricProcessInstanceQuery().superProcessInstanceId(instance.getId())
        .processDefinitionKey("higher-level-review").singleResult().getId();
    assertThat(variableNames(county)).doesNotContain("receivedMaterials").contains("materialsInFile");
    // what the case keeps: the materials on file as the clerk ticked them, the county saw them all
    assertThat(cn.township.workflow.system.CaseVariables.asList("materialsInFile",
        runtime.getVariable(instance.getId(), "materialsInFile"))).isEqualTo(LOGGING_MATERIALS);
    assertThat(noticesOf(instance, Kind.ACCEPTED)).hasSize(1);
  }

  @Test
  void theCountyAsksOnlyForMaterialsNotOnFileAndTheClockRunsOn() {
    ProcessInstance complete = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    Task review = taskOf(complete, "county-forestry");
    assertRejected(() -> complete(review, withVariables("departmentDecision", "supplement", "departmentOpinion",
        "请补充林木权属证明", "supplementItems", List.of("林木权属证明"))), "不得要求申请人重复提供申请材料");

    // deemed accepted after five working days without a check: the file holds nothing the window ticked
    ProcessInstance instance = runtime.startProcessInstanceByKey("forward-to-county",
        anApplication().forMatter("FOREST_LOGGING").variables());
    at(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZONE));
    execute(job("Timer_AcceptanceDeadline",
        runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId()).singleResult()));
    complete(taskOf(instance, "pre-examiner"), withVariables("preExamResult", "pass", "preliminaryOpinion", "agree",
        "preExamOpinion", "视为受理，材料待核"));
    supplementAsked(instance, "county-forestry", List.of("伐区调查设计或采伐作业说明"));
    assertThat(instance).isWaitingAt("CallActivity_Supplement").hasNotPassed("Task_PauseTimeLimit");
    assertThat(runtime.getVariable(instance.getId(), "timeLimitRunningSince")).as("the clock runs on").isNotNull();
    assertThat(noticesOf(instance, Kind.MISSING_MATERIALS)).singleElement().satisfies(n -> assertThat(n.content())
        .contains("1. 伐区调查设计或采伐作业说明").contains("县级退回补正").doesNotContain("视为撤回"));
    complete(taskOf(instance, "window-clerk"), withVariables("supplementReceived", true,
        "supplementedMaterials", List.of("伐区调查设计或采伐作业说明")));
    assertThat(instance).isWaitingAt("Task_PreExamine");
    complete(taskOf(instance, "pre-examiner"), withVariables("preExamResult", "pass", "preliminaryOpinion", "agree",
        "preExamOpinion", "补正材料已齐"));
    assertThat(runtime.getVariable(levelReviewOf(instance).getId(), "itemsNotInFile").toString())
        .doesNotContain("伐区调查设计或采伐作业说明");
    decide(instance, "county-forestry", "approve", "同意", null);
    issueAndRate(instance);
  }

  /** The case's running 公示 (public-notice called by it), or null. */
  ProcessInstance publicNoticeOf(ProcessInstance instance) {
    return runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId())
        .processDefinitionKey("public-notice").singleResult();
  }

  @Test
  void specialHardshipIsPublishedBeforeForwardingAndRefusedByTheCountyWithReasonsAndLegalBasis() {
    ProcessInstance instance = acceptedCase("SPECIAL_HARDSHIP_SUPPORT", HARDSHIP_MATERIALS);
    complete(taskOf(instance, "pre-examiner"), withVariables("preExamResult", "pass", "preliminaryOpinion", "agree",
        "preExamOpinion", "无劳动能力、无收入来源"));
    assertThat(instance).isWaitingAt("CallActivity_PublicNotice").hasNotPassed("Task_ForwardToCounty");
    ProcessInstance notice = publicNoticeOf(instance);
    // seven calendar days (catalog 公示天数) from Monday 11-16, over the weekend: Monday 11-23
    assertThat(job("Timer_PublicNoticeEnds", notice).getDuedate()).isEqualTo(endOf(2026, 11, 23));
    at(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZONE));
    execute(job("Timer_PublicNoticeEnds", notice));
    complete(taskOf(instance, "pre-examiner"), withVariables("objectionsReceived", "无", "objectionsFounded", false));
    assertThat(instance).hasPassed("Task_ForwardToCounty").isWaitingAt("CallActivity_LevelReview");
    assertRejected(() -> decide(instance, "county-civil-affairs", "refuse", "有法定赡养人且具备赡养能力", null), "法律依据");
    decide(instance, "county-civil-affairs", "refuse", "有法定赡养人且具备赡养能力", "《特困人员认定办法》第六条");
    assertThat(decisionText(instance)).startsWith("县民政局（青山镇全程代理）").contains("决定不予准予")
        .contains("有法定赡养人").contains("《特困人员认定办法》第六条");
    issueAndRate(instance);
  }

  /**
   * Founded objections during the 公示 send the case back to the pre-examination (Flow_ObjectionsFounded): the
   * pre-examiner now disagrees with reasons, and the case is still forwarded — the township never refuses in its own
   * name — without a second 公示, and the county decides.
   */
  @Test
  void foundedObjectionsSendTheCaseBackToPreExaminationAndItIsStillForwarded() {
    ProcessInstance instance = acceptedCase("SPECIAL_HARDSHIP_SUPPORT", HARDSHIP_MATERIALS);
    complete(taskOf(instance, "pre-examiner"), withVariables("preExamResult", "pass", "preliminaryOpinion", "agree",
        "preExamOpinion", "无劳动能力、无收入来源"));
    ProcessInstance notice = publicNoticeOf(instance);
    at(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZONE));
    execute(job("Timer_PublicNoticeEnds", notice));
    complete(taskOf(instance, "pre-examiner"), withVariables("objectionsReceived", "村民反映申请人子女在外务工、有赡养能力",
        "objectionsFounded", true, "objectionFindings", "经入户核实，申请人两名子女在外务工，具备赡养能力"));
    assertThat(instance).hasPassed("Gateway_ObjectionsFounded").hasNotPassed("Task_ForwardToCounty")
        .isWaitingAt("Task_PreExamine");
    complete(taskOf(instance, "pre-examiner"), withVariables("preExamResult", "pass", "preliminaryOpinion", "disagree",
        "preExamOpinion", "经公示核实，申请人有法定赡养人且具备赡养能力"));
    assertThat(instance).hasPassed("Task_ForwardToCounty").isWaitingAt("CallActivity_LevelReview");
    assertThat(publicNoticeOf(instance)).as("no second 公示").isNull();
    decide(instance, "county-civil-affairs", "refuse", "有法定赡养人且具备赡养能力", "《特困人员认定办法》第六条");
    assertThat(decisionText(instance)).startsWith("县民政局（青山镇全程代理）").contains("决定不予准予");
    issueAndRate(instance);
  }

  @Test
  void coReviewerGivesItsOpinionThenTheLeadDecidesThenTheCityWithTheSameModel() {
    ProcessInstance instance = forwarded("FARMLAND_CONVERSION", FARMLAND_MATERIALS);
    ProcessInstance county = levelReviewOf(instance);
    assertThat(county).variables().containsEntry("reviewPhase", "opinions");
    assertThat(taskOf(instance, "county-natural-resources")).as("the lead decides after the opinions").isNull();
    // the co-reviewer's five working days from Monday 11-16, over the weekend: Monday 11-23
    assertThat(job("Timer_LevelDeadline", county).getDuedate()).isEqualTo(endOf(2026, 11, 23));
    decide(instance, "county-agriculture", "approve", "不涉及永久基本农田", null);
    assertThat(county).isWaitingAt("Task_DepartmentReview").hasPassed("Task_OpenLeadDecision");
    assertThat(county).variables().containsEntry("reviewPhase", "decision")
        .containsEntry("coReviewOpinionsText", "县农业农村局：不涉及永久基本农田");
    // the lead decides within the level's ten working days: Monday 11-30
    assertThat(job("Timer_LevelDeadline", county).getDuedate()).isEqualTo(endOf(2026, 11, 30));
    assertThat(county).variables().containsEntry("preExaminationRated", false);
    as("xzr-reviewer", List.of("county-natural-resources"), List.of("qingshan"), () -> complete(
        taskOf(instance, "county-natural-resources"), withVariables("departmentDecision", "approve",
            "departmentOpinion", "符合土地利用总体规划", "preExamScore", "4", "preExamComment", "")));
    assertThat(county).isEnded();
    assertThat(evaluationOf(instance, "PRE_EXAMINATION")).singleElement().satisfies(row -> assertThat(row)
        .containsEntry("RATER_UNIT", "county-natural-resources").containsEntry("SCORE", 4));

    assertThat(instance).hasPassed("Task_ForwardToCity").isWaitingAt("CallActivity_LevelReview");
    ProcessInstance city = levelReviewOf(instance);
    assertThat(city).variables().containsEntry("reviewLevel", "city")
        .as("the form no longer offers the rating").containsEntry("preExaminationRated", true);
    decide(instance, "city-natural-resources", "approve", "同意农用地转用", null);
    assertThat(decisionText(instance)).startsWith("市自然资源局（青山镇全程代理）").contains("决定准予");
    issueAndRate(instance);
  }

  @Test
  void aSilentCoReviewerIsDeemedToAgreeButASilentLeadIsNeverDeemedToDecide() {
    ProcessInstance instance = forwarded("FARMLAND_CONVERSION", FARMLAND_MATERIALS);
    ProcessInstance county = levelReviewOf(instance);
    at(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZONE)); // past the co-reviewer's five working days (11-23)
    execute(job("Timer_LevelDeadline", county));
    assertThat(county).hasPassed("Task_RecordDeemedAgreement", "End_DeemedAgreed", "Task_OpenLeadDecision")
        .isWaitingAt("Task_DepartmentReview");
    assertThat(taskOf(instance, "county-agriculture")).as("the silent co-reviewer's task is closed").isNull();
    assertThat(cn.township.workflow.system.CaseVariables.asList("deemedAgreedDepartments", runtime.getVariable(county.getId(), "deemedAgreedDepartments")))
        .containsExactly("县农业农村局");
    assertThat(noticesOf(instance, Kind.DEEMED_AGREEMENT)).extracting(Notice::recipient)
        .containsExactly("group:county-agriculture");

    at(ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZONE)); // past the level's ten working days (11-30)
    execute(job("Timer_LevelDeadline", county));
    assertThat(county).hasPassed("Task_EscalateLevelOverdue").isWaitingAt("Task_DepartmentReview",
        "Task_SuperviseLevelOverdue");
    assertThat(taskOf(instance, "county-natural-resources")).as("the lead still has to decide").isNotNull();
    assertThat(noticesOf(instance, Kind.DEEMED_AGREEMENT)).as("nothing deemed for the lead").hasSize(1);
    assertThat(noticesOf(instance, Kind.OVERDUE_ESCALATION)).extracting(Notice::recipient)
        .contains("group:county-supervisor", "王大山");
    assertThat(instance).isWaitingAt("CallActivity_LevelReview").hasNotPassed("Task_ForwardToCity");
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
    assertThat(noticesOf(instance, Kind.OVERDUE_ESCALATION)).filteredOn(n -> n.recipient().equals("王大山"))
        .singleElement().satisfies(n -> assertThat(n.content()).contains("县林业局").contains("县督查督办"));
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
    assertThat(post.post(county.getId(), "county-civil-affairs", "approve", "同意", null, List.of()))
        .as("a department that is not reviewing this case").isFalse();
    assertThat(post.post(county.getId(), "county-forestry", "approve", "经县林业局审批系统审核同意", null, List.of()))
        .isTrue();
    assertThat(county).isEnded().hasPassed("Task_RecordExternalDecision", "End_DepartmentDecidedExternally",
        "Task_ConsolidateLevelDecision");
    assertThat(taskOf(instance, "county-forestry")).as("the department's own task is closed").isNull();
    assertThat(decisionText(instance)).contains("决定准予").contains("经县林业局审批系统审核同意");
    issueAndRate(instance);
  }

  @Test
  void inAJointReviewADepartmentsSystemGivesOnlyItsOwnOpinionAndTheLeadStillDecides() {
    ProcessInstance instance = forwarded("FARMLAND_CONVERSION", FARMLAND_MATERIALS);
    ProcessInstance county = levelReviewOf(instance);
    assertThat(post.post(county.getId(), "county-natural-resources", "approve", "抢先决定", null, List.of()))
        .as("the lead cannot decide before the co-reviewers' opinions are in").isFalse();
    assertThat(post.post(county.getId(), "county-agriculture", "refuse", "经县农业农村局系统核查：占用永久基本农田", null,
        List.of())).isTrue();
    assertThat(county).hasPassed("Task_RecordExternalDecision").isWaitingAt("Task_DepartmentReview");
    assertThat(taskOf(instance, "county-agriculture")).isNull();
    assertThat(taskOf(instance, "county-natural-resources")).as("the lead now decides, the opinion before it")
        .isNotNull();
    assertThat(post.post(county.getId(), "county-agriculture", "approve", "重复回传", null, List.of()))
        .as("an opinion posted again once given").isFalse();
    decide(instance, "county-natural-resources", "refuse", "拟占用地块涉及永久基本农田，不符合转用条件",
        "《中华人民共和国土地管理法》第三十五条");
    String record = runtime.getVariable(instance.getId(), "departmentDecisions").toString();
    assertThat(record).contains("县农业农村局").contains("external").contains("tasklist").contains("\"role\":\"co\"")
        .contains("\"role\":\"lead\"");
    assertThat(instance).hasNotPassed("Task_ForwardToCity").isWaitingAt("Task_IssueAtWindow");
    assertThat(decisionText(instance)).startsWith("县自然资源局（青山镇全程代理）").contains("决定不予准予")
        .contains("协办部门意见：县农业农村局：经县农业农村局系统核查：占用永久基本农田");
  }

  @Test
  void theTownshipRatesTheCountyInTasklistBesideTheIssueAndTheCountyRatesThePreExaminationOnItsDecision() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    // the county forestry bureau decides and, on the same form, rates what the township forwarded
    as("xlj-reviewer", List.of("county-forestry"), List.of("qingshan", "baishi"), () -> complete(
        taskOf(instance, "county-forestry"), withVariables("departmentDecision", "approve", "departmentOpinion", "同意采伐",
            "preExamScore", "5", "preExamComment", "材料齐全，初审意见明确")));
    assertThat(evaluationOf(instance, "PRE_EXAMINATION")).singleElement().satisfies(row -> assertThat(row)
        .containsEntry("SCORE", 5).containsEntry("RATING_COMMENT", "材料齐全，初审意见明确")
        .containsEntry("RATER_ID", "xlj-reviewer").containsEntry("RATER_UNIT", "county-forestry")
        .containsEntry("RATED_UNIT", "qingshan"));

    // the decision goes on to the window while the township's pre-examiner may rate the county
    assertThat(instance).hasPassed("Gateway_ForkCountyEvaluation")
        .isWaitingAt("Task_IssueAtWindow", "Task_RateCountyHandling");
    Task rating = taskOf(instance, "pre-examiner");
    assertThat(rating).hasDefinitionKey("Task_RateCountyHandling").hasCandidateGroup("pre-examiner");
    assertThat(rating.getTenantId()).isEqualTo("qingshan");
    // ten working days (processes/mutual-evaluation.csv) from Monday 11-16: Monday 11-30, task and timer alike
    assertThat(rating.getDueDate()).isEqualTo(endOf(2026, 11, 30));
    assertThat(job("Timer_CountyRatingPeriod", instance).getDuedate()).isEqualTo(endOf(2026, 11, 30));
    assertThat(applicantsView(instance).get("steps").toString()).as("the evaluation is not the applicant's business")
        .contains("统一窗口出件").doesNotContain("评议");
    issueAndRate(instance);
    assertThat(applicantsView(instance)).as("issued, while the offices may still rate each other")
        .containsEntry("state", "已办结，决定书已出件");

    rateCounty(instance, "4", "按期办结，意见明确");
    assertThat(instance).isEnded().hasPassed("End_Issued", "End_CountyHandlingRated")
        .hasNotPassed("End_CountyHandlingNotRated");
    assertThat(evaluationOf(instance, "COUNTY_HANDLING")).singleElement().satisfies(row -> assertThat(row)
        .containsEntry("SCORE", 4).containsEntry("RATING_COMMENT", "按期办结，意见明确")
        .containsEntry("RATER_ID", "qs-preexaminer").containsEntry("RATER_UNIT", "qingshan")
        .containsEntry("RATED_UNIT", "county-forestry"));
  }

  @Test
  void anUnratedCountyIsLeftUnratedWhenThePeriodEndsAndTheCaseIsNotHeldUp() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    decide(instance, "county-forestry", "approve", "同意", null); // no rating of the pre-examination: optional
    assertThat(evaluationOf(instance, "PRE_EXAMINATION")).isEmpty();
    assertThat(job("Timer_CountyRatingPeriod", instance).getDuedate()).isEqualTo(endOf(2026, 11, 30));
    at(ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZONE)); // Tuesday after the ten working days
    execute(job("Timer_CountyRatingPeriod", instance));
    assertThat(instance).hasPassed("End_CountyHandlingNotRated").hasNotPassed("End_CountyHandlingRated")
        .isWaitingAtExactly("Task_IssueAtWindow");
    assertThat(taskOf(instance, "pre-examiner")).as("the rating task is gone").isNull();
    issueAndRateEnds(instance);
    assertThat(evaluationOf(instance, "COUNTY_HANDLING")).isEmpty();
  }

  /** What the applicant's status lookup tells. */
  Map<String, Object> applicantsView(ProcessInstance instance) {
    return status.describe(lookup.byNumber(instance.getBusinessKey()).orElseThrow());
  }

  /** Issued and rated by the applicant after the township's 双向考核评议 has closed: the case ends at End_Issued. */
  void issueAndRateEnds(ProcessInstance instance) {
    complete(taskOf(instance, "window-clerk"), withVariables("deliveryMethod", "window", "decisionDelivered", true));
    ratings.rate(instance.getBusinessKey(), cn.township.workflow.window.RecordRating.Level.SATISFIED, null,
        cn.township.workflow.window.ApplicantRatings.Channel.ONLINE, null);
    assertThat(instance).isEnded().hasPassed("End_Issued");
  }

  @Test
  void aRatingTheRulesRefuseCompletesNothingAndWritesNothing() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    Task review = taskOf(instance, "county-forestry");
    as("xlj-reviewer", List.of("county-forestry"), List.of("qingshan"), () -> {
      assertRejected(() -> complete(review, withVariables("departmentDecision", "approve", "departmentOpinion", "同意",
          "preExamScore", "9")), "1 到 5");
      assertRejected(() -> complete(review, withVariables("departmentDecision", "approve", "departmentOpinion", "同意",
          "preExamComment", "材料不全")), "没有选择评分");
    });
    assertThat(taskOf(instance, "county-forestry")).as("the decision is still to be made").isNotNull();
    decide(instance, "county-forestry", "approve", "同意", null);
    Task rating = taskOf(instance, "pre-examiner");

    for (Object[] bad : new Object[][] {{"0", "差", "1 到 5"}, {"6", "", "1 到 5"}, {"五", "", "1 到 5"},
        {4.5, "", "1 到 5"}, {null, "很好", "请选择评分"}, {"2", " ", "须写明理由"}, {"3", "长".repeat(501), "最多 500 字"}}) {
      assertRejected(() -> rateCounty(instance, bad[0], (String) bad[1]), (String) bad[2]);
    }
    assertRejected(() -> complete(rating, withVariables("countyHandlingScore", "4")), "本人登录");
    assertThat(catchThrowableOfType(() -> as("qs-clerk", List.of("window-clerk"), List.of("qingshan"),
        () -> tasks.complete(rating.getId(), Map.of("countyHandlingScore", "4"))),
        org.camunda.bpm.engine.AuthorizationException.class)).as("a window clerk of the township").isNotNull();
    assertThat(taskOf(instance, "pre-examiner")).as("nothing lost: the task waits").isNotNull();
    assertThat(evaluationOf(instance, "COUNTY_HANDLING")).as("nothing written").isEmpty();

    rateCounty(instance, 2, "超过本阶段时限，未说明理由");
    assertThat(evaluationOf(instance, "COUNTY_HANDLING")).singleElement().satisfies(row -> assertThat(row)
        .containsEntry("SCORE", 2));
    // once per case and direction: the API refuses a second rating of what was rated in Tasklist
    ResponseStatusException again = catchThrowableOfType(() -> evaluations.rate(instance.getBusinessKey(),
        MutualEvaluations.Direction.COUNTY_HANDLING, 5, "", new org.camunda.bpm.engine.impl.identity.Authentication(
            "qs-preexaminer", List.of("pre-examiner"), List.of("qingshan"))), ResponseStatusException.class);
    assertThat(again.getStatusCode().value()).isEqualTo(409);
    assertThat(again.getReason()).contains("不能重复评议");
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
  void theTownshipNeverRefusesInItsOwnNameANegativeOpinionGoesUpWithTheCase() {
    ProcessInstance corrected = acceptedCase("FOREST_LOGGING", LOGGING_MATERIALS);
    complete(taskOf(corrected, "pre-examiner"), withVariables("preExamResult", "correction",
        "preExamOpinion", "权属证明与申请地块不符", "missingMaterials", List.of("林木权属证明")));
    assertThat(corrected).isWaitingAt("CallActivity_Supplement").hasNotPassed("CallActivity_LevelReview");
    assertThat(noticesOf(corrected, Kind.MISSING_MATERIALS)).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("1. 林木权属证明"));
    complete(taskOf(corrected, "window-clerk"), withVariables("supplementReceived", true,
        "supplementedMaterials", List.of("林木权属证明")));
    assertThat(corrected).isWaitingAt("Task_PreExamine");

    ProcessInstance doubtful = acceptedCase("FOREST_LOGGING", LOGGING_MATERIALS);
    Task preExamination = taskOf(doubtful, "pre-examiner");
    assertRejected(() -> complete(preExamination, withVariables("preExamResult", "reject",
        "preExamOpinion", "申请采伐的林木位于自然保护区核心区")), "第三十五条");
    complete(preExamination, withVariables("preExamResult", "pass", "preliminaryOpinion", "disagree",
        "preExamOpinion", "申请采伐的林木位于自然保护区核心区"));
    assertThat(doubtful).hasPassed("Task_ForwardToCounty").isWaitingAt("CallActivity_LevelReview");
    assertThat(runtime.getVariable(levelReviewOf(doubtful).getId(), "preliminaryOpinionText"))
        .isEqualTo("不同意：申请采伐的林木位于自然保护区核心区");
    assertThat(noticesOf(doubtful, Kind.FORWARDED)).filteredOn(n -> n.recipient().equals("王大山")).singleElement()
        .satisfies(n -> assertThat(n.content()).contains("不同意：申请采伐的林木位于自然保护区核心区").contains("县林业局"));
  }

  @Test
  void aDelegatedMatterCannotBeForwardedNorTheOtherWayRound() {
    assertRejected(() -> runtime.startProcessInstanceByKey("forward-to-county",
        anApplication().forMatter("RURAL_HOMESTEAD").variables()), "不由本流程办理");
    assertRejected(() -> runtime.startProcessInstanceByKey("delegated-review",
        anApplication().forMatter("FOREST_LOGGING").variables()), "不由本流程办理");
  }

  @Test
  void onlyTheCountyLeadDepartmentsDecisionRatesThePreExamination() {
    ProcessInstance instance = forwarded("FARMLAND_CONVERSION", FARMLAND_MATERIALS);
    // a co-reviewing department's opinion carrying a score (Tasklist hides the fields; REST does not)
    assertRejected(() -> as("xny-reviewer", List.of("county-agriculture"), List.of("qingshan", "baishi"),
        () -> complete(taskOf(instance, "county-agriculture"), withVariables("departmentDecision", "approve",
            "departmentOpinion", "不涉及永久基本农田", "preExamScore", "1", "preExamComment", "乡镇预审很差"))),
        "只有县级主办部门");
    assertThat(evaluationOf(instance, "PRE_EXAMINATION")).as("nothing stored from a co-reviewer").isEmpty();
    decide(instance, "county-agriculture", "approve", "不涉及永久基本农田", null);
    decide(instance, "county-natural-resources", "approve", "符合", null); // the lead decides without rating
    // the city level cannot rate the township's pre-examination either
    assertRejected(() -> as("szr-reviewer", List.of("city-natural-resources"), List.of("qingshan", "baishi"),
        () -> complete(taskOf(instance, "city-natural-resources"), withVariables("departmentDecision", "approve",
            "departmentOpinion", "同意", "preExamScore", "1", "preExamComment", "乡镇预审很差"))), "只有县级主办部门");
    assertThat(evaluationOf(instance, "PRE_EXAMINATION")).isEmpty();
  }

  @Test
  void aScoreSubmittedWithAnotherTaskIsNotTakenAsThePreExaminersRating() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    decide(instance, "county-forestry", "approve", "同意", null);
    as("qs-clerk", List.of("window-clerk"), List.of("qingshan"), () -> complete(taskOf(instance, "window-clerk"),
        withVariables("deliveryMethod", "window", "decisionDelivered", true,
            "countyHandlingScore", "1", "countyHandlingComment", "县级部门拖延")));
    assertRejected(() -> as("qs-preexaminer", List.of("pre-examiner"), List.of("qingshan"),
        () -> complete(taskOf(instance, "pre-examiner"))), "请选择评分");
    assertThat(evaluationOf(instance, "COUNTY_HANDLING")).as("no score the rater did not submit").isEmpty();
  }

  @Test
  void whileTheRatingTaskIsOpenTheApiSendsThePreExaminerToIt() {
    ProcessInstance instance = forwarded("FOREST_LOGGING", LOGGING_MATERIALS);
    decide(instance, "county-forestry", "approve", "同意", null);
    org.camunda.bpm.engine.impl.identity.Authentication preExaminer =
        new org.camunda.bpm.engine.impl.identity.Authentication("qs-preexaminer", List.of("pre-examiner"),
            List.of("qingshan"));
    assertThatThrownBy(() -> evaluations.rate(instance.getBusinessKey(), MutualEvaluations.Direction.COUNTY_HANDLING,
        4, "按期", preExaminer, true))
        .isInstanceOfSatisfying(org.springframework.web.server.ResponseStatusException.class, refused -> {
          assertThat(refused.getStatusCode().value()).isEqualTo(409);
          assertThat(refused.getReason()).contains("评议县级部门办理");
        });
    assertThat(evaluationOf(instance, "COUNTY_HANDLING")).isEmpty();
    assertThat(taskOf(instance, "pre-examiner")).as("the task stays the place to rate").isNotNull();
  }
}
