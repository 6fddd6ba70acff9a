package cn.township.workflow.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import cn.township.workflow.security.ModelFunctions;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The one place that computes deadlines: working days from the holiday file, in the office's zone,
 * at the engine's clock (so that tests move time with ClockUtil). BPMN timers call it as
 * {@code ${deadlines.workingDaysFromNow(5)}}.
 */
@Component("deadlines")
@ModelFunctions
public class Deadlines {

  static final String HOLIDAY_FILE = "processes/holidays.csv";
  private static final DateTimeFormatter NOTICE_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

  private final WorkingDayCalendar calendar;
  private final ZoneId zone;

  @Autowired
  public Deadlines(ZoneId officeZone) throws IOException {
    this(loadCalendar(), officeZone);
  }

  Deadlines(WorkingDayCalendar calendar, ZoneId zone) {
    this.calendar = calendar;
    this.zone = zone;
  }

  static WorkingDayCalendar loadCalendar() throws IOException {
    try (InputStream in = new ClassPathResource(HOLIDAY_FILE).getInputStream()) {
      return WorkingDayCalendar.read(in, HOLIDAY_FILE);
    }
  }

  public Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  public LocalDate today() {
    return now().atZone(zone).toLocalDate();
  }

  public ZoneId zone() {
    return zone;
  }

  /** A date as printed on notices: 2026年11月24日. */
  public String formatDate(Date date) {
    return NOTICE_DATE.format(date.toInstant().atZone(zone));
  }

  /** The end of the working day that comes {@code days} working days after today. */
  public Date workingDaysFromNow(int days) {
    return Date.from(TimeLimit.endOfDay(calendar.addWorkingDays(today(), days), zone));
  }

  /** The end of the day {@code days} calendar days after today: periods the law counts in 日, not 工作日. */
  public Date calendarDaysFromNow(int days) {
    return Date.from(TimeLimit.endOfDay(today().plusDays(days), zone));
  }

  /** The office's day on which {@code moment} falls. */
  public LocalDate dayOf(Date moment) {
    return moment.toInstant().atZone(zone).toLocalDate();
  }

  /** The last moment of a day (23:59:59 at the office): a period ending that day has run out after it. */
  public Date endOf(LocalDate day) {
    return Date.from(TimeLimit.endOfDay(day, zone));
  }

  /** Office opening time (nine) on a day. */
  public Date openingTime(LocalDate day) {
    return Date.from(day.atTime(TimeLimit.WARNING_TIME).atZone(zone).toInstant());
  }

  public boolean isWorkingDay(LocalDate day) {
    return calendar.isWorkingDay(day);
  }

  /** The day itself if it is a working day, otherwise the next working day. */
  public LocalDate workingDayFrom(LocalDate day) {
    LocalDate date = day;
    while (!calendar.isWorkingDay(date)) {
      date = date.plusDays(1);
    }
    return date;
  }

  /**
   * The end of a period of {@code days} working days that starts on {@code start} (the start day not counted):
   * weekends and the holidays of the holiday file are left out, adjusted working weekend days count.
   */
  public Date workingDaysAfter(LocalDate start, int days) {
    return endOf(calendar.addWorkingDays(start, days));
  }

  /**
   * The end of a period of {@code days} calendar days (日) that starts on {@code start}: the start day is not counted,
   * and a period whose last day is a rest day or holiday ends on the next working day (期间届满的最后一日是法定休假日的，
   * 以法定休假日后的第一日为期间届满的日期 — the rule of the Civil Procedure Law on periods, which the laws on
   * reconsideration and litigation apply).
   */
  public Date daysAfter(LocalDate start, int days) {
    return endOf(workingDayFrom(start.plusDays(days)));
  }

  /** The end of a period of {@code months} calendar months (月) from {@code start}, moved off a rest day as {@link #daysAfter}. */
  public Date monthsAfter(LocalDate start, int months) {
    return endOf(workingDayFrom(start.plusMonths(months)));
  }

  /** Starts the clock at {@code since}: now, or the day materials arrived where acceptance was deemed. */
  public TimeLimit startAt(int limitDays, int warningPercent, Instant since) {
    return TimeLimit.run(limitDays, warningPercent, 0, since, calendar, zone);
  }

  /** Working days after {@code from}'s day up to and including {@code to}'s: 0 within one day. */
  public int workingDaysBetween(Instant from, Instant to) {
    return calendar.workingDaysBetween(from.atZone(zone).toLocalDate(), to.atZone(zone).toLocalDate());
  }

  public TimeLimit pause(TimeLimit limit) {
    return limit.pause(now(), calendar, zone);
  }

  public TimeLimit resume(TimeLimit limit) {
    return limit.running() ? limit
        : TimeLimit.run(limit.limitDays(), limit.warningPercent(), limit.usedDays(), now(), calendar, zone);
  }
}
