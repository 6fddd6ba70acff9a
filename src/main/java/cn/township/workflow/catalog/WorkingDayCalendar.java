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
import java.util.Set;

/**
 * Working days as the State Council's holiday notices define them: Monday to Friday, less the
 * official holidays, plus the adjusted working weekend days (调休上班). The dates come from
 * {@code processes/holidays.csv}, which analysts update each year.
 */
public final class WorkingDayCalendar {

  private final Set<LocalDate> holidays;
  private final Set<LocalDate> adjustedWorkingDays;

  public WorkingDayCalendar(Set<LocalDate> holidays, Set<LocalDate> adjustedWorkingDays) {
    this.holidays = Set.copyOf(holidays);
    this.adjustedWorkingDays = Set.copyOf(adjustedWorkingDays);
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

  public static WorkingDayCalendar weekdaysOnly() {
    return new WorkingDayCalendar(Collections.emptySet(), Collections.emptySet());
  }

  public boolean isWorkingDay(LocalDate date) {
    if (holidays.contains(date)) {
      return false;
    }
    if (adjustedWorkingDays.contains(date)) {
      return true;
    }
    DayOfWeek day = date.getDayOfWeek();
    return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
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
