package cn.township.workflow.metrics;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.metrics.SupervisionFigures.Filter;
import cn.township.workflow.support.Officers;
import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.window.ChineseIdNumber;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The supervision figures follow the cases: every number here comes from cases this test walks. */
class SupervisionFiguresTest extends ProcessTestCase {

  static final List<String> HOMESTEAD = List.of("农村宅基地和建房（规划许可）申请表", "申请人身份证明", "户口簿",
      "村民小组会议讨论意见及村委会审查意见", "住房设计图或通用图");
  static final List<String> ASSISTANCE = List.of("临时救助申请书", "申请人身份证明", "困难情况说明及证明材料");
  static final List<String> FARMLAND = List.of("农用地转用申请表", "申请人身份证明", "宅基地批准文件", "建设用地勘测定界图",
      "耕地占补平衡说明");

  @Autowired SupervisionFigures figures;
  @Autowired cn.township.workflow.window.ApplicantRatings ratings;
  @Autowired Deadlines deadlines;
  @Autowired JdbcTemplate jdbc;
  @Autowired org.camunda.bpm.engine.IdentityService identity;

  @BeforeEach
  void onlyThisTestsCases() {
    // the process tests share one database; figures here count only the cases this test starts
    jdbc.update("DELETE FROM tw_step_fact");
    jdbc.update("DELETE FROM tw_case_fact");
  }

  Filter qingshan() {
    return new Filter(List.of("qingshan"), null, null, MONDAY.minusDays(1).toInstant(), MONDAY.plusYears(1).toInstant());
  }

  ProcessInstance accepted(String procedure, String matter, List<String> materials, String township) {
    ProcessInstance instance = runtime.startProcessInstanceByKey(procedure,
        anApplication().forMatter(matter).in(township).variables());
    complete(open(instance), withVariables("receivedMaterials", materials, "acceptable", true));
    return instance;
  }

