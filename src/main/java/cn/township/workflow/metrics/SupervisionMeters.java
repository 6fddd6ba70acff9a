package cn.township.workflow.metrics;

import cn.township.workflow.catalog.CalendarUpdate;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.Townships;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.metrics.Meter;
import org.camunda.bpm.engine.management.Metrics;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The key supervision figures and the engine's job-executor metrics for Prometheus ({@code /actuator/prometheus}).
 * Figures are recomputed every {@code township.metrics.refresh-millis} on a background thread (no caller, so no
 * tenant filter: the scrape is for county supervisors and administrators only) and read from memory at scrape.
 */
@Component
@EnableScheduling
public class SupervisionMeters implements MeterBinder {

  /** Procedures a case can be of (root processes), as they appear in tw_case_fact. */
  static final List<String> PROCEDURES = List.of("delegated-review", "forward-to-county", "joint-enforcement",
      "major-decision");
  /** Camunda's own counters of the job executor, exported as camunda_job_*_total. */
  static final List<String> ENGINE_COUNTERS = List.of(Metrics.JOB_ACQUISITION_ATTEMPT, Metrics.JOB_ACQUIRED_SUCCESS,
      Metrics.JOB_ACQUIRED_FAILURE, Metrics.JOB_EXECUTION_REJECTED, Metrics.JOB_SUCCESSFUL, Metrics.JOB_FAILED,
      Metrics.JOB_LOCKED_EXCLUSIVE);

  private final JdbcTemplate jdbc;
  private final Townships townships;
  private final Deadlines deadlines;
  private final ProcessEngine engine;
  private final CalendarUpdate calendar;
  private final Map<String, Double> figures = new ConcurrentHashMap<>();

