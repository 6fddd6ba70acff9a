package cn.township.workflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class WorkingDayCalendarTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private final WorkingDayCalendar calendar = loadShipped();

  private static WorkingDayCalendar loadShipped() {
    try {
      return Deadlines.loadCalendar();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void skipsTheWeekend() {
    // Friday 2026-11-20 plus one working day is Monday 2026-11-23
    assertThat(calendar.addWorkingDays(LocalDate.of(2026, 11, 20), 1)).isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(calendar.addWorkingDays(LocalDate.of(2026, 11, 20), 5)).isEqualTo(LocalDate.of(2026, 11, 27));
    assertThat(calendar.addWorkingDays(LocalDate.of(2026, 11, 20), 0)).isEqualTo(LocalDate.of(2026, 11, 20));
  }

  @Test
  void skipsNationalDayAndCountsTheAdjustedSaturday() {
    // 2026: Mid-Autumn 9-25..27 and National Day 10-01..07 off; Sunday 9-20 and Saturday 10-10 are working days
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 9, 20))).isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 1))).isFalse();
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 5))).isFalse();
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 10))).isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 11))).isFalse();
    // From Wednesday 9-30: 10-08 (1), 10-09 (2), Saturday 10-10 (3), 10-12 (4), 10-13 (5)
    assertThat(calendar.addWorkingDays(LocalDate.of(2026, 9, 30), 5)).isEqualTo(LocalDate.of(2026, 10, 13));
    // From Monday 9-21, twenty working days end on Monday 10-26
    assertThat(calendar.addWorkingDays(LocalDate.of(2026, 9, 21), 20)).isEqualTo(LocalDate.of(2026, 10, 26));
    assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 13))).isEqualTo(5);
  }

  @Test
  void springFestivalWeekIsOff() {
    // 2026-02-15..23 off, Saturday 02-14 and 02-28 working
    assertThat(calendar.addWorkingDays(LocalDate.of(2026, 2, 13), 1)).isEqualTo(LocalDate.of(2026, 2, 14));
    assertThat(calendar.addWorkingDays(LocalDate.of(2026, 2, 14), 1)).isEqualTo(LocalDate.of(2026, 2, 24));
  }

  @Test
  void pausedClockKeepsTheUsedDaysAndMovesTheDeadline() {
    Deadlines deadlines = new Deadlines(calendar, ZONE);
    Instant monday = ZonedDateTime.of(2026, 11, 16, 10, 0, 0, 0, ZONE).toInstant();
    TimeLimit running = deadlines.startAt(10, 80, monday);
    assertThat(running.dueAt()).isEqualTo(ZonedDateTime.of(2026, 11, 30, 23, 59, 59, 0, ZONE).toInstant());
    // warning at 80 %: the 8th working day, 2026-11-26 at nine
    assertThat(running.warningAt()).isEqualTo(ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE).toInstant());

    TimeLimit paused = running.pause(ZonedDateTime.of(2026, 11, 19, 15, 0, 0, 0, ZONE).toInstant(), calendar, ZONE);
    assertThat(paused.usedDays()).isEqualTo(3);
    assertThat(paused.running()).isFalse();

    TimeLimit resumed = TimeLimit.run(10, 80, paused.usedDays(),
        ZonedDateTime.of(2026, 11, 30, 9, 0, 0, 0, ZONE).toInstant(), calendar, ZONE);
    // seven working days left from Monday 11-30: 12-01 .. 12-09
    assertThat(resumed.dueAt()).isEqualTo(ZonedDateTime.of(2026, 12, 9, 23, 59, 59, 0, ZONE).toInstant());
  }

  @Test
  void calendarDayPeriodsCountHolidaysToo() {
    Deadlines deadlines = new Deadlines(calendar, ZONE);
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(
        java.util.Date.from(ZonedDateTime.of(2026, 9, 30, 10, 0, 0, 0, ZONE).toInstant()));
    try {
      // 7 calendar days from 9-30 end on 10-07, inside the National Day holiday; 7 working days end on 10-15
      assertThat(deadlines.calendarDaysFromNow(7).toInstant())
          .isEqualTo(ZonedDateTime.of(2026, 10, 7, 23, 59, 59, 0, ZONE).toInstant());
      assertThat(deadlines.workingDaysFromNow(7).toInstant())
          .isEqualTo(ZonedDateTime.of(2026, 10, 15, 23, 59, 59, 0, ZONE).toInstant());
      assertThat(deadlines.workingDaysAfter(LocalDate.of(2026, 9, 30), 7).toInstant())
          .isEqualTo(ZonedDateTime.of(2026, 10, 15, 23, 59, 59, 0, ZONE).toInstant());
      assertThat(deadlines.openingTime(LocalDate.of(2026, 10, 8)).toInstant())
          .isEqualTo(ZonedDateTime.of(2026, 10, 8, 9, 0, 0, 0, ZONE).toInstant());
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
  }

  @Test
  void aPeriodInDaysOrMonthsThatEndsOnARestDayEndsOnTheNextWorkingDay() {
    Deadlines deadlines = new Deadlines(calendar, ZONE);
    // 15 days from Tuesday 9-22 end on 10-07, a holiday: the next working day is Thursday 10-08
    assertThat(deadlines.daysAfter(LocalDate.of(2026, 9, 22), 15).toInstant())
        .isEqualTo(ZonedDateTime.of(2026, 10, 8, 23, 59, 59, 0, ZONE).toInstant());
    // 15 days from Friday 11-13 end on Saturday 11-28: Monday 11-30
    assertThat(deadlines.daysAfter(LocalDate.of(2026, 11, 13), 15).toInstant())
        .isEqualTo(ZonedDateTime.of(2026, 11, 30, 23, 59, 59, 0, ZONE).toInstant());
    // ending on the adjusted working Saturday 10-10 (from 9-25, 15 days) stays there
    assertThat(deadlines.daysAfter(LocalDate.of(2026, 9, 25), 15).toInstant())
        .isEqualTo(ZonedDateTime.of(2026, 10, 10, 23, 59, 59, 0, ZONE).toInstant());
    // six months from 8-31 end on Sunday 2027-02-28: Monday 03-01
    assertThat(deadlines.monthsAfter(LocalDate.of(2026, 8, 31), 6).toInstant())
        .isEqualTo(ZonedDateTime.of(2027, 3, 1, 23, 59, 59, 0, ZONE).toInstant());
    assertThat(deadlines.workingDayFrom(LocalDate.of(2026, 10, 1))).isEqualTo(LocalDate.of(2026, 10, 8));
  }

  @Test
  void aYearTheFileDoesNotCoverKeepsItsStatutoryHolidays() {
    assertThat(calendar.isPublished(2026)).isTrue();
    assertThat(calendar.isPublished(2027)).isFalse();
    assertThat(calendar.lastPublishedDay()).isEqualTo(LocalDate.of(2026, 12, 31));
    // Thursday 2026-12-24 plus 20 working days: 12-25, 12-28..31 (5), 元旦 2027-01-01 off, 01-04..22 (20)
    assertThat(calendar.addWorkingDays(LocalDate.of(2026, 12, 24), 20)).isEqualTo(LocalDate.of(2027, 1, 22));
    assertThat(WorkingDayCalendar.weekdaysOnly().addWorkingDays(LocalDate.of(2026, 12, 24), 20))
        .as("as if 2027 had no holidays").isEqualTo(LocalDate.of(2027, 1, 21));
    // Spring Festival 2027: 除夕 Friday 02-05 to 初三 Monday 02-08 off, and 补假 Tuesday and Wednesday for the weekend
    assertThat(calendar.addWorkingDays(LocalDate.of(2027, 2, 3), 5)).isEqualTo(LocalDate.of(2027, 2, 16));
    assertThat(calendar.provisional(LocalDate.of(2026, 12, 24), LocalDate.of(2027, 1, 22))).isTrue();
    assertThat(calendar.provisional(LocalDate.of(2026, 11, 16), LocalDate.of(2026, 12, 14))).isFalse();
    assertThat(calendar.firstUnpublishedDay(LocalDate.of(2026, 11, 16))).isEqualTo(LocalDate.of(2027, 1, 1));
    assertThat(calendar.firstUnpublishedDay(LocalDate.of(2027, 3, 1))).isEqualTo(LocalDate.of(2027, 3, 1));
  }

  @Test
  void aDeadlineReachingAnUnpublishedYearSaysItIsProvisional() {
    Deadlines deadlines = new Deadlines(calendar, ZONE);
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(
        java.util.Date.from(ZonedDateTime.of(2026, 12, 24, 10, 0, 0, 0, ZONE).toInstant()));
    try {
      java.util.Date due = deadlines.workingDaysFromNow(20);
      assertThat(due.toInstant()).isEqualTo(ZonedDateTime.of(2027, 1, 22, 23, 59, 59, 0, ZONE).toInstant());
      assertThat(deadlines.provisionalNote(due)).contains("暂定").contains("2027年节假日安排尚未公布");
      assertThat(deadlines.provisionalNote(deadlines.workingDaysFromNow(3))).isEmpty();
      assertThat(deadlines.coverage()).isEqualTo(new Deadlines.Coverage(LocalDate.of(2026, 12, 31), 8));
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
  }

  @Test
  void refusesAMalformedHolidayFile() {
    assertThatThrownBy(() -> WorkingDayCalendar.read(
        new ByteArrayInputStream("2026-10-01,放,国庆\n".getBytes(StandardCharsets.UTF_8)), "holidays.csv"))
        .hasMessageContaining("第 1 行").hasMessageContaining("休");
    assertThatThrownBy(() -> WorkingDayCalendar.read(
        new ByteArrayInputStream("2026-13-01,休,x\n".getBytes(StandardCharsets.UTF_8)), "holidays.csv"))
        .hasMessageContaining("日期无法识别");
    assertThatThrownBy(() -> WorkingDayCalendar.read(
        new ByteArrayInputStream("2026-10-01,休,a\n2026-10-01,班,b\n".getBytes(StandardCharsets.UTF_8)), "h.csv"))
        .hasMessageContaining("既标为");
  }
}
