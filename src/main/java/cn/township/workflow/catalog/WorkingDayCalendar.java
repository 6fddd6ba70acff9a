package cn.township.workflow.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Working days as the State Council's holiday notices define them: Monday to Friday, less the
 * official holidays, plus the adjusted working weekend days (调休上班). The dates come from
 * {@code processes/holidays.csv}, which analysts update each year. A year the file does not cover yet
 * is never counted as if it had no holidays: its statutory holidays ({@link StatutoryHolidays}) are off,
 * and a deadline that reaches it is provisional ({@link #provisional}) until the year is published.
 */
public final class WorkingDayCalendar {

  private final Set<LocalDate> holidays;
  private final Set<LocalDate> adjustedWorkingDays;
  /** Years holidays.csv covers (it has lines for): the State Council's notice for them is in. */
  private final Set<Integer> publishedYears;
  private final boolean statutoryFallback;
  private final Map<Integer, Set<LocalDate>> statutory = new ConcurrentHashMap<>();

  public WorkingDayCalendar(Set<LocalDate> holidays, Set<LocalDate> adjustedWorkingDays) {
    this(holidays, adjustedWorkingDays, true);
  }

  private WorkingDayCalendar(Set<LocalDate> holidays, Set<LocalDate> adjustedWorkingDays, boolean statutoryFallback) {
    this.holidays = Set.copyOf(holidays);
    this.adjustedWorkingDays = Set.copyOf(adjustedWorkingDays);
    Set<Integer> years = new HashSet<>();
    holidays.forEach(date -> years.add(date.getYear()));
    adjustedWorkingDays.forEach(date -> years.add(date.getYear()));
    this.publishedYears = Set.copyOf(years);
    this.statutoryFallback = statutoryFallback;
  }

  /** Reads the holiday file: lines {@code yyyy-MM-dd,休|班,说明}; {@code #} starts a comment. */
  public static WorkingDayCalendar read(InputStream csv, String source) throws IOException {
    Set<LocalDate> off = new HashSet<>();
    Set<LocalDate> on = new HashSet<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        String[] cells = text.split(",", 3);
        if (cells.length < 2) {
          throw new IllegalStateException(source + " 第 " + number + " 行格式错误，应为“日期,休/班,说明”：" + text);
        }
        LocalDate date;
        try {
          date = LocalDate.parse(cells[0].strip());
        } catch (DateTimeParseException e) {
          throw new IllegalStateException(source + " 第 " + number + " 行日期无法识别（应为 yyyy-MM-dd）：" + cells[0]);
        }
        switch (cells[1].strip()) {
          case "休" -> off.add(date);
          case "班" -> on.add(date);
          default -> throw new IllegalStateException(
              source + " 第 " + number + " 行类别应为“休”或“班”：" + cells[1]);
        }
      }
    }
    Set<LocalDate> both = new HashSet<>(off);
    both.retainAll(on);
    if (!both.isEmpty()) {
      throw new IllegalStateException(source + " 中以下日期既标为“休”又标为“班”：" + both);
    }
    return new WorkingDayCalendar(off, on);
  }

  /** Monday to Friday, no holidays at all: for measurements that must not depend on the holiday file. */
  public static WorkingDayCalendar weekdaysOnly() {
    return new WorkingDayCalendar(Collections.emptySet(), Collections.emptySet(), false);
  }

  public boolean isWorkingDay(LocalDate date) {
    if (holidays.contains(date)) {
      return false;
    }
    if (adjustedWorkingDays.contains(date)) {
      return true;
    }
    DayOfWeek day = date.getDayOfWeek();
    if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
      return false;
    }
    return !statutoryFallback || isPublished(date.getYear())
        || !statutory.computeIfAbsent(date.getYear(), StatutoryHolidays::of).contains(date);
  }

  /** Whether holidays.csv has the State Council's arrangement for {@code year}. */
  public boolean isPublished(int year) {
    return publishedYears.contains(year);
  }

  /** Whether a period from {@code from} to {@code to} crosses a year whose arrangement is not published yet. */
  public boolean provisional(LocalDate from, LocalDate to) {
    if (!statutoryFallback) {
      return false;
    }
    for (int year = from.getYear(); year <= to.getYear(); year++) {
      if (!isPublished(year)) {
        return true;
      }
    }
    return false;
  }

  /** The last day of the last year holidays.csv covers, or null if it covers none. */
  public LocalDate lastPublishedDay() {
    return publishedYears.stream().max(Integer::compare).map(year -> LocalDate.of(year, 12, 31)).orElse(null);
  }

  /** The first day on or after {@code day} that holidays.csv does not cover: deadlines from there are provisional. */
  public LocalDate firstUnpublishedDay(LocalDate day) {
    int year = day.getYear();
    while (isPublished(year)) {
      year++;
    }
    return year == day.getYear() ? day : LocalDate.of(year, 1, 1);
  }

  /**
   * The date on which a period of {@code days} working days that starts on {@code start} ends.
   * The start day itself is not counted (期间开始之日不计算在期间内); zero days ends on the start day.
   */
  public LocalDate addWorkingDays(LocalDate start, int days) {
    if (days < 0) {
      throw new IllegalArgumentException("days must not be negative: " + days);
    }
    LocalDate date = start;
    int counted = 0;
    while (counted < days) {
      date = date.plusDays(1);
      if (isWorkingDay(date)) {
        counted++;
      }
    }
    return date;
  }

  /** How many working days lie after {@code from} up to and including {@code to}; zero if {@code to} is not later. */
  public int workingDaysBetween(LocalDate from, LocalDate to) {
    int count = 0;
    for (LocalDate date = from.plusDays(1); !date.isAfter(to); date = date.plusDays(1)) {
      if (isWorkingDay(date)) {
        count++;
      }
    }
    return count;
  }
}
