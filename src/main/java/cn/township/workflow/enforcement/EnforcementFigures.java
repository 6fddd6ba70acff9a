package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.DecisionTables;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Every period, amount and rate of the enforcement procedures comes from the analysts' table
 * {@code processes/enforcement-figures.dmn} (one row a figure, with its unit and legal basis): the timers, the checks
 * and the documents read the same row, so a figure cannot drift between them. The unit decides how a period is
 * counted: 工作日 (行政处罚法第八十五条, 行政强制法第六十九条), 日 or 月 ({@link Deadlines#daysAfter}).
 */
@Component
public class EnforcementFigures {

  static final String DECISION_KEY = "enforcement-figures";

  /** What a figure measures, and so which units its row may have. */
  enum Kind {
    PERIOD(Set.of(Unit.WORKING_DAYS, Unit.DAYS, Unit.MONTHS)), YEARS(Set.of(Unit.YEARS)), AMOUNT(Set.of(Unit.YUAN)),
    PERCENT(Set.of(Unit.PERCENT)), COUNT(Set.of(Unit.PERSONS)), AGE(Set.of(Unit.AGE)), HOUR(Set.of(Unit.HOUR));

    final Set<Unit> units;

    Kind(Set<Unit> units) {
      this.units = units;
    }
  }

  /** The rows the procedures read (the table's 项目 column). */
  public enum Key {
    FILING_PERIOD("filingPeriod", Kind.PERIOD),
    DECISION_PERIOD("decisionPeriod", Kind.PERIOD),
    DECISION_WARNING_PERCENT("decisionWarningPercent", Kind.PERCENT),
    JOINT_FINDINGS_PERIOD("jointFindingsPeriod", Kind.PERIOD),
    MINIMUM_OFFICERS("minimumOfficers", Kind.COUNT),
    LIMITATION_PERIOD("limitationPeriod", Kind.YEARS),
    LIMITATION_PERIOD_SAFETY("limitationPeriodSafety", Kind.YEARS),
    NO_PENALTY_AGE("noPenaltyAge", Kind.AGE),
    LIGHTER_PENALTY_AGE("lighterPenaltyAge", Kind.AGE),
    SUMMARY_FINE_CITIZEN("summaryFineCitizen", Kind.AMOUNT),
    SUMMARY_FINE_ORGANIZATION("summaryFineOrganization", Kind.AMOUNT),
    ON_THE_SPOT_COLLECTION_MAXIMUM("onTheSpotCollectionMaximum", Kind.AMOUNT),
    HAND_IN_PERIOD("handInPeriod", Kind.PERIOD),
    BANK_DEPOSIT_PERIOD("bankDepositPeriod", Kind.PERIOD),
    RESPONSE_PERIOD("responsePeriod", Kind.PERIOD),
    HEARING_NOTICE_PERIOD("hearingNoticePeriod", Kind.PERIOD),
    HEARING_FINE_CITIZEN("hearingFineCitizen", Kind.AMOUNT),
    HEARING_FINE_ORGANIZATION("hearingFineOrganization", Kind.AMOUNT),
    HEARING_CONFISCATION_CITIZEN("hearingConfiscationCitizen", Kind.AMOUNT),
    HEARING_CONFISCATION_ORGANIZATION("hearingConfiscationOrganization", Kind.AMOUNT),
    SERVICE_PERIOD("servicePeriod", Kind.PERIOD),
    PUBLICATION_PERIOD("publicationPeriod", Kind.PERIOD),
    PAYMENT_PERIOD("paymentPeriod", Kind.PERIOD),
    SURCHARGE_PERCENT_PER_DAY("surchargePercentPerDay", Kind.PERCENT),
    SURCHARGE_CAP_PERCENT("surchargeCapPercent", Kind.PERCENT),
    RECONSIDERATION_PERIOD("reconsiderationPeriod", Kind.PERIOD),
    LAWSUIT_PERIOD("lawsuitPeriod", Kind.PERIOD),
    LAWSUIT_AFTER_RECONSIDERATION_PERIOD("lawsuitAfterReconsiderationPeriod", Kind.PERIOD),
    DEMAND_PERIOD("demandPeriod", Kind.PERIOD),
    COURT_APPLICATION_PERIOD("courtApplicationPeriod", Kind.PERIOD),
    SELF_DEMOLITION_PERIOD("selfDemolitionPeriod", Kind.PERIOD),
    EXECUTION_DAY_STARTS_HOUR("executionDayStartsHour", Kind.HOUR),
    EXECUTION_DAY_ENDS_HOUR("executionDayEndsHour", Kind.HOUR);

    public final String row;
    final Kind kind;

    Key(String row, Kind kind) {
      this.row = row;
      this.kind = kind;
    }
  }

  /** The table's units, and how a document prints a value in each. */
  public enum Unit {
    WORKING_DAYS("工作日", "个工作日"), DAYS("日", "日"), MONTHS("月", "个月"), YEARS("年", "年"), YUAN("元", "元"),
    PERCENT("%", "%"), PERSONS("人", "人"), AGE("周岁", "周岁"), HOUR("时", "时");

    final String cell;
    final String printed;

    Unit(String cell, String printed) {
      this.cell = cell;
      this.printed = printed;
    }

    static Unit of(String cell, Key key) {
      for (Unit unit : values()) {
        if (unit.cell.equals(cell)) {
          return unit;
        }
      }
      throw new IllegalStateException("执法期限和数额表（enforcement-figures.dmn）“" + key.row + "”一行的单位“" + cell
          + "”无法识别，应为工作日、日、月、年、元、%、人、周岁或时。");
    }
  }

  /** One row: the value, its unit, what it means and the law it comes from. */
  public record Figure(Key key, BigDecimal value, Unit unit, String label, String basis) {

    public int whole() {
      return value.intValue();
    }

    /** As documents print it: 5个工作日, 15日, 6个月, 200元, 3%. */
    public String text() {
      return value.stripTrailingZeros().toPlainString() + unit.printed;
    }

    /** The whole part of this period that a percentage figure is (80 % of 90 日: 72 日). */
    public Figure share(Figure percent) {
      return new Figure(key, value.multiply(percent.fraction()).setScale(0, java.math.RoundingMode.DOWN), unit, label,
          basis);
    }

    /** A percentage as a fraction (3 % → 0.03). */
    public BigDecimal fraction() {
      return value.movePointLeft(2);
    }
  }

  private final DecisionTables tables;
  private final Deadlines deadlines;

  public EnforcementFigures(DecisionTables tables, Deadlines deadlines) {
    this.tables = tables;
    this.deadlines = deadlines;
  }

  public Figure get(Key key) {
    Map<String, Object> row = tables.row(DECISION_KEY, Map.of("figure", key.row)).orElseThrow(() ->
        new IllegalStateException("执法期限和数额表（enforcement-figures.dmn）缺少“" + key.row + "”一行，请分析员补全。"));
    if (!(row.get("value") instanceof Number value)) {
      throw new IllegalStateException("执法期限和数额表（enforcement-figures.dmn）“" + key.row + "”一行缺少数值。");
    }
    Unit unit = Unit.of(String.valueOf(row.get("unit")), key);
    if (!key.kind.units.contains(unit)) {
      throw new IllegalStateException("执法期限和数额表（enforcement-figures.dmn）“" + key.row + "”一行的单位不能是“"
          + unit.cell + "”。");
    }
    return new Figure(key, new BigDecimal(value.toString()), unit, (String) row.get("label"), (String) row.get("basis"));
  }

  /** The end of the period {@code key} that starts on {@code start} (the start day not counted), as its unit counts. */
  public Date periodEnd(Key key, LocalDate start) {
    return periodEnd(get(key), start);
  }

  public Date periodEnd(Figure period, LocalDate start) {
    return switch (period.unit()) {
      case WORKING_DAYS -> deadlines.workingDaysAfter(start, period.whole());
      case DAYS -> deadlines.daysAfter(start, period.whole());
      case MONTHS -> deadlines.monthsAfter(start, period.whole());
      default -> throw new IllegalStateException(period.key().row + " is not a period");
    };
  }
}
