package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import java.time.LocalTime;
import java.util.Date;

/** Periods the Administrative Penalty Law counts in calendar days (日), ending at the end of the last day. */
final class CalendarDays {

  private CalendarDays() {}

  static Date after(Deadlines deadlines, int days) {
    return Date.from(deadlines.today().plusDays(days).atTime(LocalTime.of(23, 59, 59)).atZone(deadlines.zone())
        .toInstant());
  }

  static Date monthsAfter(Deadlines deadlines, Date from, int months) {
    return Date.from(from.toInstant().atZone(deadlines.zone()).toLocalDate().plusMonths(months)
        .atTime(LocalTime.of(23, 59, 59)).atZone(deadlines.zone()).toInstant());
  }
}
