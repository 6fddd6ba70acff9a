package cn.township.workflow.catalog;

import cn.hutool.core.date.ChineseDate;
import cn.hutool.core.date.chinese.SolarTerms;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

/**
 * The days off that 《全国年节及纪念日放假办法》 (2024 revision, 第二条) gives everybody, for a year whose State Council
 * notice is not yet in holidays.csv: 元旦 1 January; 春节 4 days, 除夕 and 正月初一至初三; 清明 1 day (the solar term);
 * 劳动节 1 and 2 May; 端午 1 day (五月初五); 中秋 1 day (八月十五); 国庆 1 to 3 October. A holiday that falls on a Saturday
 * or Sunday is made up on a working day (补假, 第六条): counted here on the first weekday after it that is not itself
 * off, where the State Council's notices put it. Only the 调休 swaps stay unknown until published, which is why a
 * deadline reaching such a year is marked provisional. Lunar dates and 清明 come from hutool's Chinese calendar
 * (tables 1900 to 2100; StatutoryHolidaysTest checks them against an astronomical calendar).
 */
public final class StatutoryHolidays {

  /** 清明 is the 7th of the 24 solar terms counted from 小寒 (hutool's numbering). */
  private static final int QINGMING = 7;
  static final int FIRST_YEAR = 1901;
  static final int LAST_YEAR = 2099;

  private StatutoryHolidays() {}

  /** Every day off for everybody in {@code year}, 补假 included. */
  public static Set<LocalDate> of(int year) {
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw new IllegalStateException("无法推算" + year + "年的法定节假日（农历表只覆盖" + FIRST_YEAR + "–" + LAST_YEAR
          + "年），请在 processes/holidays.csv 中录入该年的安排。");
    }
    Set<LocalDate> festivals = new TreeSet<>();
    festivals.add(LocalDate.of(year, 1, 1));
    LocalDate springFestival = lunar(year, 1, 1);
    festivals.add(springFestival.minusDays(1)); // 除夕: the last day of the lunar year, 廿九 or 三十
    for (int day = 0; day < 3; day++) {
      festivals.add(springFestival.plusDays(day));
    }
    festivals.add(LocalDate.of(year, 4, SolarTerms.getTerm(year, QINGMING)));
    festivals.add(LocalDate.of(year, 5, 1));
    festivals.add(LocalDate.of(year, 5, 2));
    festivals.add(lunar(year, 5, 5));
    festivals.add(lunar(year, 8, 15));
    for (int day = 1; day <= 3; day++) {
      festivals.add(LocalDate.of(year, 10, day));
    }
    Set<LocalDate> off = new TreeSet<>(festivals);
    for (LocalDate festival : festivals) {
      if (weekend(festival)) {
        LocalDate makeUp = festival.plusDays(1);
        while (weekend(makeUp) || off.contains(makeUp)) {
          makeUp = makeUp.plusDays(1);
        }
        off.add(makeUp);
      }
    }
    return off;
  }

  /** The Gregorian date of a day of an ordinary (not leap) lunar month: 2028 has a leap fifth month, 端午 is in the first. */
  static LocalDate lunar(int year, int month, int day) {
    ChineseDate date = new ChineseDate(year, month, day, false);
    return LocalDate.of(date.getGregorianYear(), date.getGregorianMonthBase1(), date.getGregorianDay());
  }

  private static boolean weekend(LocalDate date) {
    return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
  }
}
