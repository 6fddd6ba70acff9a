package cn.township.workflow.forwarding;

import cn.township.workflow.casefile.DataFile;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.security.ModelFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * How long a 双向考核评议 task stays open in Tasklist, as the analysts' table {@code processes/mutual-evaluation.csv}
 * sets it (working days). Not a statutory period: when it passes the task ends unrated and the case is not touched.
 * The model calls it for the task's due date and the timer that ends the task, so both read the same figure:
 * {@code ${evaluationPeriods.dueFromNow('county-handling')}}.
 */
@Component("evaluationPeriods")
@ModelFunctions
public class EvaluationPeriods {

  static final String FILE = "processes/mutual-evaluation.csv";

  private final Deadlines deadlines;
  private final Map<String, Integer> workingDays;

  public EvaluationPeriods(Deadlines deadlines) {
    this.deadlines = deadlines;
    this.workingDays = read();
  }

  static Map<String, Integer> read() {
    Map<String, Integer> days = new LinkedHashMap<>();
    try {
      for (DataFile.Row row : DataFile.read(FILE)) {
        String[] cells = row.fields();
        Integer value = cells.length == 3 && cells[2].matches("\\d{1,2}") ? Integer.valueOf(cells[2]) : null;
        boolean known = cells.length == 3 && MutualEvaluations.Direction.COUNTY_HANDLING.path.equals(cells[0]);
        if (value == null || value < 1 || value > 60 || !known) {
          throw new IllegalStateException(FILE + " 第 " + row.line() + " 行无法识别（应为 评议,名称,工作日；评议为 "
              + MutualEvaluations.Direction.COUNTY_HANDLING.path + "，工作日为 1–60）：" + String.join(",", cells));
        }
        days.put(cells[0], value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!days.containsKey(MutualEvaluations.Direction.COUNTY_HANDLING.path)) {
      throw new IllegalStateException(FILE + " 缺少 " + MutualEvaluations.Direction.COUNTY_HANDLING.path + " 的评议期。");
    }
    return Map.copyOf(days);
  }

  /** The working days of an evaluation's period (county-handling). */
  public int workingDays(String evaluation) {
    Integer days = workingDays.get(evaluation);
    if (days == null) {
      throw new IllegalArgumentException(FILE + " 中没有评议期 " + evaluation);
    }
    return days;
  }

  /** The end of the working day the period ends on, counted from today. */
  public Date dueFromNow(String evaluation) {
    return deadlines.workingDaysFromNow(workingDays(evaluation));
  }
}