  public SupervisionMeters(JdbcTemplate jdbc, Townships townships, Deadlines deadlines, ProcessEngine engine,
                           CalendarUpdate calendar) {
    this.jdbc = jdbc;
    this.townships = townships;
    this.deadlines = deadlines;
    this.engine = engine;
    this.calendar = calendar;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Townships.Township township : townships.townships()) {
      for (String procedure : PROCEDURES) {
        Tags tags = Tags.of("township", township.id(), "procedure", procedure);
        gauge(registry, "township.cases.in.progress", "未办结案件数", tags, key("open", township.id(), procedure));
        gauge(registry, "township.cases.overdue", "已超期未办结案件数", tags, key("overdue", township.id(), procedure));
        gauge(registry, "township.cases.completed.this.year", "本年办结案件数", tags,
            key("completed", township.id(), procedure));
        gauge(registry, "township.cases.on.time.rate", "本年按时办结率（0–1）", tags, key("onTime", township.id(), procedure));
      }
      Tags tags = Tags.of("township", township.id());
      gauge(registry, "township.ratings.good.rate", "本年好评率（0–1）", tags, key("goodRate", township.id(), null));
      gauge(registry, "township.ratings.bad.open", "处理中的差评（核实、整改、回访）", tags, key("badOpen", township.id(), null));
      gauge(registry, "township.forwarding.deemed.agreed.this.year", "本年超时默认次数", tags,
          key("deemed", township.id(), null));
    }
    ManagementService management = engine.getManagementService();
    Map<String, Meter> live = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getMetricsRegistry().getDbMeters();
    for (String name : ENGINE_COUNTERS) {
      // reported to the database every few minutes (all nodes), plus what this node counted since
      FunctionCounter.builder("camunda." + name.replace('-', '.'), management,
              m -> m.createMetricsQuery().name(name).sum() + (live.containsKey(name) ? live.get(name).get() : 0))
          .description("Camunda engine metric " + name).register(registry);
    }
    gauge(registry, "township.calendar.published.days.ahead", "节假日安排（holidays.csv）从今天起还覆盖的天数",
        Tags.empty(), "calendarDaysAhead");
    gauge(registry, "township.calendar.coverage.short", "节假日安排覆盖不足预警天数（1 = 需追加下一年）", Tags.empty(),
        "calendarShort");
    gauge(registry, "camunda.jobs.executable", "到期待执行的作业数", Tags.empty(), "jobsExecutable");
    gauge(registry, "camunda.incidents.open", "未处理的故障（incident）数", Tags.empty(), "incidents");
  }

  private void gauge(MeterRegistry registry, String name, String description, Tags tags, String key) {
    Gauge.builder(name, figures, f -> f.getOrDefault(key, Double.NaN)).description(description).tags(tags)
        .register(registry);
  }

  private static String key(String figure, String township, String procedure) {
    return figure + "|" + township + "|" + procedure;
  }

  @Scheduled(fixedDelayString = "${township.metrics.refresh-millis:30000}", initialDelay = 1000)
  public void refresh() {
    Timestamp now = Timestamp.from(deadlines.now());
    Timestamp yearStart = Timestamp.from(deadlines.today().withDayOfYear(1).atStartOfDay(deadlines.zone()).toInstant());
    for (Townships.Township township : townships.townships()) {
      for (String procedure : PROCEDURES) {
        for (String figure : List.of("open", "overdue", "completed", "onTime")) {
          figures.put(key(figure, township.id(), procedure), figure.equals("onTime") ? Double.NaN : 0.0);
        }
      }
      for (String figure : List.of("goodRate", "badOpen", "deemed")) {
        figures.put(key(figure, township.id(), null), figure.equals("goodRate") ? Double.NaN : 0.0);
      }
    }
    jdbc.query("SELECT township_id, procedure_key, COUNT(*), "
        + "SUM(CASE WHEN decided_at IS NULL AND clock_paused = FALSE AND due_at < ? THEN 1 ELSE 0 END) FROM tw_case_fact "
        + "WHERE township_id IN (" + placeholders() + ") AND completed_at IS NULL GROUP BY township_id, procedure_key",
        rs -> {
          figures.put(key("open", rs.getString(1), rs.getString(2)), rs.getDouble(3));
          figures.put(key("overdue", rs.getString(1), rs.getString(2)), rs.getDouble(4));
        }, argsAfter(now));
    jdbc.query("SELECT township_id, procedure_key, COUNT(*), SUM(CASE WHEN on_time = TRUE THEN 1 ELSE 0 END), "
        + "SUM(CASE WHEN on_time IS NULL THEN 0 ELSE 1 END) FROM tw_case_fact WHERE township_id IN ("
        + placeholders() + ") AND completed_at >= ? GROUP BY township_id, procedure_key", rs -> {
          figures.put(key("completed", rs.getString(1), rs.getString(2)), rs.getDouble(3));
          if (rs.getLong(5) > 0) {
            figures.put(key("onTime", rs.getString(1), rs.getString(2)), rs.getDouble(4) / rs.getDouble(5));
          }
        }, args(yearStart));
    jdbc.query("SELECT township_id, SUM(CASE WHEN rating_level IN ('DISSATISFIED', 'VERY_DISSATISFIED') THEN 0 ELSE 1 END), "
        + "COUNT(*) FROM tw_case_fact WHERE township_id IN (" + placeholders() + ") AND rated_at >= ? "
        + "GROUP BY township_id", rs -> {
          figures.put(key("goodRate", rs.getString(1), null), rs.getDouble(2) / rs.getDouble(3));
        }, args(yearStart));
    for (String township : townshipIds()) {
      figures.put(key("badOpen", township, null), count("SELECT COUNT(*) FROM tw_step_fact WHERE step_key IN "
          + "('Task_VerifyBadRating', 'Task_Rectify', 'Task_ReturnVisit') AND township_id = ? AND ended_at IS NULL",
          township));
      figures.put(key("deemed", township, null), count("SELECT COUNT(*) FROM tw_step_fact WHERE step_key = "
          + "'End_DeemedAgreed' AND township_id = ? AND ended_at >= ?", township, yearStart));
    }
    figures.put("calendarDaysAhead", (double) deadlines.coverage().daysAhead());
    figures.put("calendarShort", calendar.coverageShort() ? 1.0 : 0.0);
    figures.put("jobsExecutable", (double) engine.getManagementService().createJobQuery().executable().count());
    figures.put("incidents", (double) engine.getRuntimeService().createIncidentQuery().count());
  }

  private double count(String sql, Object... args) {
    Long n = jdbc.queryForObject(sql, Long.class, args);
    return n == null ? 0 : n;
  }

  private List<String> townshipIds() {
    return townships.townships().stream().map(Townships.Township::id).toList();
  }

  private String placeholders() {
    return String.join(", ", townshipIds().stream().map(t -> "?").toList());
  }

  private Object[] argsAfter(Object first) {
    List<Object> args = new java.util.ArrayList<>(List.of(first));
    args.addAll(townshipIds());
    return args.toArray();
  }

  private Object[] args(Object last) {
    List<Object> args = new java.util.ArrayList<>(townshipIds());
    args.add(last);
    return args.toArray();
  }
}
