package cn.township.workflow.catalog;

import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The periods statutes set (行政许可法, 重大行政决策程序暂行条例, 国办发〔2019〕51号), from the analysts' table
 * {@code processes/statutory-periods.dmn}: the one home of each figure, read by the timers (through
 * {@link Deadlines#periodFromNow}), by the checks and by the notices alike.
 */
@Component
public class StatutoryPeriods {

  static final String DECISION_KEY = "statutory-periods";

  /** A period: {@code days} working days (不含法定节假日) or calendar days, and where the law sets it. */
  public record Period(String key, String name, int days, boolean workingDays, String legalBasis) {

    /** As printed on notices: "7日", "10个工作日". */
    public String text() {
      return days + (workingDays ? "个工作日" : "日");
    }
  }

  private final DecisionTables tables;

  public StatutoryPeriods(DecisionTables tables) {
    this.tables = tables;
  }

  public Period get(String key) {
    Map<String, Object> row = tables.row(DECISION_KEY, Map.of("period", key)).orElseThrow(() ->
        new IllegalStateException("法定期限表 statutory-periods.dmn 中没有期限“" + key + "”，请分析员补全。"));
    if (!(row.get("days") instanceof Number days) || days.intValue() < 0) {
      throw new IllegalStateException("法定期限表中“" + key + "”的天数缺失或为负数，请分析员更正 statutory-periods.dmn。");
    }
    String unit = String.valueOf(row.get("unit"));
    if (!unit.equals("工作日") && !unit.equals("日")) {
      throw new IllegalStateException("法定期限表中“" + key + "”的单位应为“工作日”或“日”：" + unit);
    }
    return new Period(key, (String) row.get("periodName"), days.intValue(), unit.equals("工作日"),
        (String) row.get("legalBasis"));
  }
}
