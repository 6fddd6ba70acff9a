package cn.township.workflow.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A statutory time limit (限时办结) in working days, as it stands on one case: how many days the
 * matter allows, how many were used before the last pause, and while it runs, since when and
 * when the warning and the deadline fall. Paused while the applicant supplements materials.
 *
 * @param runningSince null while paused
 */
public record TimeLimit(int limitDays, int warningPercent, int usedDays, Instant runningSince,
                        Instant warningAt, Instant dueAt) {

  /** Office hours open at nine: a warning is given at the start of its working day. */
  static final LocalTime WARNING_TIME = LocalTime.of(9, 0);

  public boolean running() {
    return runningSince != null;
  }

  /** Working days left to run from {@link #runningSince}. */
  public int remainingDays() {
    return Math.max(0, limitDays - usedDays);
  }

  /** Working days from {@link #runningSince} to the warning point (at nine on that day). */
  public int warningDay() {
    return Math.min(Math.max(0, limitDays * warningPercent / 100 - usedDays), remainingDays());
  }

  /** Starts (or resumes) the clock at {@code now} with the days not yet used. */
  static TimeLimit run(int limitDays, int warningPercent, int usedDays, Instant now,
                       WorkingDayCalendar calendar, ZoneId zone) {
    LocalDate today = now.atZone(zone).toLocalDate();
    TimeLimit counting = new TimeLimit(limitDays, warningPercent, usedDays, now, null, null);
    Instant due = endOfDay(calendar.addWorkingDays(today, counting.remainingDays()), zone);
    Instant warning = calendar.addWorkingDays(today, counting.warningDay()).atTime(WARNING_TIME).atZone(zone).toInstant();
    if (warning.isBefore(now)) {
      warning = now;
    }
    return new TimeLimit(limitDays, warningPercent, usedDays, now, warning, due);
  }

  /** Stops the clock at {@code now}, adding the working days used since it last started. */
  TimeLimit pause(Instant now, WorkingDayCalendar calendar, ZoneId zone) {
    if (!running()) {
      return this;
    }
    int used = usedDays + calendar.workingDaysBetween(runningSince.atZone(zone).toLocalDate(),
        now.atZone(zone).toLocalDate());
    return new TimeLimit(limitDays, warningPercent, Math.min(used, limitDays), null, warningAt, dueAt);
  }

  static Instant endOfDay(LocalDate date, ZoneId zone) {
    return date.atTime(LocalTime.of(23, 59, 59)).atZone(zone).toInstant();
  }
}
