package cn.township.workflow.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;
import cn.township.workflow.security.ModelFunctions;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The one place that computes deadlines: working days from the holiday file, in the office's zone,
 * at the engine's clock (so that tests move time with ClockUtil). BPMN timers call it as
 * {@code ${deadlines.workingDaysFromNow(5)}}, or by the name of a statutory period in
 * {@code processes/statutory-periods.dmn}: {@code ${deadlines.periodFromNow('licensing-acceptance')}}.
 * A working-day deadline that reaches a year holidays.csv does not cover is counted with that year's statutory
 * holidays and recorded as provisional on its case ({@link ProvisionalDeadlines}), to be recomputed once the year
 * is published. Every public method can be called from a model ({@link ModelFunctions}): nothing here changes state
 * beyond the case being computed for.
 */
@Component("deadlines")
@ModelFunctions
public class Deadlines {

  static final String HOLIDAY_FILE = "processes/holidays.csv";
  private static final DateTimeFormatter NOTICE_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");
  private static final DateTimeFormatter NOTICE_TIME = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

  private final AtomicReference<WorkingDayCalendar> calendar;
  private final ZoneId zone;
  private final ObjectProvider<StatutoryPeriods> periods;
  private final ObjectProvider<ProvisionalDeadlines> provisional;

  @Autowired
  public Deadlines(ZoneId officeZone, ObjectProvider<StatutoryPeriods> periods,
                   ObjectProvider<ProvisionalDeadlines> provisional) throws IOException {
    this(loadCalendar(), officeZone, periods, provisional);
  }

  /** Deadlines without the statutory-period table and without recording provisional deadlines (measurements). */
  public Deadlines(ZoneId officeZone) throws IOException {
    this(loadCalendar(), officeZone, null, null);
  }

  Deadlines(WorkingDayCalendar calendar, ZoneId zone) {
    this(calendar, zone, null, null);
  }

  private Deadlines(WorkingDayCalendar calendar, ZoneId zone, ObjectProvider<StatutoryPeriods> periods,
                    ObjectProvider<ProvisionalDeadlines> provisional) {
    this.calendar = new AtomicReference<>(calendar);
    this.zone = zone;
    this.periods = periods;
    this.provisional = provisional;
  }

  static WorkingDayCalendar loadCalendar() throws IOException {
    try (InputStream in = new ClassPathResource(HOLIDAY_FILE).getInputStream()) {
      return WorkingDayCalendar.read(in, HOLIDAY_FILE);
    }
  }

  /** The calendar in force (package-private: a model must not see or replace it). */
  WorkingDayCalendar calendar() {
    return calendar.get();
  }

  /** Puts a newly read holiday file in force, as {@link CalendarUpdate} does when analysts publish a year. */
  void replaceCalendar(WorkingDayCalendar newer) {
    calendar.set(newer);
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

  /** A date and time as printed on notices (a hearing's): 2026年11月24日 09:30. */
  public String formatTime(Date date) {
    return NOTICE_TIME.format(date.toInstant().atZone(zone));
  }

  /** The end of the working day that comes {@code days} working days after today. */
  public Date workingDaysFromNow(int days) {
    LocalDate today = today();
    Instant due = TimeLimit.endOfDay(calendar().addWorkingDays(today, days), zone);
    noteIfProvisional(today, days, false, due);
    return Date.from(due);
  }

  /**
   * The end of a statutory period that starts today, as {@code processes/statutory-periods.dmn} sets it (working
   * days or calendar days), for example {@code periodFromNow('licensing-acceptance')}.
   */
  public Date periodFromNow(String period) {
    StatutoryPeriods.Period found = period(period);
    return found.workingDays() ? workingDaysFromNow(found.days()) : calendarDaysFromNow(found.days());
  }

  /** A statutory period from {@code processes/statutory-periods.dmn}: its days, unit and legal basis. */
  public StatutoryPeriods.Period period(String period) {
    if (periods == null) {
      throw new IllegalStateException("statutory periods are not available outside the application");
    }
    return periods.getObject().get(period);
  }

  /**
   * Printed after a date on a notice: empty, or that the date is provisional because the State Council has not
   * published that year's arrangement yet.
   */
  public String provisionalNote(Date due) {
    LocalDate day = due.toInstant().atZone(zone).toLocalDate();
    return calendar().provisional(today(), day)
        ? "（暂定：" + day.getYear() + "年节假日安排尚未公布，按法定节假日推算，公布后如有调整将另行告知）" : "";
  }

  /** How far holidays.csv covers: its last day, and how many days from today on are covered. */
  public record Coverage(LocalDate publishedThrough, long daysAhead) {}

  public Coverage coverage() {
    return new Coverage(calendar().lastPublishedDay(),
        ChronoUnit.DAYS.between(today(), calendar().firstUnpublishedDay(today())));
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
    return calendar.get().isWorkingDay(day);
  }

  /** The day itself if it is a working day, otherwise the next working day. */
  public LocalDate workingDayFrom(LocalDate day) {
    LocalDate date = day;
    while (!calendar.get().isWorkingDay(date)) {
      date = date.plusDays(1);
    }
    return date;
  }

  /**
   * The end of a period of {@code days} working days that starts on {@code start} (the start day not counted):
   * weekends and the holidays of the holiday file are left out, adjusted working weekend days count.
   */
  public Date workingDaysAfter(LocalDate start, int days) {
    return endOf(calendar.get().addWorkingDays(start, days));
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
    return noted(TimeLimit.run(limitDays, warningPercent, 0, since, calendar(), zone));
  }

  /** Working days after {@code from}'s day up to and including {@code to}'s: 0 within one day. */
  public int workingDaysBetween(Instant from, Instant to) {
    return calendar().workingDaysBetween(from.atZone(zone).toLocalDate(), to.atZone(zone).toLocalDate());
  }

  public TimeLimit pause(TimeLimit limit) {
    return limit.pause(now(), calendar(), zone);
  }

  public TimeLimit resume(TimeLimit limit) {
    return resumeAt(limit, now());
  }

  /**
   * Restarts a paused clock on the day the excluded work ended ({@code since}, which may be earlier than today):
   * the days since then count as used (行政许可法第四十五条).
   */
  public TimeLimit resumeAt(TimeLimit limit, Instant since) {
    return limit.running() ? limit
        : noted(TimeLimit.run(limit.limitDays(), limit.warningPercent(), limit.usedDays(), since, calendar(), zone));
  }

  /** The limit lengthened by {@code days} working days (行政许可法第四十二条), counted from when the clock last started. */
  public TimeLimit extend(TimeLimit limit, int days) {
    TimeLimit longer = new TimeLimit(limit.limitDays() + days, limit.warningPercent(), limit.usedDays(), null,
        limit.warningAt(), limit.dueAt());
    return limit.running() ? resumeAt(longer, limit.runningSince()) : longer;
  }

  private TimeLimit noted(TimeLimit limit) {
    LocalDate start = limit.runningSince().atZone(zone).toLocalDate();
    noteIfProvisional(start, limit.remainingDays(), false, limit.dueAt());
    noteIfProvisional(start, limit.warningDay(), true, limit.warningAt());
    return limit;
  }

  private void noteIfProvisional(LocalDate start, int days, boolean atOpening, Instant due) {
    ProvisionalDeadlines sink = provisional == null ? null : provisional.getIfAvailable();
    if (sink != null && calendar().provisional(start, due.atZone(zone).toLocalDate())) {
      sink.record(start, days, atOpening, due, this);
    }
  }
}
