package cn.township.workflow.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many cases (or steps) took how many working days. The database only counts per whole number of days (a
 * hash aggregate, no sort of every row), and the average and percentiles are read from these counts here.
 */
final class WorkingDayDistribution {

  private final TreeMap<Integer, Long> counts = new TreeMap<>();
  private long total;

  void add(int days, long count) {
    counts.merge(days, count, Long::sum);
    total += count;
  }

  void addAll(WorkingDayDistribution other) {
    other.counts.forEach(this::add);
  }

  long total() {
    return total;
  }

  Double average() {
    if (total == 0) {
      return null;
    }
    double sum = 0;
    for (Map.Entry<Integer, Long> entry : counts.entrySet()) {
      sum += (double) entry.getKey() * entry.getValue();
    }
    return Math.round(10 * sum / total) / 10.0;
  }

  /** The continuous percentile, as SQL's PERCENTILE_CONT: interpolated between the two nearest ranks. */
  Double percentile(double fraction) {
    if (total == 0) {
      return null;
    }
    double position = fraction * (total - 1);
    long lower = (long) Math.floor(position);
    double below = valueAt(lower);
    double above = valueAt(Math.min(lower + 1, total - 1));
    return Math.round(10 * (below + (above - below) * (position - lower))) / 10.0;
  }

  /** The value of the {@code rank}-th smallest entry (0-based). */
  private int valueAt(long rank) {
    long seen = 0;
    for (Map.Entry<Integer, Long> entry : counts.entrySet()) {
      seen += entry.getValue();
      if (rank < seen) {
        return entry.getKey();
      }
    }
    return counts.lastKey();
  }
}
