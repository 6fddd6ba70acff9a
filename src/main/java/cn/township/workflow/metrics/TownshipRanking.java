package cn.township.workflow.metrics;

import cn.township.workflow.metrics.SupervisionFigures.Filter;
import cn.township.workflow.system.Townships.Township;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * 乡镇排名 for the county's 绩效考核: each township's on-time rate, average working days, good-rating rate, open bad
 * ratings and overdue cases, turned into points and a weighted score. Which figures count, in which direction and
 * with which weight is the analysts' table {@code processes/township-ranking.csv}.
 */
@Component
public class TownshipRanking {

  static final String CRITERIA_FILE = "processes/township-ranking.csv";

  /** One line of township-ranking.csv. */
  public record Criterion(String figure, String label, boolean higherIsBetter, double weight) {}

  private final SupervisionFigures figures;
  private final List<Criterion> criteria;

  public TownshipRanking(SupervisionFigures figures) {
    this.figures = figures;
    this.criteria = read();
  }

  static List<Criterion> read() {
    List<Criterion> criteria = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new ClassPathResource(CRITERIA_FILE).getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != 4 || !List.of("高", "低").contains(cells[2].strip())
            || !FIGURES.contains(cells[0].strip())) {
          throw new IllegalStateException(CRITERIA_FILE + " 的这一行无法识别（应为 指标,名称,高/低,权重；指标为 "
              + FIGURES + " 之一）：" + line);
        }
        double weight = Double.parseDouble(cells[3].strip());
        if (weight < 0) {
          throw new IllegalStateException(CRITERIA_FILE + " 的权重不能为负：" + line);
        }
        criteria.add(new Criterion(cells[0].strip(), cells[1].strip(), "高".equals(cells[2].strip()), weight));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(criteria);
  }

  /** The figures the table may name. */
  static final List<String> FIGURES = List.of("onTimeRate", "avgHandlingDays", "goodRate", "openBadRatings",
      "overdueNow");

  /** Figures that are rates (shown as percentages). */
  static final List<String> RATES = List.of("onTimeRate", "goodRate");

  /** 30.0 → "30", 12.5 → "12.5". */
  static String weight(double weight) {
    return weight == Math.rint(weight) ? String.valueOf((long) weight) : String.valueOf(weight);
  }

  public List<Criterion> criteria() {
    return criteria;
  }

  /** The townships ranked best first, for the period, procedure and matter of {@code filter}. */
  public Map<String, Object> rank(List<Township> townships, Filter filter) {
    Filter all = new Filter(townships.stream().map(Township::id).toList(), filter.procedure(), filter.matter(),
        filter.from(), filter.to());
    Map<String, Map<String, Object>> byTownship = figures.townshipFigures(all); // grouped: one query per figure
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Township township : townships) {
      Map<String, Object> found = byTownship.get(township.id());
      Map<String, Object> values = new LinkedHashMap<>();
      for (String figure : FIGURES) {
        values.put(figure, found.get(figure));
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("township", township.id());
      row.put("townshipName", township.name());
      row.put("figures", values);
      values.put("withTimeLimit", found.get("withTimeLimit")); // shown beside the rates, not ranked
      values.put("rated", found.get("rated"));
      // a township without a case accepted or 办结 in the period has nothing to be judged by: not ranked
      row.put("casesInPeriod", (Long) found.get("accepted") + (Long) found.get("completed"));
      rows.add(row);
    }
    List<Map<String, Object>> ranked = rows.stream().filter(r -> (Long) r.get("casesInPeriod") > 0).toList();
    for (Map<String, Object> row : rows) {
      Map<String, Object> points = new LinkedHashMap<>();
      double weighted = 0;
      double weights = 0;
      for (Criterion criterion : criteria) {
        Double point = !ranked.contains(row) ? null : points(criterion, value(row, criterion.figure()),
            ranked.stream().map(r -> value(r, criterion.figure())).filter(Objects::nonNull).toList());
        points.put(criterion.figure(), point);
        if (point != null && criterion.weight() > 0) {
          weighted += criterion.weight() * point;
          weights += criterion.weight();
        }
      }
      row.put("points", points);
      row.put("score", weights == 0 ? null : Math.round(10 * weighted / weights) / 10.0);
    }
    rows.sort(Comparator.comparing((Map<String, Object> r) -> (Double) r.get("score"),
        Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(r -> (String) r.get("township")));
    for (int i = 0; i < rows.size(); i++) {
      Double score = (Double) rows.get(i).get("score");
      boolean tied = i > 0 && Objects.equals(score, rows.get(i - 1).get("score"));
      rows.get(i).put("rank", score == null ? null : tied ? rows.get(i - 1).get("rank") : i + 1);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("criteria", criteria.stream().map(c -> Map.of("figure", c.figure(), "label", c.label(),
        "direction", c.higherIsBetter() ? "高" : "低", "weight", c.weight())).toList());
    result.put("townships", rows);
    return result;
  }

  private static Double value(Map<String, Object> row, String figure) {
    Object value = ((Map<?, ?>) row.get("figures")).get(figure);
    return value == null ? null : ((Number) value).doubleValue();
  }

  /** 0–100: the best township 100, the worst 0, in between by proportion; all equal: 100; no figure: none. */
  static Double points(Criterion criterion, Double value, List<Double> all) {
    if (value == null) {
      return null;
    }
    double best = criterion.higherIsBetter() ? all.stream().mapToDouble(d -> d).max().orElseThrow()
        : all.stream().mapToDouble(d -> d).min().orElseThrow();
    double worst = criterion.higherIsBetter() ? all.stream().mapToDouble(d -> d).min().orElseThrow()
        : all.stream().mapToDouble(d -> d).max().orElseThrow();
    if (best == worst) {
      return 100.0;
    }
    return Math.round(1000 * (value - worst) / (best - worst)) / 10.0;
  }
}
