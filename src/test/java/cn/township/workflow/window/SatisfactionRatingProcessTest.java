package cn.township.workflow.window;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static cn.township.workflow.support.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.window.ApplicantRatings.Channel;
import cn.township.workflow.window.ApplicantRatings.Outcome;
import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.casefile.NoticeBook.Kind;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.window.RecordRating.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** 好差评 (satisfaction-rating.bpmn) on its own, as every procedure calls it after issue: the applicant rates. */
class SatisfactionRatingProcessTest extends ProcessTestCase {

  @Autowired NoticeBook notices;
  @Autowired ApplicantRatings ratings;
  @Autowired HistoryService history;
  @Autowired RepositoryService repository;
  @Autowired JdbcTemplate jdbc;
  @Autowired ManagementService management;

  ProcessInstance requestRating(String receiptNo) {
    return runtime.createProcessInstanceByKey("satisfaction-rating").businessKey(receiptNo)
        .setVariable("townshipId", "qingshan").setVariable("receiptNo", receiptNo)
        .setVariable("applicantName", "王大山").setVariable("matterName", "农村村民宅基地审批").execute();
  }

  @Test
  void goodRatingEndsAtOnce() {
    ProcessInstance instance = requestRating("QS-20261116-9001");
    assertThat(instance).isWaitingAt("Gateway_AwaitRating");
    assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).count())
        .as("no task anybody at the window could complete for the applicant").isZero();
    assertThat(ratings.rate("QS-20261116-9001", Level.BASICALLY_SATISFIED, null, Channel.DEVICE, "qs-rating-device"))
        .isEqualTo(Outcome.RATED);
    assertThat(instance).isEnded().hasPassed("End_RatedWell").hasNotPassed("Task_VerifyBadRating");
    assertThat(instance).variables().containsEntry("ratingLevel", "BASICALLY_SATISFIED")
        .containsEntry("ratingChannel", "DEVICE").containsEntry("ratingDevice", "qs-rating-device")
        .as("badRating is for the gateway only, the label for the bad-rating forms only")
        .doesNotContainKeys("badRating", "ratingLabel");
    assertThat(ratings.rate("QS-20261116-9001", Level.VERY_DISSATISFIED, "改评", Channel.ONLINE, null))
        .as("one rating per case").isEqualTo(Outcome.ALREADY_RATED);
  }

  @Test
  void badRatingIsVerifiedRectifiedAndReportedBack() {
    ProcessInstance instance = requestRating("QS-20261116-9002");
    assertThat(notices.forCase("QS-20261116-9002")).filteredOn(n -> n.kind() == Kind.RATING_INVITATION)
        .singleElement().satisfies(n -> assertThat(n.content()).contains("查询码").contains("2026年11月23日"));
    ratings.rate("QS-20261116-9002", Level.DISSATISFIED, "窗口人员态度差，多跑了两趟", Channel.ONLINE, null);
    assertThat(instance).isWaitingAt("Task_VerifyBadRating");
    assertThat(task(instance)).hasCandidateGroup("supervisor");
    complete(task(instance), withVariables("complaintSubstantiated", "true", "verificationFinding", "属实：未一次性告知"));
    assertThat(instance).isWaitingAt("Task_Rectify");
    assertThat(task(instance)).hasCandidateGroup("leader")
        // 15 working days (statutory-periods.dmn, rating-rectification) from Monday 11-16: Monday 12-07
        .hasDueDate(endOf(2026, 12, 7));
    assertThat(job("Timer_RectificationDue", instance).getDuedate()).isEqualTo(endOf(2026, 12, 7));
    complete(task(instance), withVariables("rectificationMeasures", "对窗口人员批评教育，修订一次性告知清单"));
    assertThat(instance).isWaitingAt("Task_ReturnVisit");
    complete(task(instance), withVariables("returnVisitRecord", "已电话告知整改情况", "applicantAcceptsFeedback", "true"));
    assertThat(instance).isEnded().hasPassed("Task_Rectify", "End_ReportedBack");
  }

  @Test
  void unfoundedBadRatingIsExplainedWithoutRectification() {
    ProcessInstance instance = requestRating("QS-20261116-9003");
    ratings.rate("QS-20261116-9003", Level.VERY_DISSATISFIED, null, Channel.ONLINE, null);
    complete(task(instance), withVariables("complaintSubstantiated", false, "verificationFinding", "系申请人材料不符合法定条件"));
    assertThat(instance).isWaitingAt("Task_ReturnVisit").hasNotPassed("Task_Rectify");
  }

  @Test
  void lateRectificationIsChasedAndStillOpen() {
    ProcessInstance instance = requestRating("QS-20261116-9004");
    ratings.rate("QS-20261116-9004", Level.DISSATISFIED, null, Channel.ONLINE, null);
    complete(task(instance), withVariables("complaintSubstantiated", true, "verificationFinding", "属实"));
    at(ZonedDateTime.of(2026, 12, 8, 9, 0, 0, 0, ZONE));
    execute(job("Timer_RectificationDue", instance));
    assertThat(instance).hasPassed("Task_RemindRectification").isWaitingAt("Task_Rectify");
    assertThat(notices.forCase("QS-20261116-9004")).extracting(NoticeBook.Notice::kind)
        .filteredOn(kind -> kind != Kind.RATING_INVITATION).containsOnly(Kind.RECTIFICATION_REMINDER).hasSize(2);
  }

  @Test
  void applicantWhoDoesNotRateIsNotRatedForThem() {
    ProcessInstance instance = requestRating("QS-20261116-9005");
    // five working days (rating-period) from Monday 11-16: Monday 11-23, end of day
    assertThat(job("Timer_RatingPeriod", instance).getDuedate()).isEqualTo(endOf(2026, 11, 23));
    at(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZONE));
    execute(job("Timer_RatingPeriod", instance));
    assertThat(instance).isEnded().hasPassed("End_NotRated");
    assertThat(instance).variables().doesNotContainKey("ratingLevel");
    assertThat(ratings.rate("QS-20261116-9005", Level.SATISFIED, null, Channel.ONLINE, null))
        .isEqualTo(Outcome.PERIOD_OVER);
  }

  @Test
  void aRatingBeforeTheDecisionIsIssuedIsNotTaken() {
    assertThat(ratings.rate("QS-20261116-9007", Level.SATISFIED, null, Channel.ONLINE, null)).isEqualTo(Outcome.NOT_YET);
  }

  @Test
  void anUnknownLevelReachingTheModelIsRefused() {
    ProcessInstance instance = requestRating("QS-20261116-9006");
    assertRejected(() -> runtime.createMessageCorrelation(ApplicantRatings.MESSAGE)
        .processInstanceBusinessKey("QS-20261116-9006").setVariable("ratingLevel", "GREAT").correlate(), "评价等级应为");
    assertThat(instance).isWaitingAt("Gateway_AwaitRating");
    assertThat(job("Timer_RatingPeriod", instance).getDuedate()).isEqualTo(endOf(2026, 11, 23));
  }

  // ---- the rating called by a case: the heading is read from the case, copied only for a bad rating's forms ----

  static final Pattern FORM_VALUE = Pattern.compile("\\{\\{(\\w+)}}");

  /** A delegated-review case walked to its issue at the window, where the case calls the rating. */
  ProcessInstance issuedCase() {
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    Task check = caseTask(instance);
    complete(check, withVariables("receivedMaterials",
        CaseVariables.asList("requiredMaterials", tasks.getVariable(check.getId(), "requiredMaterials")),
        "acceptable", true));
    complete(caseTask(instance), withVariables("reviewResult", "approve", "reviewOpinion", "符合一户一宅"));
    complete(caseTask(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));
    complete(caseTask(instance), withVariables("deliveryMethod", "window", "decisionDelivered", true));
    assertThat(instance).isWaitingAt("CallActivity_SatisfactionRating");
    return instance;
  }

  Task caseTask(ProcessInstance instance) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).singleResult();
  }

  ProcessInstance ratingOf(ProcessInstance caseInstance) {
    return runtime.createProcessInstanceQuery().superProcessInstanceId(caseInstance.getId())
        .processDefinitionKey("satisfaction-rating").singleResult();
  }

  /** What every historic variable of an instance ended as, by name. */
  Map<String, Object> historicVariables(String processInstanceId) {
    Map<String, Object> values = new HashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
        .list()) {
      values.put(v.getName(), v.getValue());
    }
    return values;
  }

  /** The case's heading as the case holds it: what the rating's forms and messages show. */
  Map<String, Object> headingOf(ProcessInstance caseInstance) {
    Map<String, Object> heading = new HashMap<>();
    RatingHeading.NAMES.forEach(name -> heading.put(name, runtime.getVariable(caseInstance.getId(), name)));
    assertThat(heading).as("the case has its heading").doesNotContainValue(null);
    return heading;
  }

  /** Each {{value}} a form prints, from the variables its task sees (its own process instance's). */
  Map<String, Object> formValues(Task task, String formId) throws IOException {
    Map<String, Object> values = new HashMap<>();
    Matcher value = FORM_VALUE.matcher(Files.readString(Path.of("forms", formId + ".form")));
    while (value.find()) {
      values.put(value.group(1), tasks.getVariable(task.getId(), value.group(1)));
    }
    return values;
  }

  String ratingFact(ProcessInstance caseInstance) {
    return jdbc.queryForObject("SELECT rating_level FROM tw_case_fact WHERE process_instance_id = ?", String.class,
        caseInstance.getId());
  }

  @Test
  void aCaseRatedWellLeavesNoCopyOfItsHeadingInTheRating() {
    ProcessInstance instance = issuedCase();
    String no = instance.getBusinessKey();
    Map<String, Object> heading = headingOf(instance);
    ProcessInstance rating = ratingOf(instance);
    assertThat(rating).isWaitingAt("Gateway_AwaitRating").hasBusinessKey(no);
    assertThat(runtime.getVariables(rating.getId())).as("nothing copied in; only the period's due date kept")
        .containsOnlyKeys("ratingDueAt");
    // the rating period's timer: 5 working days from Monday 11-16; recalculated (Cockpit, a migration updating event
    // triggers) it reads the due date again and finds the same day
    Job period = job("Timer_RatingPeriod", rating);
    assertThat(period.getDuedate()).isEqualTo(endOf(2026, 11, 23));
    management.recalculateJobDuedate(period.getId(), false);
    assertThat(job("Timer_RatingPeriod", rating).getDuedate()).isEqualTo(endOf(2026, 11, 23));
    // the invitation and its message print the heading read from the case
    assertThat(notices.forCase(no)).filteredOn(n -> n.kind() == Kind.RATING_INVITATION).singleElement()
        .satisfies(n -> {
          assertThat(n.content()).startsWith("王大山：您申请的“" + heading.get("matterName") + "”（受理编号 " + no
              + "）已办结。欢迎您对本次服务作出评价").contains("请于2026年11月23日");
          assertThat(n.recipient()).isEqualTo("王大山");
          assertThat(n.processInstanceId()).isEqualTo(rating.getId());
        });
    assertThat(jdbc.queryForMap("SELECT phone, text FROM tw_message WHERE receipt_no = ? AND template_code = ?", no,
        "RATING_INVITATION")).containsEntry("PHONE", "13800138000").containsEntry("TEXT", "【青山镇】王大山：您的申请（受理编号"
        + no + "）已办结，欢迎于2026年11月23日前凭受理编号和查询码评价本次服务。");

    assertThat(ratings.rate(no, Level.SATISFIED, null, Channel.ONLINE, null)).isEqualTo(Outcome.RATED);
    assertThat(instance).isEnded().hasPassed("End_Issued");
    Map<String, Object> kept = new HashMap<>();
    kept.put("ratingLevel", "SATISFIED");
    kept.put("ratingComment", null);
    kept.put("ratingChannel", "ONLINE");
    kept.put("ratingDevice", null);
    kept.put("ratingDueAt", endOf(2026, 11, 23));
    assertThat(historicVariables(rating.getId())).as("the rating keeps what the applicant gave, no heading")
        .containsExactlyInAnyOrderEntriesOf(kept);
    assertThat(historicVariables(instance.getId())).containsEntry("ratingLevel", "SATISFIED");
    assertThat(ratingFact(instance)).isEqualTo("SATISFIED");
  }

  @Test
  void aBadRatingOfACaseCopiesTheHeadingForItsForms() throws IOException {
    ProcessInstance instance = issuedCase();
    String no = instance.getBusinessKey();
    Map<String, Object> heading = headingOf(instance);
    ProcessInstance rating = ratingOf(instance);
    ratings.rate(no, Level.DISSATISFIED, "窗口人员态度差", Channel.ONLINE, null);
    assertThat(rating).isWaitingAt("Task_VerifyBadRating");

    Map<String, Object> verification = new HashMap<>(heading);
    verification.put("ratingLabel", "不满意");
    verification.put("ratingComment", "窗口人员态度差");
    assertThat(formValues(task(rating), "bad-rating-verification")).isEqualTo(verification);
    complete(task(rating), withVariables("complaintSubstantiated", true, "verificationFinding", "属实：未一次性告知"));

    Map<String, Object> rectification = new HashMap<>(heading);
    rectification.put("ratingComment", "窗口人员态度差");
    rectification.put("verificationFinding", "属实：未一次性告知");
    assertThat(formValues(task(rating), "rectification")).isEqualTo(rectification);
    at(MONDAY.plusWeeks(2)); // rectified two weeks later
    complete(task(rating), withVariables("rectificationMeasures", "对窗口人员批评教育"));

    Map<String, Object> returnVisit = new HashMap<>(heading);
    returnVisit.put("verificationFinding", "属实：未一次性告知");
    assertThat(formValues(task(rating), "return-visit")).isEqualTo(returnVisit);
    complete(task(rating), withVariables("returnVisitRecord", "已电话告知整改情况", "applicantAcceptsFeedback", true));

    assertThat(instance).isEnded().hasPassed("End_Issued");
    assertThat(historicVariables(instance.getId())).as("the case takes the level back weeks later")
        .containsEntry("ratingLevel", "DISSATISFIED");
    assertThat(ratingFact(instance)).isEqualTo("DISSATISFIED");
    assertThat(historicVariables(rating.getId())).doesNotContainKeys("badRating", "actingAuthority");
  }

  /** As the cases of the release before 2026-12-06 call today's rating: every variable of the case copied in. */
  static final String CALLER_COPYING_ALL = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_CallerCopyingAll"
          targetNamespace="http://township.cn/bpmn">
        <bpmn:process id="rating-caller-copying-all" isExecutable="true" camunda:historyTimeToLive="3650">
          <bpmn:startEvent id="Start" />
          <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="CallActivity_SatisfactionRating" />
          <bpmn:callActivity id="CallActivity_SatisfactionRating" calledElement="satisfaction-rating"
              camunda:calledElementBinding="latest">
            <bpmn:extensionElements>
              <camunda:in businessKey="#{execution.processBusinessKey}" />
              <camunda:in variables="all" />
              <camunda:out source="ratingLevel" target="ratingLevel" />
            </bpmn:extensionElements>
          </bpmn:callActivity>
          <bpmn:sequenceFlow id="Flow_2" sourceRef="CallActivity_SatisfactionRating" targetRef="End" />
          <bpmn:endEvent id="End" />
        </bpmn:process>
      </bpmn:definitions>
      """;

  @Test
  void aCaseOfAnEarlierReleaseThatCopiesEverythingInIsRatedBadlyToTheEnd() throws IOException {
    repository.createDeployment().addString("rating-caller-copying-all.bpmn", CALLER_COPYING_ALL).deploy();
    String no = "QS-20261116-9008";
    ProcessInstance instance = runtime.createProcessInstanceByKey("rating-caller-copying-all").businessKey(no)
        .setVariable("townshipId", "qingshan").setVariable("receiptNo", no).setVariable("applicantName", "李小河")
        .setVariable("applicantPhone", "13900139000").setVariable("matterName", "农村村民宅基地审批")
        .setVariable("townshipName", "青山镇").execute();
    ProcessInstance rating = ratingOf(instance);
    assertThat(rating).isWaitingAt("Gateway_AwaitRating");
    assertThat(job("Timer_RatingPeriod", rating).getDuedate()).isEqualTo(endOf(2026, 11, 23));
    assertThat(jdbc.queryForObject("SELECT text FROM tw_message WHERE receipt_no = ? AND template_code = ?",
        String.class, no, "RATING_INVITATION"))
        .isEqualTo("【青山镇】李小河：您的申请（受理编号" + no + "）已办结，欢迎于2026年11月23日前凭受理编号和查询码评价本次服务。");

    ratings.rate(no, Level.VERY_DISSATISFIED, "两次未办成", Channel.ONLINE, null);
    assertThat(formValues(task(rating), "bad-rating-verification")).containsEntry("applicantName", "李小河")
        .containsEntry("applicantPhone", "13900139000").containsEntry("receiptNo", no)
        .containsEntry("ratingLabel", "非常不满意").doesNotContainValue(null);
    complete(task(rating), withVariables("complaintSubstantiated", false, "verificationFinding", "已解释"));
    at(MONDAY.plusWeeks(3));
    complete(task(rating), withVariables("returnVisitRecord", "已回访", "applicantAcceptsFeedback", true));
    assertThat(instance).isEnded();
    assertThat(historicVariables(instance.getId())).containsEntry("ratingLevel", "VERY_DISSATISFIED");
  }
}