  Task open(ProcessInstance instance) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).singleResult();
  }

  void approveIssueAndRate(ProcessInstance instance, String rating) {
    complete(open(instance), withVariables("reviewResult", "approve", "reviewOpinion", "符合条件"));
    if ("Task_LeaderSignOff".equals(open(instance).getTaskDefinitionKey())) {
      complete(open(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));
    }
    complete(open(instance), withVariables("deliveryMethod", "window", "decisionDelivered", true));
    ratings.rate(instance.getBusinessKey(), cn.township.workflow.window.RecordRating.Level.valueOf(rating), null,
        cn.township.workflow.window.ApplicantRatings.Channel.ONLINE, null);
  }

  @Test
  @SuppressWarnings("unchecked")
  void windowFiguresCountCasesTimeLimitsPausesAndRatings() {
    ProcessInstance onTime = accepted("delegated-review", "RURAL_HOMESTEAD", HOMESTEAD, "qingshan");
    ProcessInstance paused = accepted("delegated-review", "RURAL_HOMESTEAD", HOMESTEAD, "qingshan");
    ProcessInstance late = accepted("delegated-review", "TEMPORARY_ASSISTANCE", ASSISTANCE, "qingshan");
    accepted("delegated-review", "RURAL_HOMESTEAD", HOMESTEAD, "baishi"); // another township: never counted

    at(MONDAY.plusDays(1));
    approveIssueAndRate(onTime, "VERY_SATISFIED");

    at(ZonedDateTime.of(2026, 11, 19, 15, 0, 0, 0, ZONE)); // 3 working days used, then an inspection (第四十五条)
    complete(open(paused), withVariables("reviewResult", "excluded", "reviewOpinion", "需检验房屋结构",
        "excludedKind", "inspection", "excludedExpectedDays", 10, "excludedReason", "翻建须检验结构安全"));
    at(ZonedDateTime.of(2026, 11, 30, 9, 0, 0, 0, ZONE)); // the inspection ended 7 working days later
    complete(open(paused), withVariables("excludedEndedOn", "2026-11-30", "excludedResult", "合格"));
    at(ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZONE));
    approveIssueAndRate(paused, "DISSATISFIED");

    // the assistance case is left with the reviewer until three working days after its promised date
    Date due = (Date) runtime.getVariable(late.getId(), "timeLimitDueAt");
    ZonedDateTime threeDaysOver = ZonedDateTime.ofInstant(deadlines.workingDaysFromNow(0).toInstant(), ZONE);
    while (deadlines.workingDaysBetween(due.toInstant(), threeDaysOver.toInstant()) < 3) {
      threeDaysOver = threeDaysOver.plusDays(1);
    }
    at(threeDaysOver.withHour(10));

    Map<String, Object> cases = figures.cases(qingshan());
    @SuppressWarnings("unchecked") Map<String, Object> total = (Map<String, Object>) cases.get("total");
    assertThat(total).containsEntry("accepted", 3L).containsEntry("completed", 2L).containsEntry("inProgress", 1L)
        .containsEntry("completedOnTime", 2L).containsEntry("onTimeRate", 1.0);
    // 1 working day for the first; the second used 3 + 2 working days: the 7 days of the inspection don't count
    assertThat(jdbc.queryForObject("SELECT handling_days FROM tw_case_fact WHERE process_instance_id = ?",
        Integer.class, paused.getId())).isEqualTo(5);
    assertThat(total).containsEntry("avgHandlingDays", 3.0);

    Map<String, Object> overdue = figures.overdue(qingshan());
    assertThat(overdue).containsEntry("count", 1L);
    @SuppressWarnings("unchecked") Map<String, Object> lateCase = ((List<Map<String, Object>>) overdue.get("cases")).get(0);
    assertThat(lateCase).containsEntry("caseNo", late.getBusinessKey()).containsEntry("workingDaysOver", 3)
        .containsEntry("matterName", "临时救助（小额）审批");
    assertThat((List<Map<String, Object>>) lateCase.get("openSteps")).singleElement().satisfies(step -> assertThat(step)
        .containsEntry("stepName", "审查并提出意见").containsEntry("holder", "审核人"));

    List<Map<String, Object>> steps = figures.steps(qingshan());
    assertThat(steps).filteredOn(s -> "Task_Review".equals(s.get("step")))
        .singleElement().satisfies(s -> assertThat(s).containsEntry("completed", 3L));

    Map<String, Object> ratings = figures.ratings(qingshan());
    assertThat(ratings).containsEntry("total", 2L).containsEntry("goodRate", 0.5);
    assertThat((List<Map<String, Object>>) ratings.get("levels")).filteredOn(l -> ((Long) l.get("count")) > 0)
        .extracting(l -> l.get("count"), l -> l.get("share")).containsOnly(tuple(1L, 0.5));
    assertThat((List<Map<String, Object>>) ratings.get("openRectifications")).singleElement().satisfies(step ->
        assertThat(step).containsEntry("caseNo", paused.getBusinessKey()).containsEntry("stepName", "差评核实"));

    assertThat(jdbc.queryForObject("SELECT end_name FROM tw_case_fact WHERE process_instance_id = ?", String.class,
        onTime.getId())).isEqualTo("已出件");
    runtime.deleteProcessInstance(late.getId(), "申请人撤回申请");
    assertThat(jdbc.queryForObject("SELECT end_name FROM tw_case_fact WHERE process_instance_id = ? "
        + "AND completed_at IS NOT NULL", String.class, late.getId())).isEqualTo("已撤销");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_step_fact WHERE process_instance_id = ? AND ended_at IS NULL",
        Long.class, late.getId())).isZero();

    Map<String, Object> baishi = figures.cases(new Filter(List.of("baishi"), null, null, qingshan().from(),
        qingshan().to()));
    assertThat((Map<String, Object>) baishi.get("total")).containsEntry("accepted", 1L);
  }

  @Test
  void aCaseWithoutReportingRowsStillRunsToItsEnd() {
    // started before the reporting tables existed (they are not back-filled): it ends as usual and is not counted
    ProcessInstance older = accepted("delegated-review", "RURAL_HOMESTEAD", HOMESTEAD, "qingshan");
    jdbc.update("DELETE FROM tw_step_fact");
    jdbc.update("DELETE FROM tw_case_fact");
    approveIssueAndRate(older, "VERY_SATISFIED");
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(older.getId()).singleResult()
        .getEndActivityId()).isEqualTo("End_Issued");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_case_fact", Long.class)).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void forwardedCasesWaitingAtCountyAndCityAndDeemedAgreements() {
    ProcessInstance instance = accepted("forward-to-county", "FARMLAND_CONVERSION", FARMLAND, "qingshan");
    complete(open(instance), withVariables("preExamResult", "pass", "preliminaryOpinion", "agree", "preExamOpinion", "材料齐全"));
    at(MONDAY.plusDays(3)); // Thursday: three working days at the county
    Map<String, Object> forwarding = figures.forwarding(qingshan());
    assertThat((List<Map<String, Object>>) forwarding.get("waiting")).singleElement().satisfies(waiting -> {
      assertThat(waiting).containsEntry("caseNo", instance.getBusinessKey()).containsEntry("level", "county")
          .containsEntry("waitingWorkingDays", 3);
      // the co-reviewer gives its opinion first (行政许可法第二十六条 as the catalog orders it)
      assertThat((List<Map<String, Object>>) waiting.get("openSteps")).extracting(step -> step.get("holder"))
          .contains("县农业农村局");
    });

    at(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZONE));
    ProcessInstance county = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId()).singleResult();
    execute(job("Timer_LevelDeadline", county)); // the co-reviewing agriculture bureau stayed silent: 超时默认
    Task naturalResources = tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey())
        .taskCandidateGroup("county-natural-resources").singleResult();
    complete(naturalResources, withVariables("departmentDecision", "approve", "departmentOpinion", "符合规划"));

    forwarding = figures.forwarding(qingshan());
    assertThat(forwarding).containsEntry("deemedAgreed", 1L);
    assertThat((List<Map<String, Object>>) forwarding.get("waiting")).singleElement().satisfies(waiting -> {
      assertThat(waiting).containsEntry("level", "city").containsEntry("waitingWorkingDays", 0);
      assertThat((List<Map<String, Object>>) waiting.get("openSteps")).extracting(step -> step.get("holder"))
          .contains("市自然资源局");
    });
  }

  Task taskFor(ProcessInstance instance, String group) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).taskCandidateGroup(group)
        .singleResult();
  }

  @Test
  void enforcementDecisionsInTheStatutoryPeriodHearingsAndStages() {
    Officers.ensure(identity);
    ProcessInstance instance = runtime.startProcessInstanceByKey("joint-enforcement", org.camunda.bpm.engine.variable
        .Variables.createVariables().putValue("townshipId", "qingshan").putValue("caseSource", "inspection")
        .putValue("violationType", "FOREST_DESTRUCTION").putValue("partyType", "citizen").putValue("partyName", "刘某")
        .putValue("partyIdNumber", ChineseIdNumber.withCheckCharacter("43052119800506321"))
        .putValue("partyBirthDate", "1980-05-06").putValue("violationDate", "2026-11-10").putValue("location", "青山镇东村")
        .putValue("facts", "巡查发现当事人实施违法行为"));
    complete(taskFor(instance, "team-leader"), withVariables("filingDecision", "file", "filingReason", "符合立案条件",
        "caseOfficers", List.of("qs-officer1", "qs-officer2")));
    for (String officer : List.of("qs-officer1", "qs-officer2")) {
      complete(tasks.createTaskQuery().processInstanceId(instance.getId()).taskCandidateUser(officer).singleResult(),
          withVariables("declaration", "noConflict"));
    }
    assertThat(stages(figures.enforcement(qingshan()))).extracting(s -> s.get("stepName"), s -> s.get("count"))
        .contains(tuple("调查取证", 1));

    complete(taskFor(instance, "enforcement-officer"), withVariables("evidence", "现场照片", "findings", "当事人实施了违法行为",
        "penaltyKind", "fine", "fineAmount", 6000.0, "violationValue", 2000, "proposedPenalty", "拟处罚款6000元"));
    complete(taskFor(instance, "enforcement-officer"), withVariables("partyStatement", "无异议", "hearingRequested", "true"));
    complete(taskFor(instance, "team-leader"), withVariables("hearingHost", "秦队长", "hearingRecord", "当事人承认毁林"));
    complete(taskFor(instance, "legal-reviewer"), withVariables("legalReviewOpinion", "pass", "legalReviewNote", "事实清楚"));
    at(MONDAY.plusDays(20));
    complete(taskFor(instance, "leadership"), withVariables("decisionKind", "penalty", "penaltyKind", "fine",
        "fineAmount", 6000.0, "decisionReasons", "罚款6000元"));

    Map<String, Object> enforcement = figures.enforcement(qingshan());
    assertThat(enforcement).containsEntry("decided", 1L).containsEntry("decidedInTime", 1L)
        .containsEntry("hearingsHeld", 1L);
    // decided within its 90 days: no longer counted as overdue when the period has passed and it is still open
    at(MONDAY.plusDays(120));
    assertThat(figures.overdue(qingshan())).containsEntry("count", 0L);
    assertThat(stages(figures.enforcement(qingshan()))).extracting(s -> s.get("stepName")).contains("送达处罚决定书");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> stages(Map<String, Object> figures) {
    return (List<Map<String, Object>>) figures.get("byStage");
  }
}
