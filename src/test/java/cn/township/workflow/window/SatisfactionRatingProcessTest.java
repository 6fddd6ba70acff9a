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
import cn.township.workflow.window.NoticeBook.Kind;
import java.time.ZonedDateTime;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 好差评 (satisfaction-rating.bpmn) on its own, as every procedure calls it after issue. */
class SatisfactionRatingProcessTest extends ProcessTestCase {


  @Autowired NoticeBook notices;

  ProcessInstance requestRating(String receiptNo) {
    return runtime.createProcessInstanceByKey("satisfaction-rating").businessKey(receiptNo)
        .setVariable("townshipId", "qingshan").setVariable("receiptNo", receiptNo)
        .setVariable("applicantName", "王大山").setVariable("matterName", "农村村民宅基地审批").execute();
  }

  @Test
  void goodRatingEndsAtOnce() {
    ProcessInstance instance = requestRating("QS-20261116-9001");
    assertThat(instance).isWaitingAt("Task_RateService");
    assertThat(task(instance)).hasCandidateGroup("window-clerk");
    complete(task(instance), withVariables("ratingLevel", "BASICALLY_SATISFIED"));
    assertThat(instance).isEnded().hasPassed("End_RatedWell").hasNotPassed("Task_VerifyBadRating");
    assertThat(instance).variables().containsEntry("badRating", false).containsEntry("ratingLabel", "基本满意");
  }

  @Test
  void badRatingIsVerifiedRectifiedAndReportedBack() {
    ProcessInstance instance = requestRating("QS-20261116-9002");
    complete(task(instance), withVariables("ratingLevel", "DISSATISFIED", "ratingComment", "窗口人员态度差，多跑了两趟"));
    assertThat(instance).isWaitingAt("Task_VerifyBadRating");
    assertThat(task(instance)).hasCandidateGroup("supervisor");
    complete(task(instance), withVariables("complaintSubstantiated", "true", "verificationFinding", "属实：未一次性告知"));
    assertThat(instance).isWaitingAt("Task_Rectify");
    assertThat(task(instance)).hasCandidateGroup("leader")
        // 15 working days from Monday 11-16: Monday 12-07
        .hasDueDate(endOf(2026, 12, 7));
    complete(task(instance), withVariables("rectificationMeasures", "对窗口人员批评教育，修订一次性告知清单"));
    assertThat(instance).isWaitingAt("Task_ReturnVisit");
    complete(task(instance), withVariables("returnVisitRecord", "已电话告知整改情况", "applicantAcceptsFeedback", "true"));
    assertThat(instance).isEnded().hasPassed("Task_Rectify", "End_ReportedBack");
  }

  @Test
  void unfoundedBadRatingIsExplainedWithoutRectification() {
    ProcessInstance instance = requestRating("QS-20261116-9003");
    complete(task(instance), withVariables("ratingLevel", "VERY_DISSATISFIED"));
    complete(task(instance), withVariables("complaintSubstantiated", false, "verificationFinding", "系申请人材料不符合法定条件"));
    assertThat(instance).isWaitingAt("Task_ReturnVisit").hasNotPassed("Task_Rectify");
  }

  @Test
  void lateRectificationIsChasedAndStillOpen() {
    ProcessInstance instance = requestRating("QS-20261116-9004");
    complete(task(instance), withVariables("ratingLevel", "DISSATISFIED"));
    complete(task(instance), withVariables("complaintSubstantiated", true, "verificationFinding", "属实"));
    at(ZonedDateTime.of(2026, 12, 8, 9, 0, 0, 0, ZONE));
    execute(job("Timer_RectificationDue", instance));
    assertThat(instance).hasPassed("Task_RemindRectification").isWaitingAt("Task_Rectify");
    assertThat(notices.forCase("QS-20261116-9004")).extracting(NoticeBook.Notice::kind)
        .containsOnly(Kind.RECTIFICATION_REMINDER).hasSize(2);
  }

  @Test
  void applicantWhoDoesNotRateIsNotRatedForThem() {
    ProcessInstance instance = requestRating("QS-20261116-9005");
    at(ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZONE));
    execute(job("Timer_RatingPeriod", instance));
    assertThat(instance).isEnded().hasPassed("End_NotRated");
    assertThat(instance).variables().doesNotContainKey("ratingLevel");
  }

  @Test
  void unknownLevelIsRefused() {
    ProcessInstance instance = requestRating("QS-20261116-9006");
    assertRejected(() -> complete(task(instance), withVariables("ratingLevel", "GREAT")), "评价等级应为");
    assertThat(instance).isWaitingAt("Task_RateService");
  }
}
