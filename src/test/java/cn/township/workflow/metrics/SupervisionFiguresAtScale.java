package cn.township.workflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.metrics.SupervisionFigures.Filter;
import cn.township.workflow.system.Townships;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
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
  static final int OPEN = 2_000;
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 24, 10, 0, 0, 0, ZONE);
  static final String[] PROCEDURES = {"delegated-review", "delegated-review", "delegated-review", "delegated-review",
      "delegated-review", "delegated-review", "delegated-review", "forward-to-county", "forward-to-county",
      "joint-enforcement", "major-decision"};
  static final String[] LEVELS = {"VERY_SATISFIED", "VERY_SATISFIED", "SATISFIED", "SATISFIED", "BASICALLY_SATISFIED",
      "DISSATISFIED", "VERY_DISSATISFIED"};

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
        RETURNS_DEEP_STUBS), new Townships(List.of(new Townships.Township("qingshan", "青山镇", "QS", null),
        new Townships.Township("baishi", "白石乡", "BS", null)), "Asia/Shanghai"));
    Instant monthStart = NOW.withDayOfMonth(1).toLocalDate().atStartOfDay(ZONE).toInstant();
    Instant yearStart = NOW.withDayOfYear(1).toLocalDate().atStartOfDay(ZONE).toInstant();
    Instant end = NOW.plusDays(1).toInstant();
    List<String[]> rows = new ArrayList<>();
    for (Object[] scope : new Object[][] {{"one township, this month", List.of("qingshan"), monthStart},
        {"one township, this year", List.of("qingshan"), yearStart},
        {"whole county, this year", List.of("qingshan", "baishi"), yearStart}}) {
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

  /** Cases over the past three years, 2 000 of them open (some overdue), four steps each. */
  static void load(DataSource dataSource) throws Exception {
    Random random = new Random(42);
    long span = Duration.ofDays(3 * 365).toSeconds();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement cases = connection.prepareStatement("INSERT INTO tw_case_fact (process_instance_id, "
              + "procedure_key, township_id, case_no, matter_code, matter_name, started_at, completed_at, ended_at, "
              + "end_key, end_name, limit_days, due_at, clock_paused, on_time, handling_days, waiting_level, "
              + "waiting_since, rating_level, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
           PreparedStatement steps = connection.prepareStatement("INSERT INTO tw_step_fact (id, process_instance_id, "
               + "procedure_key, township_id, matter_code, step_process_key, step_key, step_name, kind, holder, "
               + "started_at, due_at, ended_at, outcome, working_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < CASES + OPEN; i++) {
          boolean open = i >= CASES;
          String id = UUID.randomUUID().toString();
          String procedure = PROCEDURES[random.nextInt(PROCEDURES.length)];
          String township = random.nextBoolean() ? "qingshan" : "baishi";
          Instant started = open ? NOW.minusDays(random.nextInt(60)).toInstant()
              : NOW.toInstant().minusSeconds(span - (long) ((double) i / CASES * span) + 86_400 * 30);
          Instant completed = open ? null : started.plusSeconds(86_400L * (1 + random.nextInt(30)));
          Instant due = started.plusSeconds(86_400L * 28);
          String rating = !open && random.nextInt(10) < 8 ? LEVELS[random.nextInt(LEVELS.length)] : null;
          int p = 1;
          cases.setString(p++, id);
          cases.setString(p++, procedure);
          cases.setString(p++, township);
          cases.setString(p++, "QS-" + i);
          cases.setString(p++, "RURAL_HOMESTEAD");
          cases.setString(p++, "农村村民宅基地审批");
          cases.setTimestamp(p++, Timestamp.from(started));
          cases.setTimestamp(p++, completed == null ? null : Timestamp.from(completed));
          cases.setTimestamp(p++, completed == null ? null : Timestamp.from(completed));
          cases.setString(p++, open ? null : "End_Issued");
          cases.setString(p++, open ? null : "已出件");
          cases.setInt(p++, 20);
          cases.setTimestamp(p++, Timestamp.from(due));
          cases.setBoolean(p++, false);
          cases.setObject(p++, open ? null : completed.isBefore(due));
          cases.setObject(p++, open ? null : 1 + random.nextInt(25));
          boolean waiting = open && procedure.equals("forward-to-county");
          cases.setString(p++, waiting ? "county" : null);
          cases.setTimestamp(p++, waiting ? Timestamp.from(started) : null);
          cases.setString(p++, rating);
          cases.setTimestamp(p++, rating == null ? null : Timestamp.from(completed));
          cases.addBatch();
          String[] keys = {"Task_CheckCompleteness", "Task_Review", "Task_LeaderSignOff",
              procedure.equals("forward-to-county") && random.nextInt(10) == 0 ? "End_DeemedAgreed" : "Task_IssueAtWindow"};
          int stepCount = open ? 2 : keys.length;
          for (int s = 0; s < stepCount; s++) {
            boolean last = open && s == stepCount - 1;
            Instant stepStart = started.plusSeconds(86_400L * s);
            Instant stepEnd = last ? null : (completed == null ? stepStart.plusSeconds(86_400) : completed.minusSeconds(
                86_400L * (keys.length - 1 - s)));
            int q = 1;
            steps.setString(q++, UUID.randomUUID().toString());
            steps.setString(q++, id);
            steps.setString(q++, procedure);
            steps.setString(q++, township);
            steps.setString(q++, "RURAL_HOMESTEAD");
            steps.setString(q++, procedure);
            steps.setString(q++, keys[s]);
            steps.setString(q++, keys[s]);
            steps.setString(q++, keys[s].startsWith("End_") ? "END" : "TASK");
            steps.setString(q++, "reviewer");
            steps.setTimestamp(q++, Timestamp.from(stepStart));
            steps.setTimestamp(q++, Timestamp.from(due));
            steps.setTimestamp(q++, stepEnd == null ? null : Timestamp.from(stepEnd));
            steps.setString(q++, stepEnd == null ? null : "completed");
            steps.setObject(q++, stepEnd == null ? null : random.nextInt(6));
            steps.addBatch();
          }
          if (i % 5_000 == 4_999) {
            cases.executeBatch();
            steps.executeBatch();
            connection.commit();
          }
        }
        cases.executeBatch();
        steps.executeBatch();
        connection.commit();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT 1");
      }
    }
  }
}
