package cn.township.workflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Average and p90 from day counts agree with SQL's AVG and PERCENTILE_CONT over the rows. */
class WorkingDayDistributionTest {

  @Test
  void averageAndPercentileAsSqlWouldCompute() {
    WorkingDayDistribution days = new WorkingDayDistribution();
    // rows 1, 2, 2, 3, 10: PERCENTILE_CONT(0.9) = 3 + 0.6 * (10 - 3) = 7.2, AVG = 3.6
    days.add(2, 2);
    days.add(10, 1);
    days.add(1, 1);
    days.add(3, 1);
    assertThat(days.total()).isEqualTo(5);
    assertThat(days.average()).isEqualTo(3.6);
    assertThat(days.percentile(0.9)).isEqualTo(7.2);
    assertThat(days.percentile(0.5)).isEqualTo(2.0);
  }

  @Test
  void nothingCountedGivesNoFigure() {
    WorkingDayDistribution none = new WorkingDayDistribution();
    assertThat(none.average()).isNull();
    assertThat(none.percentile(0.9)).isNull();
    WorkingDayDistribution one = new WorkingDayDistribution();
    one.add(4, 1);
    assertThat(one.percentile(0.9)).isEqualTo(4.0);
  }
}
