package cn.township.workflow.catalog;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

/** A deadline that reaches a year holidays.csv does not cover is provisional, and is recomputed once it is published. */
class CalendarUpdateTest extends ProcessTestCase {

  static final List<String> HOMESTEAD = List.of("农村宅基地和建房（规划许可）申请表", "申请人身份证明", "户口簿",
      "村民小组会议讨论意见及村委会审查意见", "住房设计图或通用图");
  /** 2027 as a State Council notice could arrange it: 春节 02-05..11 off, Sunday 01-31 and Saturday 02-20 worked. */
  static final String ARRANGEMENT_2027 = """
      2027-01-01,休,元旦
      2027-01-31,班,春节调休上班
      2027-02-05,休,春节
      2027-02-06,休,春节
      2027-02-07,休,春节
      2027-02-08,休,春节
      2027-02-09,休,春节
      2027-02-10,休,春节
      2027-02-11,休,春节
      2027-02-20,班,春节调休上班
      """;

  @Autowired Deadlines deadlines;
  @Autowired CalendarUpdate update;
  @Autowired NoticeBook notices;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

  @AfterEach
  void shippedCalendarAgain() throws IOException {
    deadlines.replaceCalendar(Deadlines.loadCalendar());
  }

  static WorkingDayCalendar shippedPlus(String lines) throws IOException {
    try (InputStream in = new ClassPathResource(Deadlines.HOLIDAY_FILE).getInputStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8) + lines;
      return WorkingDayCalendar.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test");
    }
  }

  @Test
  void aTimeLimitReachingAnUnpublishedYearIsProvisionalAndFollowsThePublishedArrangement() throws IOException {
    at(ZonedDateTime.of(2027, 1, 25, 10, 0, 0, 0, ZONE)); // Monday; holidays.csv ends with 2026
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    complete(tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).singleResult(),
        withVariables("receivedMaterials", HOMESTEAD, "acceptable", true));
    assertThat(instance).isWaitingAt("Task_Review");
    // statutory holidays only: 除夕 02-05 to 初三 02-08 and 补假 02-09, 02-10 off; 20 working days end on 02-26
    Date provisionalDue = Date.from(ZonedDateTime.of(2027, 2, 26, 23, 59, 59, 0, ZONE).toInstant());
    assertThat(job("Timer_TimeLimitOverdue", instance).getDuedate()).isEqualTo(provisionalDue);
    assertThat(job("Timer_TimeLimitWarning", instance).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2027, 2, 22, 9, 0, 0, 0, ZONE).toInstant()));
    assertThat(CaseVariables.asList("mark", runtime.getVariable(instance.getId(), ProvisionalDeadlines.MARK)))
        .contains("2027年2月26日");
    assertThat(notices.forCase(instance.getBusinessKey())).filteredOn(n -> n.kind() == NoticeBook.Kind.ACCEPTED)
        .singleElement().satisfies(n -> assertThat(n.content()).contains("2027年2月26日").contains("暂定"));

    assertThat(update.settle("system")).as("nothing to recompute while 2027 is unpublished").isEmpty();
    List<CalendarUpdate.Change> changes = update.publish(shippedPlus(ARRANGEMENT_2027), "analyst-lin");

    // 01-26..29, Sunday 01-31, 02-01..04 (9), 02-12 (10), 02-15..19 (15), Saturday 02-20 (16), 02-22..25 (20)
    Date publishedDue = Date.from(ZonedDateTime.of(2027, 2, 25, 23, 59, 59, 0, ZONE).toInstant());
    assertThat(changes).extracting(CalendarUpdate.Change::to).contains("2027年2月25日");
    assertThat(job("Timer_TimeLimitOverdue", instance).getDuedate()).isEqualTo(publishedDue);
    assertThat(job("Timer_TimeLimitWarning", instance).getDuedate())
        .isEqualTo(Date.from(ZonedDateTime.of(2027, 2, 20, 9, 0, 0, 0, ZONE).toInstant()));
    assertThat((Date) runtime.getVariable(instance.getId(), "timeLimitDueAt")).isEqualTo(publishedDue);
    assertThat(runtime.getVariable(instance.getId(), "timeLimitDueDate")).isEqualTo("2027年2月25日");
    Task review = tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(review.getDueDate()).isEqualTo(publishedDue);
    assertThat(CaseVariables.asList("mark", runtime.getVariable(instance.getId(), ProvisionalDeadlines.MARK)))
        .doesNotContain("2027年2月26日");
    assertThat(notices.forCase(instance.getBusinessKey())).filteredOn(n -> n.kind() == NoticeBook.Kind.DEADLINE_CHANGED)
        .singleElement().satisfies(n -> assertThat(n.content()).contains("由2027年2月26日调整为2027年2月25日"));
    assertThat(jdbc.queryForList("SELECT user_id || ' ' || action || ' ' || detail FROM tw_audit_event WHERE case_no = ?",
        String.class, instance.getBusinessKey())).as("the promised date and the warning point, each on the record")
        .hasSize(2).allSatisfy(row -> assertThat(row).startsWith("analyst-lin " + CalendarUpdate.ACTION))
        .anySatisfy(row -> assertThat(row).contains("由2027年2月26日调整为2027年2月25日"));
    assertThat(update.settle("system")).as("settled once").isEmpty();
  }
}
