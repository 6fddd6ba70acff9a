package cn.township.workflow.metrics;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.Townships;
import cn.township.workflow.window.RecordRating;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The figures a township is judged by, read from the supervision tables (never from the engine's history):
 * every query is bounded by an index on (township, date) or touches only open cases and open steps.
 */
@Component
public class SupervisionFigures {

  /** Who is asking about what: townships already checked by {@link SupervisionScope}; period [from, to). */
  public record Filter(List<String> townships, String procedure, String matter, Instant from, Instant to) {}

  static final int LIST_LIMIT = 200;
  static final List<String> RECTIFICATION_STEPS = List.of("Task_VerifyBadRating", "Task_Rectify", "Task_ReturnVisit");

  private final NamedParameterJdbcTemplate jdbc;
  /**
   * For the export's case lists (tens or hundreds of thousands of rows): read {@value #FETCH_ROWS} rows at a time in
   * a read-only transaction ({@link #streamed}). Without both, PostgreSQL's driver reads the whole result into memory
   * before the first row; H2 (embedded) keeps large results in a temporary file either way.
   */
  private final NamedParameterJdbcTemplate streaming;
  private final TransactionTemplate readOnly;
  static final int FETCH_ROWS = 1_000;
  private final Townships townships;
  private final Deadlines deadlines;
  private final RepositoryService repository;
  private final IdentityService identity;
  /** Names of procedures, groups and staff: few, and rarely renamed. */
  private final Map<String, String> names = new ConcurrentHashMap<>();

  public SupervisionFigures(NamedParameterJdbcTemplate jdbc, Deadlines deadlines, RepositoryService repository,
                            IdentityService identity, Townships townships) {
    this.jdbc = jdbc;
    DataSource dataSource = jdbc.getJdbcTemplate().getDataSource();
    JdbcTemplate fetching = new JdbcTemplate(dataSource);
    fetching.setFetchSize(FETCH_ROWS);
    this.streaming = new NamedParameterJdbcTemplate(fetching);
    this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.readOnly.setReadOnly(true);
    this.townships = townships;
    this.deadlines = deadlines;
    this.repository = repository;
    this.identity = identity;
  }

  private static MapSqlParameterSource params(Filter filter) {
    return new MapSqlParameterSource()
        .addValue("townships", filter.townships().isEmpty() ? List.of("-") : filter.townships())
        .addValue("procedure", filter.procedure())
        .addValue("matter", filter.matter())
        .addValue("from", Timestamp.from(filter.from()))
        .addValue("to", Timestamp.from(filter.to()));
  }

  /**
   * The township condition for a table aliased {@code alias}; none where the caller sees every township (the
   * county), so that the indexes on the date columns serve (an IN list would defeat H2's composite indexes).
   */
  private String townships(Filter filter, String alias) {
    boolean everyTownship = townships.townships().stream().allMatch(t -> filter.townships().contains(t.id()));
    return everyTownship ? "1 = 1" : alias + ".township_id IN (:townships)";
  }

  /** Optional filters on procedure and matter, for a table aliased {@code alias}. */
  private static String narrow(Filter filter, String alias) {
    return (filter.procedure() == null ? "" : " AND " + alias + ".procedure_key = :procedure")
        + (filter.matter() == null ? "" : " AND " + alias + ".matter_code = :matter");
  }

  /** Accepted, in progress, completed, on time, handling days: per procedure and in total. */
  public Map<String, Object> cases(Filter filter) {
    MapSqlParameterSource params = params(filter);
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    jdbc.query("SELECT c.procedure_key, COUNT(*) AS n FROM tw_case_fact c WHERE " + townships(filter, "c") + " "
        + "AND c.started_at >= :from AND c.started_at < :to" + narrow(filter, "c") + " GROUP BY c.procedure_key",
        params, rs -> {
          row(rows, rs.getString(1)).put("accepted", rs.getLong(2));
        });
    jdbc.query("SELECT c.procedure_key, COUNT(*) FROM tw_case_fact c WHERE " + townships(filter, "c") + " "
        + "AND c.completed_at IS NULL" + narrow(filter, "c") + " GROUP BY c.procedure_key", params, rs -> {
          row(rows, rs.getString(1)).put("inProgress", rs.getLong(2));
        });
    Map<String, WorkingDayDistribution> days = new LinkedHashMap<>();
    jdbc.query("SELECT c.procedure_key, c.handling_days, COUNT(*), SUM(CASE WHEN c.on_time = TRUE THEN 1 ELSE 0 END), "
        + "SUM(CASE WHEN c.on_time IS NULL THEN 0 ELSE 1 END) FROM tw_case_fact c WHERE " + townships(filter, "c")
        + " AND c.completed_at >= :from AND c.completed_at < :to" + narrow(filter, "c")
        + " GROUP BY c.procedure_key, c.handling_days", params, rs -> {
          Map<String, Object> row = row(rows, rs.getString(1));
          add(row, "completed", rs.getLong(3));
          add(row, "completedOnTime", rs.getLong(4));
          add(row, "withTimeLimit", rs.getLong(5));
          int handling = rs.getInt(2);
          if (!rs.wasNull()) {
            days.computeIfAbsent(rs.getString(1), k -> new WorkingDayDistribution()).add(handling, rs.getLong(3));
          }
        });
    WorkingDayDistribution all = new WorkingDayDistribution();
    rows.forEach((procedure, row) -> {
      WorkingDayDistribution distribution = days.getOrDefault(procedure, new WorkingDayDistribution());
      all.addAll(distribution);
      row.put("onTimeRate", ratio((Long) row.getOrDefault("completedOnTime", 0L), (Long) row.getOrDefault("withTimeLimit", 0L)));
      row.put("avgHandlingDays", distribution.average());
      row.put("p90HandlingDays", distribution.percentile(0.9));
    });
    Map<String, Object> total = new LinkedHashMap<>();
    for (String counter : List.of("accepted", "inProgress", "completed", "completedOnTime", "withTimeLimit")) {
      total.put(counter, rows.values().stream().mapToLong(r -> (Long) r.getOrDefault(counter, 0L)).sum());
    }
    total.put("onTimeRate", ratio((Long) total.get("completedOnTime"), (Long) total.get("withTimeLimit")));
    total.put("avgHandlingDays", all.average());
    total.put("p90HandlingDays", all.percentile(0.9));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total", total);
    result.put("byProcedure", rows.values().stream().peek(this::fillZeros).toList());
    return result;
  }

  private static void add(Map<String, Object> row, String counter, long n) {
    if (row == null) {
      return; // a township the caller did not ask about (the county's view reads every row)
    }
    row.merge(counter, n, (a, b) -> (Long) a + (Long) b);
  }

  private Map<String, Object> row(Map<String, Map<String, Object>> rows, String procedure) {
    return rows.computeIfAbsent(procedure, key -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("procedure", key);
      row.put("procedureName", procedureName(key));
      return row;
    });
  }

  private void fillZeros(Map<String, Object> row) {
    for (String counter : List.of("accepted", "inProgress", "completed", "completedOnTime", "withTimeLimit")) {
      row.putIfAbsent(counter, 0L);
    }
    row.putIfAbsent("onTimeRate", null);
  }

  /**
   * Cases past their promised date now (clock running, not yet 办结, for enforcement not yet decided): working days
   * over and who holds them.
   */
  public Map<String, Object> overdue(Filter filter) {
    MapSqlParameterSource params = params(filter).addValue("now", Timestamp.from(deadlines.now()));
    String where = " FROM tw_case_fact c WHERE " + townships(filter, "c") + " AND c.completed_at IS NULL "
        + "AND c.decided_at IS NULL AND c.clock_paused = FALSE AND c.due_at < :now" + narrow(filter, "c");
    Long count = jdbc.queryForObject("SELECT COUNT(*)" + where, params, Long.class);
    List<Map<String, Object>> cases = jdbc.query("SELECT c.process_instance_id, c.case_no, c.procedure_key, "
        + "c.township_id, c.matter_name, c.due_at" + where + " ORDER BY c.due_at LIMIT " + LIST_LIMIT, params,
        (rs, i) -> {
          Map<String, Object> row = caseRow(rs);
          Instant due = rs.getTimestamp("due_at").toInstant();
          row.put("dueAt", due);
          row.put("workingDaysOver", deadlines.workingDaysBetween(due, deadlines.now()));
          return row;
        });
    attachOpenSteps(cases);
    return Map.of("count", count, "cases", cases);
  }

  /** 催办 in the period (duty/UrgeController), and how many of the urged steps are still open now. */
  public Map<String, Object> urged(Filter filter) {
    String where = " FROM tw_task_urge u WHERE " + townships(filter, "u") + " AND u.urged_at >= :from AND u.urged_at < :to";
    Long count = jdbc.queryForObject("SELECT COUNT(*)" + where, params(filter), Long.class);
    Long open = jdbc.queryForObject("SELECT COUNT(DISTINCT u.task_id)" + where
        + " AND EXISTS (SELECT 1 FROM ACT_RU_TASK t WHERE t.ID_ = u.task_id)", params(filter), Long.class);
    return Map.of("count", count, "openSteps", open);
  }

  /** Average and 90th percentile working days of each step completed in the period. */
  public List<Map<String, Object>> steps(Filter filter) {
    Map<List<String>, WorkingDayDistribution> days = new LinkedHashMap<>();
    Map<List<String>, String> names = new HashMap<>();
    jdbc.query("SELECT s.procedure_key, s.step_process_key, s.step_key, s.working_days, MAX(s.step_name), COUNT(*) "
        + "FROM tw_step_fact s WHERE " + townships(filter, "s") + " AND s.ended_at >= :from AND s.ended_at < :to "
        + "AND s.kind = 'TASK' AND s.outcome = 'completed'" + narrow(filter, "s")
        + " GROUP BY s.procedure_key, s.step_process_key, s.step_key, s.working_days", params(filter), rs -> {
          List<String> step = List.of(rs.getString(1), rs.getString(2), rs.getString(3));
          names.put(step, rs.getString(5));
          days.computeIfAbsent(step, k -> new WorkingDayDistribution()).add(rs.getInt(4), rs.getLong(6));
        });
    return days.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing((List<String> k) -> k.get(0))
            .thenComparing(k -> k.get(2))))
        .map(entry -> {
          List<String> step = entry.getKey();
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("procedure", step.get(0));
          row.put("procedureName", procedureName(step.get(0)));
          row.put("stepProcess", step.get(1));
          row.put("step", step.get(2));
          row.put("stepName", names.get(step));
          row.put("completed", entry.getValue().total());
          row.put("avgDays", entry.getValue().average());
          row.put("p90Days", entry.getValue().percentile(0.9));
          return row;
        }).toList();
  }

  /** 好差评 in the period: each of the five levels, 好评率, and the bad ratings still being handled. */
  public Map<String, Object> ratings(Filter filter) {
    MapSqlParameterSource params = params(filter);
    Map<String, Long> counts = new HashMap<>();
    jdbc.query("SELECT c.rating_level, COUNT(*) FROM tw_case_fact c WHERE " + townships(filter, "c") + " "
        + "AND c.rated_at >= :from AND c.rated_at < :to" + narrow(filter, "c") + " GROUP BY c.rating_level", params,
        rs -> {
          counts.put(rs.getString(1), rs.getLong(2));
        });
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    List<Map<String, Object>> levels = new ArrayList<>();
    long good = 0;
    for (RecordRating.Level level : RecordRating.Level.values()) {
      long n = counts.getOrDefault(level.name(), 0L);
      good += level.bad() ? 0 : n;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("level", level.name());
      row.put("label", level.label);
      row.put("count", n);
      row.put("share", ratio(n, total));
      levels.add(row);
    }
    List<Map<String, Object>> open = openSteps(filter, RECTIFICATION_STEPS);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total", total);
    result.put("levels", levels);
    result.put("goodRate", ratio(good, total));
    result.put("openRectifications", open);
    return result;
  }

  /**
   * The ranking's figures of every township of {@code filter} at once: the totals of {@link #cases}, {@link #ratings}
   * and {@link #overdue} and the bad ratings still being handled, each a query grouped by township (one scan of the
   * period, not one per township). Keys: accepted, completed, withTimeLimit, onTimeRate, avgHandlingDays, rated,
   * goodRate, openBadRatings, overdueNow.
   */
  public Map<String, Map<String, Object>> townshipFigures(Filter filter) {
    MapSqlParameterSource params = params(filter).addValue("now", Timestamp.from(deadlines.now()))
        .addValue("steps", RECTIFICATION_STEPS);
    Map<String, Map<String, Object>> byTownship = new LinkedHashMap<>();
    Map<String, WorkingDayDistribution> days = new HashMap<>();
    Map<String, long[]> ratings = new HashMap<>(); // good, total
    for (String township : filter.townships()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (String counter : List.of("accepted", "completed", "completedOnTime", "withTimeLimit", "openBadRatings",
          "overdueNow")) {
        row.put(counter, 0L);
      }
      byTownship.put(township, row);
      days.put(township, new WorkingDayDistribution());
      ratings.put(township, new long[2]);
    }
    // one township: every row the condition lets through is its own (the condition is 1 = 1 in a one-township county)
    java.util.function.Function<String, String> owner = filter.townships().size() == 1
        ? id -> filter.townships().get(0) : id -> id;
    String c = townships(filter, "c") + narrow(filter, "c");
    String s = townships(filter, "s") + narrow(filter, "s");
    jdbc.query("SELECT c.township_id, COUNT(*) FROM tw_case_fact c WHERE " + c
        + " AND c.started_at >= :from AND c.started_at < :to GROUP BY c.township_id", params, rs -> {
          add(byTownship.get(owner.apply(rs.getString(1))), "accepted", rs.getLong(2));
        });
    jdbc.query("SELECT c.township_id, c.handling_days, COUNT(*), SUM(CASE WHEN c.on_time = TRUE THEN 1 ELSE 0 END), "
        + "SUM(CASE WHEN c.on_time IS NULL THEN 0 ELSE 1 END) FROM tw_case_fact c WHERE " + c
        + " AND c.completed_at >= :from AND c.completed_at < :to GROUP BY c.township_id, c.handling_days", params, rs -> {
          String township = owner.apply(rs.getString(1));
          add(byTownship.get(township), "completed", rs.getLong(3));
          add(byTownship.get(township), "completedOnTime", rs.getLong(4));
          add(byTownship.get(township), "withTimeLimit", rs.getLong(5));
          int handling = rs.getInt(2);
          if (!rs.wasNull() && days.containsKey(township)) {
            days.get(township).add(handling, rs.getLong(3));
          }
        });
    jdbc.query("SELECT c.township_id, c.rating_level, COUNT(*) FROM tw_case_fact c WHERE " + c
        + " AND c.rated_at >= :from AND c.rated_at < :to GROUP BY c.township_id, c.rating_level", params, rs -> {
          long[] counts = ratings.get(owner.apply(rs.getString(1)));
          if (counts != null) {
            String level = rs.getString(2);
            boolean good = Arrays.stream(RecordRating.Level.values())
                .anyMatch(known -> !known.bad() && known.name().equals(level)); // as ratings() counts
            counts[0] += good ? rs.getLong(3) : 0;
            counts[1] += rs.getLong(3);
          }
        });
    // bad ratings still being handled now (in verification, rectification or return visit): no list limit
    jdbc.query("SELECT s.township_id, COUNT(DISTINCT s.process_instance_id) FROM tw_step_fact s "
        + "WHERE s.step_key IN (:steps) AND " + s + " AND s.ended_at IS NULL GROUP BY s.township_id", params, rs -> {
          add(byTownship.get(owner.apply(rs.getString(1))), "openBadRatings", rs.getLong(2));
        });
    jdbc.query("SELECT c.township_id, COUNT(*) FROM tw_case_fact c WHERE " + c + " AND c.completed_at IS NULL "
        + "AND c.decided_at IS NULL AND c.clock_paused = FALSE AND c.due_at < :now GROUP BY c.township_id", params,
        rs -> {
          add(byTownship.get(owner.apply(rs.getString(1))), "overdueNow", rs.getLong(2));
        });
    byTownship.forEach((township, row) -> {
      row.put("onTimeRate", ratio((Long) row.remove("completedOnTime"), (Long) row.get("withTimeLimit")));
      row.put("avgHandlingDays", days.get(township).average());
      row.put("rated", ratings.get(township)[1]);
      row.put("goodRate", ratio(ratings.get(township)[0], ratings.get(township)[1]));
    });
    return byTownship;
  }

  /** 综合行政执法: open cases by stage and age, decisions within the statutory period, hearings held. */
  public Map<String, Object> enforcement(Filter filter) {
    Filter cases = new Filter(filter.townships(), "joint-enforcement", filter.matter(), filter.from(), filter.to());
    MapSqlParameterSource params = params(cases).addValue("steps", CaseFacts.DECISION_STEPS);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("byStage", stages(cases));
    jdbc.query("SELECT COUNT(*), SUM(CASE WHEN c.due_at IS NULL OR s.ended_at <= c.due_at THEN 1 ELSE 0 END) "
        + "FROM tw_step_fact s JOIN tw_case_fact c ON c.process_instance_id = s.process_instance_id "
        + "WHERE s.step_key IN (:steps) AND " + townships(filter, "s") + " AND s.ended_at >= :from "
        + "AND s.ended_at < :to AND s.outcome = 'completed'", params, rs -> {
          result.put("decided", rs.getLong(1));
          result.put("decidedInTime", rs.getLong(2));
          result.put("decidedInTimeRate", ratio(rs.getLong(2), rs.getLong(1)));
        });
    result.put("hearingsHeld", countSteps(cases, "Task_HoldHearing"));
    return result;
  }

  /** 重大行政决策: open decisions by stage; those waiting for the NPC presidium, after which they are published. */
  public Map<String, Object> decisions(Filter filter) {
    Filter decisions = new Filter(filter.townships(), "major-decision", null, filter.from(), filter.to());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("byStage", stages(decisions));
    result.put("awaitingNpcAcknowledgement", openSteps(decisions, List.of("Task_AcknowledgeNpcReport")));
    result.put("published", countSteps(decisions, "Task_AcknowledgeNpcReport"));
    return result;
  }

  /** 转报: cases waiting at county or city level now and for how long; 超时默认 in the period. */
  public Map<String, Object> forwarding(Filter filter) {
    MapSqlParameterSource params = params(filter);
    List<Map<String, Object>> waiting = jdbc.query("SELECT c.process_instance_id, c.case_no, c.procedure_key, "
        + "c.township_id, c.matter_name, c.waiting_level, c.waiting_since FROM tw_case_fact c "
        + "WHERE " + townships(filter, "c") + " AND c.completed_at IS NULL AND c.waiting_level IS NOT NULL"
        + narrow(filter, "c") + " ORDER BY c.waiting_since LIMIT " + LIST_LIMIT, params, (rs, i) -> {
          Map<String, Object> row = caseRow(rs);
          Instant since = rs.getTimestamp("waiting_since").toInstant();
          row.put("level", rs.getString("waiting_level"));
          row.put("waitingSince", since);
          row.put("waitingWorkingDays", deadlines.workingDaysBetween(since, deadlines.now()));
          return row;
        });
    attachOpenSteps(waiting);
    Map<String, Map<String, Object>> byLevel = new LinkedHashMap<>();
    for (Map<String, Object> row : waiting) {
      Map<String, Object> level = byLevel.computeIfAbsent((String) row.get("level"),
          key -> new LinkedHashMap<>(Map.of("level", key, "count", 0, "maxWorkingDays", 0)));
      level.put("count", (Integer) level.get("count") + 1);
      level.put("maxWorkingDays", Math.max((Integer) level.get("maxWorkingDays"), (Integer) row.get("waitingWorkingDays")));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("waiting", waiting);
    result.put("byLevel", List.copyOf(byLevel.values()));
    result.put("deemedAgreed", countSteps(filter, "End_DeemedAgreed"));
    return result;
  }

  /**
   * The dashboard's charts: per week (Monday first) of the period 受理, 办结 and 超期 (cases whose promised date fell
   * in the week and that were not 办结 by it); per matter the working days of the cases 办结 in the period, as counts
   * per number of days. (按时办结率 and 好评率 per township: {@link #townshipRates}.)
   */
  public Map<String, Object> charts(Filter filter) {
    java.time.ZoneId zone = deadlines.zone();
    java.time.LocalDate first = monday(filter.from().atZone(zone).toLocalDate());
    java.time.LocalDate last = filter.to().minusSeconds(1).atZone(zone).toLocalDate();
    Map<java.time.LocalDate, long[]> weeks = new LinkedHashMap<>();
    for (java.time.LocalDate week = first; !week.isAfter(last); week = week.plusWeeks(1)) {
      weeks.put(week, new long[3]);
    }
    MapSqlParameterSource params = params(filter);
    String[] series = {"c.started_at", "c.completed_at", "c.due_at"};
    String[] extra = {"", "", " AND (c.completed_at IS NULL OR c.completed_at > c.due_at)"
        + " AND (c.completed_at IS NOT NULL OR c.clock_paused = FALSE)"};
    for (int i = 0; i < series.length; i++) {
      int index = i;
      // moments, not SQL dates: the week is the county's, whatever the database's time zone
      jdbc.query("SELECT " + series[i] + " FROM tw_case_fact c WHERE " + townships(filter, "c") + " AND "
          + series[i] + " >= :from AND " + series[i] + " < :to" + extra[i] + narrow(filter, "c"), params, rs -> {
            long[] counts = weeks.get(monday(rs.getTimestamp(1).toInstant().atZone(zone).toLocalDate()));
            if (counts != null) {
              counts[index]++;
            }
          });
    }
    List<Map<String, Object>> weekly = new ArrayList<>();
    weeks.forEach((monday, counts) -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("week", monday.toString());
      row.put("accepted", counts[0]);
      row.put("completed", counts[1]);
      row.put("overdue", counts[2]);
      weekly.add(row);
    });
    Map<String, Map<Integer, Long>> byMatter = new java.util.TreeMap<>();
    jdbc.query("SELECT c.matter_name, c.handling_days, COUNT(*) FROM tw_case_fact c WHERE " + townships(filter, "c")
        + " AND c.completed_at >= :from AND c.completed_at < :to AND c.handling_days IS NOT NULL"
        + " AND c.matter_name IS NOT NULL" + narrow(filter, "c") + " GROUP BY c.matter_name, c.handling_days",
        params, rs -> {
          byMatter.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>()).put(rs.getInt(2), rs.getLong(3));
        });
    List<Map<String, Object>> matters = new ArrayList<>();
    byMatter.forEach((matter, days) -> {
      WorkingDayDistribution distribution = new WorkingDayDistribution();
      days.forEach(distribution::add);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("matterName", matter);
      row.put("completed", distribution.total());
      row.put("avgDays", distribution.average());
      row.put("days", days.entrySet().stream().map(e -> Map.of("days", e.getKey(), "count", e.getValue())).toList());
      matters.add(row);
    });
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("weeks", weekly);
    result.put("matters", matters);
    return result;
  }

  /**
   * 按时办结率 and 好评率 per township for the chart: from the ranking's figures where the county sees them, else
   * (a township supervisor, one township) from the dashboard's own totals; no query of its own.
   */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> townshipRates(Map<String, Object> ranking, Map<String, Object> cases,
                                                 Map<String, Object> ratings, List<String> townshipIds) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (ranking != null) {
      for (Map<String, Object> township : (List<Map<String, Object>>) ranking.get("townships")) {
        Map<String, Object> figures = (Map<String, Object>) township.get("figures");
        rows.add(rate(township.get("township"), township.get("townshipName"), figures.get("onTimeRate"),
            figures.get("withTimeLimit"), figures.get("goodRate"), figures.get("rated")));
      }
      rows.sort(java.util.Comparator.comparing(r -> (String) r.get("township")));
      return rows;
    }
    Map<String, Object> total = (Map<String, Object>) cases.get("total");
    for (String township : townshipIds) {
      rows.add(rate(township, townshipName(township), total.get("onTimeRate"), total.get("withTimeLimit"),
          ratings.get("goodRate"), ratings.get("total")));
    }
    return rows.size() == 1 ? rows : List.of(); // several townships without a ranking: no per-township split
  }

  private static Map<String, Object> rate(Object township, Object name, Object onTime, Object withLimit, Object good,
                                          Object rated) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("township", township);
    row.put("townshipName", name);
    row.put("onTimeRate", onTime);
    row.put("withTimeLimit", withLimit);
    row.put("goodRate", good);
    row.put("rated", rated);
    return row;
  }

  private static java.time.LocalDate monday(java.time.LocalDate day) {
    return day.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
  }

  /**
   * 双向考核评议: forwarded cases whose county review ended in the period, each with what is computed (working days at
   * the county, late review steps, returns to the applicant for supplement after forwarding, 超时默认) and the two
   * evaluations (the township's of the county department, the department's of the township's pre-examination).
   */
  public Map<String, Object> evaluations(Filter filter) {
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Object> summary = eachEvaluation(filter, rows::add);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("summary", summary);
    result.put("cases", rows);
    return result;
  }

  /** The summary of 双向考核评议, row by row: cases, the county's on-time rate, returns, 超时默认, average scores. */
  private static final class EvaluationSummary {
    private long cases;
    private long onTime;
    private long returns;
    private long deemed;
    private final Map<String, long[]> scores = new LinkedHashMap<>(); // direction: rated, sum

    EvaluationSummary() {
      scores.put("countyHandling", new long[2]);
      scores.put("preExamination", new long[2]);
    }

    void add(Map<String, Object> row) {
      cases++;
      onTime += (Boolean) row.get("countyOnTime") ? 1 : 0;
      returns += (Long) row.get("returns");
      deemed += (Long) row.get("deemed");
      scores.forEach((direction, sum) -> {
        if (row.get(direction) instanceof Map<?, ?> evaluation) {
          sum[0]++;
          sum[1] += (Integer) evaluation.get("score");
        }
      });
    }

    Map<String, Object> figures() {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("cases", cases);
      summary.put("countyOnTimeRate", ratio(onTime, cases));
      summary.put("returns", returns);
      summary.put("deemed", deemed);
      scores.forEach((direction, sum) -> {
        summary.put(direction + "Rated", sum[0]);
        summary.put(direction + "AvgScore", sum[0] == 0 ? null : Math.round(10.0 * sum[1] / sum[0]) / 10.0);
      });
      return summary;
    }
  }

  /**
   * The rows of {@link #evaluations}, in the order the county's review ended, handed over one at a time (one query,
   * each case's returns, 超时默认 and evaluations looked up by its id, none held for the whole period); returns their
   * summary. The export writes its sheet from here, in one pass, and its 概况 from the summary.
   */
  public Map<String, Object> eachEvaluation(Filter filter, Consumer<Map<String, Object>> line) {
    EvaluationSummary summary = new EvaluationSummary();
    String reviewed = "SELECT s.process_instance_id FROM tw_step_fact s WHERE s.step_key = 'Task_DepartmentReview' AND "
        + townships(filter, "s") + " AND s.ended_at >= :from AND s.ended_at < :to" + narrow(filter, "s");
    streamed(() -> streaming.query("SELECT c.process_instance_id, c.case_no, c.township_id, c.matter_name, r.days, "
        + "r.late, r.ended, r.holder, (SELECT COUNT(*) FROM tw_step_fact x WHERE x.process_instance_id = r.id "
        + "AND x.step_key = 'Task_ReceiveSupplement' AND EXISTS (SELECT 1 FROM tw_step_fact d WHERE "
        + "d.process_instance_id = x.process_instance_id AND d.step_key = 'Task_DepartmentReview' "
        + "AND d.started_at < x.started_at)), (SELECT COUNT(*) FROM tw_step_fact e WHERE e.process_instance_id = r.id "
        + "AND e.step_key = 'End_DeemedAgreed'), h.score, h.rating_comment, h.rated_at, p.score, p.rating_comment, "
        + "p.rated_at FROM (SELECT s.process_instance_id AS id, SUM(s.working_days) AS days, "
        + "SUM(CASE WHEN s.due_at IS NOT NULL AND s.ended_at > s.due_at THEN 1 ELSE 0 END) AS late, "
        + "MAX(s.ended_at) AS ended, MAX(s.holder) AS holder FROM tw_step_fact s "
        + "WHERE s.step_key = 'Task_DepartmentReview' AND s.ended_at IS NOT NULL AND s.process_instance_id IN ("
        + reviewed + ") GROUP BY s.process_instance_id) r "
        + "JOIN tw_case_fact c ON c.process_instance_id = r.id "
        + "LEFT JOIN tw_mutual_evaluation h ON h.process_instance_id = r.id AND h.direction = 'COUNTY_HANDLING' "
        + "LEFT JOIN tw_mutual_evaluation p ON p.process_instance_id = r.id AND p.direction = 'PRE_EXAMINATION' "
        + "ORDER BY r.ended, c.process_instance_id", params(filter), rs -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("caseNo", rs.getString(2));
          row.put("township", rs.getString(3));
          row.put("townshipName", townshipName(rs.getString(3)));
          row.put("matterName", rs.getString(4));
          row.put("countyWorkingDays", rs.getInt(5));
          row.put("countyOnTime", rs.getInt(6) == 0);
          row.put("countyEndedAt", rs.getTimestamp(7).toInstant());
          row.put("handledBy", holderNames(rs.getString(8)));
          row.put("returns", rs.getLong(9));
          row.put("deemed", rs.getLong(10));
          row.put("countyHandling", evaluation(rs, 11));
          row.put("preExamination", evaluation(rs, 14));
          summary.add(row);
          line.accept(row);
        }));
    return summary.figures();
  }

  /** score, comment and moment at {@code column}: null where there is no evaluation. */
  private static Map<String, Object> evaluation(ResultSet rs, int column) throws SQLException {
    Timestamp rated = rs.getTimestamp(column + 2);
    if (rated == null) {
      return null;
    }
    Map<String, Object> evaluation = new LinkedHashMap<>();
    evaluation.put("score", rs.getInt(column));
    evaluation.put("comment", rs.getString(column + 1));
    evaluation.put("ratedAt", rated.toInstant());
    return evaluation;
  }

  /** One case of the export's 办件明细: accepted in the period, with its promise, 办结 and rating. */
  public record CaseLine(String caseNo, String procedureName, String township, String matterName, Instant startedAt,
                         Instant dueAt, Instant completedAt, Integer handlingDays, Boolean onTime, String rating) {}

  /** One overdue case of the export, with its open steps and their holders. */
  public record OverdueLine(String caseNo, String procedureName, String township, String matterName,
                            Instant startedAt, Instant dueAt, int workingDaysOver, String openSteps) {}

  /** One bad rating of the period and one step of its handling (none yet: step fields empty). */
  public record BadRatingLine(String caseNo, String township, String matterName, String rating, Instant ratedAt,
                              String stepName, String holder, Instant stepStarted, Instant stepDue, Instant stepEnded,
                              String outcome) {}

  /**
   * Every case accepted in the period, oldest first, handed over one at a time: the export streams a county's
   * year (hundreds of thousands of cases) without holding it in memory.
   */
  public void eachCase(Filter filter, Consumer<CaseLine> line) {
    streamed(() -> streaming.query("SELECT c.case_no, c.procedure_key, c.township_id, c.matter_name, c.started_at, "
        + "c.due_at, c.completed_at, c.handling_days, c.on_time, c.rating_level FROM tw_case_fact c WHERE "
        + townships(filter, "c") + " AND c.started_at >= :from AND c.started_at < :to" + narrow(filter, "c")
        + " ORDER BY c.started_at", params(filter), rs -> {
          line.accept(new CaseLine(rs.getString(1), procedureName(rs.getString(2)), townshipName(rs.getString(3)),
              rs.getString(4), instant(rs, 5), instant(rs, 6), instant(rs, 7), (Integer) rs.getObject(8, Integer.class),
              (Boolean) rs.getObject(9, Boolean.class), ratingLabel(rs.getString(10))));
        }));
  }

  /** Every case overdue now (no list limit), most overdue first, with its open steps. */
  public void eachOverdue(Filter filter, Consumer<OverdueLine> line) {
    MapSqlParameterSource params = params(filter).addValue("now", Timestamp.from(deadlines.now()));
    // every open step first, in one pass (as many as the work in hand, not the history), rather than joined to each
    // case: for the join H2 read every open step of the county once per overdue case (650 ms for 42,696 cases)
    Map<String, List<String>> openSteps = new HashMap<>();
    jdbc.query("SELECT s.process_instance_id, s.step_name, s.holder FROM tw_step_fact s WHERE s.ended_at IS NULL "
        + "AND s.kind = 'TASK' ORDER BY s.started_at", rs -> {
          if (rs.getString(2) != null) {
            openSteps.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(rs.getString(2) + "（" + holderNames(rs.getString(3)) + "）");
          }
        });
    streamed(() -> streaming.query("SELECT c.case_no, c.procedure_key, c.township_id, c.matter_name, c.started_at, "
        + "c.due_at, c.process_instance_id FROM tw_case_fact c WHERE " + townships(filter, "c")
        + " AND c.completed_at IS NULL AND c.decided_at IS NULL AND c.clock_paused = FALSE AND c.due_at < :now" + narrow(filter, "c")
        + " ORDER BY c.due_at, c.process_instance_id", params, rs -> {
          Instant due = instant(rs, 6);
          line.accept(new OverdueLine(rs.getString(1), procedureName(rs.getString(2)), townshipName(rs.getString(3)),
              rs.getString(4), instant(rs, 5), due, deadlines.workingDaysBetween(due, deadlines.now()),
              String.join("；", openSteps.getOrDefault(rs.getString(7), List.of()))));
        }));
  }

  /** Bad ratings given in the period, each with the steps of its handling (verification, rectification, return visit). */
  public void eachBadRating(Filter filter, Consumer<BadRatingLine> line) {
    List<String> bad = Arrays.stream(RecordRating.Level.values()).filter(RecordRating.Level::bad)
        .map(Enum::name).toList();
    streamed(() -> streaming.query("SELECT c.case_no, c.township_id, c.matter_name, c.rating_level, c.rated_at, "
        + "s.step_name, s.holder, s.started_at, s.due_at, s.ended_at, s.outcome FROM tw_case_fact c "
        + "LEFT JOIN tw_step_fact s ON s.process_instance_id = c.process_instance_id AND s.step_key IN (:steps) "
        + "WHERE " + townships(filter, "c") + " AND c.rated_at >= :from AND c.rated_at < :to "
        + "AND c.rating_level IN (:bad)" + narrow(filter, "c") + " ORDER BY c.rated_at, c.case_no, s.started_at",
        params(filter).addValue("steps", RECTIFICATION_STEPS).addValue("bad", bad), rs -> {
          line.accept(new BadRatingLine(rs.getString(1), townshipName(rs.getString(2)), rs.getString(3),
              ratingLabel(rs.getString(4)), instant(rs, 5), rs.getString(6),
              rs.getString(7) == null ? null : holderNames(rs.getString(7)), instant(rs, 8), instant(rs, 9),
              instant(rs, 10), outcomeLabel(rs.getString(11), instant(rs, 10))));
        }));
  }

  /** Runs a streamed list in a read-only transaction (joining the caller's, if any): the driver then uses a cursor. */
  private void streamed(Runnable list) {
    readOnly.executeWithoutResult(status -> list.run());
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  String townshipName(String id) {
    return id == null ? null : townships.find(id).map(Townships.Township::name).orElse(id);
  }

  private static String ratingLabel(String level) {
    return level == null ? null : RecordRating.Level.of(level).map(l -> l.label).orElse(level);
  }

  private static String outcomeLabel(String outcome, Instant ended) {
    if (outcome == null) {
      return ended == null ? "办理中" : null;
    }
    return switch (outcome) {
      case "completed" -> "已完成";
      case "reached" -> "已到达";
      default -> "已取消";
    };
  }

  private long countSteps(Filter filter, String stepKey) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM tw_step_fact s WHERE s.step_key = :step "
        + "AND " + townships(filter, "s") + " AND s.ended_at >= :from AND s.ended_at < :to "
        + "AND s.outcome IN ('completed', 'reached')" + narrow(filter, "s"),
        params(filter).addValue("step", stepKey), Long.class);
  }

  /** Open cases of one procedure by the step they wait at, with their age in working days. */
  private List<Map<String, Object>> stages(Filter filter) {
    Map<String, Map<String, Object>> stages = new LinkedHashMap<>();
    jdbc.query("SELECT s.step_key, s.step_name, c.started_at FROM tw_step_fact s "
        + "JOIN tw_case_fact c ON c.process_instance_id = s.process_instance_id "
        + "WHERE " + townships(filter, "s") + " AND s.ended_at IS NULL AND s.kind = 'TASK'" + narrow(filter, "s")
        + " ORDER BY s.step_key", params(filter), rs -> {
          int age = deadlines.workingDaysBetween(rs.getTimestamp(3).toInstant(), deadlines.now());
          String name = rs.getString(2);
          Map<String, Object> stage = stages.computeIfAbsent(rs.getString(1), key -> new LinkedHashMap<>(
              Map.of("step", key, "stepName", name, "count", 0, "maxAgeWorkingDays", 0, "ageSum", 0)));
          stage.put("count", (Integer) stage.get("count") + 1);
          stage.put("ageSum", (Integer) stage.get("ageSum") + age);
          stage.put("maxAgeWorkingDays", Math.max((Integer) stage.get("maxAgeWorkingDays"), age));
        });
    return stages.values().stream().map(stage -> {
      Map<String, Object> row = new LinkedHashMap<>(stage);
      int sum = (Integer) row.remove("ageSum");
      row.put("avgAgeWorkingDays", Math.round(10.0 * sum / (Integer) row.get("count")) / 10.0);
      return row;
    }).toList();
  }

  /** Open steps with the given keys: the case, who holds it, since when and until when. */
  private List<Map<String, Object>> openSteps(Filter filter, List<String> keys) {
    return jdbc.query("SELECT c.process_instance_id, c.case_no, c.procedure_key, c.township_id, c.matter_name, "
        + "s.step_key, s.step_name, s.holder, s.started_at, s.due_at FROM tw_step_fact s "
        + "JOIN tw_case_fact c ON c.process_instance_id = s.process_instance_id "
        + "WHERE s.step_key IN (:steps) AND " + townships(filter, "s") + " AND s.ended_at IS NULL"
        + narrow(filter, "s") + " ORDER BY s.started_at LIMIT " + LIST_LIMIT,
        params(filter).addValue("steps", keys), (rs, i) -> {
          Map<String, Object> row = caseRow(rs);
          row.put("step", rs.getString("step_key"));
          row.put("stepName", rs.getString("step_name"));
          row.put("holder", holderNames(rs.getString("holder")));
          row.put("since", rs.getTimestamp("started_at").toInstant());
          Timestamp due = rs.getTimestamp("due_at");
          row.put("dueAt", due == null ? null : due.toInstant());
          row.put("overdue", due != null && due.toInstant().isBefore(deadlines.now()));
          return row;
        });
  }

  /** Adds each case's open steps (name and holder) to rows built by {@link #caseRow}. */
  private void attachOpenSteps(List<Map<String, Object>> cases) {
    if (cases.isEmpty()) {
      return;
    }
    Map<String, List<Map<String, Object>>> byCase = new HashMap<>();
    jdbc.query("SELECT s.process_instance_id, s.step_name, s.holder, s.started_at FROM tw_step_fact s "
        + "WHERE s.process_instance_id IN (:ids) AND s.ended_at IS NULL AND s.kind = 'TASK' ORDER BY s.started_at",
        new MapSqlParameterSource("ids", cases.stream().map(c -> c.get("processInstanceId")).toList()), rs -> {
          byCase.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(
              Map.of("stepName", rs.getString(2), "holder", holderNames(rs.getString(3))));
        });
    cases.forEach(c -> c.put("openSteps", byCase.getOrDefault((String) c.get("processInstanceId"), List.of())));
  }

  private Map<String, Object> caseRow(ResultSet rs) throws SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("processInstanceId", rs.getString("process_instance_id"));
    row.put("caseNo", rs.getString("case_no"));
    row.put("procedure", rs.getString("procedure_key"));
    row.put("procedureName", procedureName(rs.getString("procedure_key")));
    row.put("township", rs.getString("township_id"));
    row.put("matterName", rs.getString("matter_name"));
    return row;
  }

  /** "reviewer,leader" → "审核人、分管领导"; a user id → the user's name. */
  String holderNames(String holder) {
    if (holder == null) {
      return "";
    }
    return Arrays.stream(holder.split(",")).map(id -> names.computeIfAbsent("identity:" + id, key -> {
      // never null: a name the map cannot keep would be looked up again for every row of a list
      Group group = identity.createGroupQuery().groupId(id).singleResult();
      if (group != null) {
        return group.getName() != null ? group.getName() : id;
      }
      User user = identity.createUserQuery().userId(id).singleResult();
      return user != null && user.getFirstName() != null ? user.getFirstName() : id;
    })).collect(Collectors.joining("、"));
  }

  String procedureName(String key) {
    return names.computeIfAbsent("procedure:" + key, k -> {
      ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionKey(key)
          .latestVersion().withoutTenantId().singleResult();
      return definition != null && definition.getName() != null ? definition.getName() : key;
    });
  }

  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : Math.round(1000.0 * part / whole) / 1000.0;
  }

  private static Double rounded(ResultSet rs, int column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : Math.round(value * 10) / 10.0;
  }
}
