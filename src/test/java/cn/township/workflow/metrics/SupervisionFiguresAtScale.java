package cn.township.workflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.metrics.SupervisionFigures.Filter;
import cn.township.workflow.system.Townships;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Not part of {@code mvn test}: the supervision queries with a million finished cases (and four million steps) in
 * the reporting tables, on H2 and on PostgreSQL. Run with
 * {@code mvn test -Dtest=SupervisionFiguresAtScale -Dscale=true}; prints the time of each query and its plan.
 */
@EnabledIfSystemProperty(named = "scale", matches = "true")
class SupervisionFiguresAtScale {

  static final int CASES = Integer.getInteger("scale.cases", 1_000_000);
  static final int YEARS = Integer.getInteger("scale.years", 3);
  static final int OPEN = Integer.getInteger("scale.open", Math.max(2_000, CASES / 60));
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 24, 10, 0, 0, 0, ZONE);

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void h2() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:scale;DB_CLOSE_DELAY=-1");
    measure("H2 " + org.h2.engine.Constants.VERSION, h2);
  }

  @Test
  void postgres() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      measure("PostgreSQL (embedded)", postgres.getPostgresDatabase());
    }
  }

  void measure(String database, DataSource dataSource) throws Exception {
    ClockUtil.setCurrentTime(java.util.Date.from(NOW.toInstant()));
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    schema(dataSource);
    long loadStart = System.nanoTime();
    load(dataSource);
    if (database.startsWith("PostgreSQL")) {
      jdbc.execute("ANALYZE");
    }
    System.out.printf("%n== %s: %,d cases, %,d steps loaded in %d s%n", database,
        jdbc.queryForObject("SELECT COUNT(*) FROM tw_case_fact", Long.class),
        jdbc.queryForObject("SELECT COUNT(*) FROM tw_step_fact", Long.class),
        Duration.ofNanos(System.nanoTime() - loadStart).toSeconds());

    SupervisionFigures figures = new SupervisionFigures(new NamedParameterJdbcTemplate(dataSource),
        new Deadlines(ZONE), mock(RepositoryService.class, RETURNS_DEEP_STUBS), mock(IdentityService.class,
        RETURNS_DEEP_STUBS), ReportingTablesAtScale.TOWNSHIPS);
    Instant monthStart = NOW.withDayOfMonth(1).toLocalDate().atStartOfDay(ZONE).toInstant();
    Instant yearStart = NOW.withDayOfYear(1).toLocalDate().atStartOfDay(ZONE).toInstant();
    Instant end = NOW.plusDays(1).toInstant();
    List<String[]> rows = new ArrayList<>();
    for (Object[] scope : new Object[][] {{"one township, this month", List.of("qingshan"), monthStart},
        {"one township, this year", List.of("qingshan"), yearStart},
        {"whole county, this year", ReportingTablesAtScale.TOWNSHIPS.townships().stream()
            .map(Townships.Township::id).toList(), yearStart}}) {
      @SuppressWarnings("unchecked") Filter filter = new Filter((List<String>) scope[1], null, null,
          (Instant) scope[2], end);
      rows.add(time(scope[0] + ": cases", () -> figures.cases(filter)));
      rows.add(time(scope[0] + ": overdue", () -> figures.overdue(filter)));
      rows.add(time(scope[0] + ": steps", () -> figures.steps(filter)));
      rows.add(time(scope[0] + ": ratings", () -> figures.ratings(filter)));
      rows.add(time(scope[0] + ": enforcement", () -> figures.enforcement(filter)));
      rows.add(time(scope[0] + ": decisions", () -> figures.decisions(filter)));
      rows.add(time(scope[0] + ": forwarding", () -> figures.forwarding(filter)));
    }
    System.out.println("| query | median ms | max ms (5 runs) |");
    System.out.println("|---|---|---|");
    rows.forEach(r -> System.out.printf("| %s | %s | %s |%n", r[0], r[1], r[2]));
    String explain = database.startsWith("H2") ? "EXPLAIN " : "EXPLAIN ";
    for (String sql : List.of(
        "SELECT COUNT(*) FROM tw_case_fact c WHERE c.township_id IN ('qingshan') AND c.completed_at >= TIMESTAMP '2026-11-01 00:00:00' AND c.completed_at < TIMESTAMP '2026-11-25 00:00:00'",
        "SELECT COUNT(*) FROM tw_case_fact c WHERE c.township_id IN ('qingshan') AND c.completed_at IS NULL",
        "SELECT COUNT(*) FROM tw_step_fact s WHERE s.step_key = 'End_DeemedAgreed' AND s.township_id IN ('qingshan') AND s.ended_at >= TIMESTAMP '2026-01-01 00:00:00'",
        // the county's year (the 考核 report): steps from the covering index V76, the overdue list's open steps
        "SELECT s.procedure_key, s.step_process_key, s.step_key, s.working_days, MAX(s.step_name), COUNT(*) FROM tw_step_fact s WHERE s.ended_at >= TIMESTAMP '2026-01-01 00:00:00' AND s.ended_at < TIMESTAMP '2026-11-25 00:00:00' AND s.kind = 'TASK' AND s.outcome = 'completed' GROUP BY s.procedure_key, s.step_process_key, s.step_key, s.working_days",
        "SELECT s.process_instance_id, s.step_name, s.holder FROM tw_step_fact s WHERE s.ended_at IS NULL AND s.kind = 'TASK' ORDER BY s.started_at")) {
      System.out.println("plan: " + sql);
      jdbc.queryForList(explain + sql).forEach(row -> System.out.println("   " + row.values().toString().replaceAll("\\s+", " ")));
    }
    Object accepted = ((java.util.Map<?, ?>) figures.cases(new Filter(List.of("qingshan"), null, null, yearStart, end))
        .get("total")).get("accepted");
    assertThat((Long) accepted).isPositive();
  }

  static String[] time(String name, Supplier<Object> query) {
    query.get(); // warm up
    long[] ms = new long[5];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      query.get();
      ms[i] = Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
    Arrays.sort(ms);
    return new String[] {name, String.valueOf(ms[2]), String.valueOf(ms[4])};
  }

  /**
   * The reporting tables as the application builds them: our Flyway migrations (the common ones; those under h2/
   * and postgresql/ concern the engine's tables, which these measurements do not have).
   */
  static void schema(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common").load().migrate();
  }

  /** {@link #CASES} finished cases over the past {@link #YEARS} years and {@link #OPEN} open ones: {@link ReportingTablesAtScale}. */
  static void load(DataSource dataSource) throws Exception {
    new ReportingTablesAtScale(CASES, OPEN, YEARS, NOW).load(dataSource);
  }
}
