package cn.township.workflow.window;

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
import cn.township.workflow.window.RecordRating.Level;
import java.time.ZonedDateTime;
import java.util.Date;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 好差评 (satisfaction-rating.bpmn) on its own, as every procedure calls it after issue: the applicant rates. */
class SatisfactionRatingProcessTest extends ProcessTestCase {

  @Autowired NoticeBook notices;
  @Autowired ApplicantRatings ratings;

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
    assertThat(instance).variables().containsEntry("badRating", false).containsEntry("ratingLabel", "基本满意")
        .containsEntry("ratingChannel", "DEVICE").containsEntry("ratingDevice", "qs-rating-device");
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
    assertThat((Date) runtime.getVariable(instance.getId(), "ratingDueAt")).isEqualTo(endOf(2026, 11, 23));
  }
}
