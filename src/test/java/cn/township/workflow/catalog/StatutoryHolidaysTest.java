package cn.township.workflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.time4j.PlainDate;
import net.time4j.calendar.ChineseCalendar;
import net.time4j.calendar.EastAsianMonth;
import net.time4j.calendar.EastAsianYear;
import net.time4j.calendar.SolarTerm;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The statutory holidays of 《全国年节及纪念日放假办法》 for a year holidays.csv does not cover yet. */
class StatutoryHolidaysTest {

  @Test
  void everyComputedHolidayOfThePublishedYearsIsOffInTheStateCouncilsArrangement() throws IOException {
    List<String> off = new ArrayList<>();
    try (InputStream in = new ClassPathResource(Deadlines.HOLIDAY_FILE).getInputStream()) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.contains(",休,")) {
          off.add(line.substring(0, 10));
        }
      }
    }
    for (int year : new int[] {2025, 2026}) {
      assertThat(StatutoryHolidays.of(year)).as("%d: the festivals and their make-up days", year)
          .allSatisfy(day -> assertThat(off).contains(day.toString()));
    }
  }

  @Test
  void twentyTwentySevenHasItsFestivalsAndMakeUpDaysForThoseOnAWeekend() {
    assertThat(StatutoryHolidays.of(2027)).containsExactly(
        LocalDate.of(2027, 1, 1),                                                     // 元旦, Friday
        LocalDate.of(2027, 2, 5), LocalDate.of(2027, 2, 6), LocalDate.of(2027, 2, 7), // 除夕 Friday, 初一, 初二
        LocalDate.of(2027, 2, 8), LocalDate.of(2027, 2, 9), LocalDate.of(2027, 2, 10), // 初三; 补假 for Sat and Sun
        LocalDate.of(2027, 4, 5),                                                     // 清明, Monday
        LocalDate.of(2027, 5, 1), LocalDate.of(2027, 5, 2),                           // 劳动节 on the weekend
        LocalDate.of(2027, 5, 3), LocalDate.of(2027, 5, 4),                           // and its 补假
        LocalDate.of(2027, 6, 9),                                                     // 端午, Wednesday
        LocalDate.of(2027, 9, 15),                                                    // 中秋, Wednesday
        LocalDate.of(2027, 10, 1), LocalDate.of(2027, 10, 2), LocalDate.of(2027, 10, 3), // 国庆, Fri to Sun
        LocalDate.of(2027, 10, 4), LocalDate.of(2027, 10, 5));                        // 补假
  }

  @Test
  void theDragonBoatFestivalIsInTheOrdinaryFifthMonthOfALeapYear() {
    // 2028 has a leap fifth month (闰五月): 端午 is 五月初五, 2028-05-28, not 闰五月初五 (06-27)
    assertThat(StatutoryHolidays.lunar(2028, 5, 5)).isEqualTo(LocalDate.of(2028, 5, 28));
    assertThat(StatutoryHolidays.of(2028)).contains(LocalDate.of(2028, 5, 28)).doesNotContain(LocalDate.of(2028, 6, 27));
  }

  @Test
  void theLunarDatesAndQingmingAgreeWithAnAstronomicalCalendarForEveryYearAhead() {
    List<String> disagreements = new ArrayList<>();
    for (int year = 2027; year <= StatutoryHolidays.LAST_YEAR; year++) {
      for (int[] day : new int[][] {{1, 1}, {5, 5}, {8, 15}}) {
        PlainDate astronomical = ChineseCalendar.of(EastAsianYear.forGregorian(year), EastAsianMonth.valueOf(day[0]),
            day[1]).transform(PlainDate.axis());
        LocalDate expected = LocalDate.of(astronomical.getYear(), astronomical.getMonth(), astronomical.getDayOfMonth());
        if (!StatutoryHolidays.lunar(year, day[0], day[1]).equals(expected)) {
          disagreements.add(year + " 农历" + day[0] + "月" + day[1] + "日");
        }
      }
      PlainDate qingming = SolarTerm.MINOR_03_QINGMING_015.onOrAfter(ChineseCalendar.ofNewYear(year))
          .transform(PlainDate.axis());
      if (!StatutoryHolidays.of(year).contains(LocalDate.of(year, qingming.getMonth(), qingming.getDayOfMonth()))) {
        disagreements.add(year + " 清明");
      }
    }
    assertThat(disagreements).isEmpty();
  }
}
