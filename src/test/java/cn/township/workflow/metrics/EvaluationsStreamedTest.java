package cn.township.workflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.metrics.SupervisionFigures.Filter;
import cn.township.workflow.system.Townships;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * 双向考核评议 read as one streamed query (issue 20, the export of a county's year) gives what the four queries
 * before it gave ({@link #before}, kept here as they were): on cases where they could differ — a second county review
 * ended before the period, a review still open, a return to the applicant before and after the county's review,
 * 超时默认, one evaluation or none, a review in another township, a step without its case.
 */
class EvaluationsStreamedTest {

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-07-01T00:00:00Z");
  static JdbcDataSource database;
  static NamedParameterJdbcTemplate jdbc;
  static SupervisionFigures figures;
  static final Townships TOWNSHIPS = new Townships(List.of(new Townships.Township("qingshan", "青山镇", "QS", null),
      new Townships.Township("baishi", "白石乡", "BS", null)), "Asia/Shanghai");

  @BeforeAll
  static void cases() throws Exception {
    database = new JdbcDataSource();
    database.setURL("jdbc:h2:mem:evaluations-streamed;DB_CLOSE_DELAY=-1");
    SupervisionFiguresAtScale.schema(database);
    jdbc = new NamedParameterJdbcTemplate(database);
    figures = new SupervisionFigures(jdbc, new Deadlines(ZONE), mock(RepositoryService.class, RETURNS_DEEP_STUBS),
        mock(IdentityService.class, RETURNS_DEEP_STUBS), TOWNSHIPS);
    // a: reviewed in the period on time; a return before the review (not counted) and one after (counted); 超时默认;
    // rated both ways
    forwarded("a", "qingshan");
    step("a", "Task_ReceiveSupplement", "2026-02-01", "2026-02-02", null);
    step("a", "Task_DepartmentReview", "2026-02-03", "2026-02-10", "2026-02-20");
    step("a", "Task_ReceiveSupplement", "2026-02-05", "2026-02-06", null);
    step("a", "End_DeemedAgreed", "2026-02-10", "2026-02-10", null);
    evaluation("a", "COUNTY_HANDLING", 4, "及时", "2026-02-12");
    evaluation("a", "PRE_EXAMINATION", 2, null, "2026-02-13");
    // b: a first review ended before the period, a second in it, late: both counted, the later end shown
    forwarded("b", "baishi");
    step("b", "Task_DepartmentReview", "2025-12-01", "2025-12-10", "2025-12-20");
    step("b", "Task_DepartmentReview", "2026-03-01", "2026-03-20", "2026-03-10");
    step("b", "Task_ReceiveSupplement", "2026-03-05", "2026-03-06", null);
    step("b", "Task_ReceiveSupplement", "2026-03-07", "2026-03-08", null);
    evaluation("b", "COUNTY_HANDLING", 5, "好", "2026-03-21");
    // c: reviewed before the period only
    forwarded("c", "qingshan");
    step("c", "Task_DepartmentReview", "2025-11-01", "2025-11-05", null);
    evaluation("c", "COUNTY_HANDLING", 1, null, "2025-11-06");
    // d: a review ended in the period and another still open (not counted)
    forwarded("d", "qingshan");
    step("d", "Task_DepartmentReview", "2026-04-01", "2026-04-03", "2026-04-10");
    step("d", "Task_DepartmentReview", "2026-04-05", null, "2026-04-20");
    evaluation("d", "PRE_EXAMINATION", 3, "材料不全", "2026-04-04");
    // e: reviewed after the period
    forwarded("e", "baishi");
    step("e", "Task_DepartmentReview", "2026-06-20", "2026-07-02", null);
    // f: a review step whose case row is missing (a case started before the reporting tables existed)
    step("f", "Task_DepartmentReview", "2026-05-01", "2026-05-03", null);
    // g: no evaluation, no due date, the period's last day
    forwarded("g", "baishi");
    step("g", "Task_DepartmentReview", "2026-06-01", "2026-06-30", null);
  }

  @Test
  void theCountysYearIsWhatTheFourQueriesGave() {
    Filter county = new Filter(List.of("qingshan", "baishi"), null, null, FROM, TO);
    Map<String, Object> streamed = figures.evaluations(county);
    assertThat(streamed).isEqualTo(before(county));
    assertThat(cases(streamed)).extracting(c -> c.get("caseNo")).containsExactly("QS-a", "BS-b", "QS-d", "BS-g");
    assertThat(cases(streamed)).extracting(c -> c.get("returns"), c -> c.get("deemed"), c -> c.get("countyOnTime"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1L, true),
            org.assertj.core.groups.Tuple.tuple(2L, 0L, false), org.assertj.core.groups.Tuple.tuple(0L, 0L, true),
            org.assertj.core.groups.Tuple.tuple(0L, 0L, true));
    List<Map<String, Object>> handedOver = new ArrayList<>();
    assertThat(figures.eachEvaluation(county, handedOver::add)).isEqualTo(streamed.get("summary"));
    assertThat(handedOver).isEqualTo(streamed.get("cases"));
  }

  @Test
  void oneTownshipAndOneProcedureAreWhatTheFourQueriesGave() {
    for (Filter filter : List.of(new Filter(List.of("qingshan"), null, null, FROM, TO),
        new Filter(List.of("baishi"), "forward-to-county", null, FROM, TO),
        new Filter(List.of("qingshan", "baishi"), "delegated-review", null, FROM, TO),
        new Filter(List.of("qingshan", "baishi"), null, null, TO, TO.plusSeconds(86_400 * 30)))) {
      assertThat(figures.evaluations(filter)).as("%s", filter).isEqualTo(before(filter));
    }
    assertThat(cases(figures.evaluations(new Filter(List.of("qingshan"), null, null, FROM, TO))))
        .extracting(c -> c.get("caseNo")).containsExactly("QS-a", "QS-d");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cases(Map<String, Object> evaluations) {
    return (List<Map<String, Object>>) evaluations.get("cases");
  }

  static void forwarded(String id, String township) {
    new JdbcTemplate(database).update("INSERT INTO tw_case_fact (process_instance_id, procedure_key, township_id, "
        + "case_no, matter_name, started_at) VALUES (?, 'forward-to-county', ?, ?, '乡村建设规划许可', ?)", id, township,
        (township.equals("qingshan") ? "QS-" : "BS-") + id, Timestamp.valueOf("2025-10-01 09:00:00"));
  }

  static void step(String id, String key, String started, String ended, String due) {
    String township = new JdbcTemplate(database).queryForList("SELECT township_id FROM tw_case_fact WHERE "
        + "process_instance_id = ?", String.class, id).stream().findFirst().orElse("qingshan");
    new JdbcTemplate(database).update("INSERT INTO tw_step_fact (id, process_instance_id, procedure_key, township_id, "
        + "step_process_key, step_key, step_name, kind, holder, started_at, due_at, ended_at, outcome, working_days) "
        + "VALUES (?, ?, 'forward-to-county', ?, 'higher-level-review', ?, ?, ?, 'county-natural-resources', ?, ?, ?, ?, ?)",
        id + "-" + key + "-" + started, id, township, key, key, key.startsWith("End_") ? "END" : "TASK", at(started),
        due == null ? null : at(due), ended == null ? null : at(ended), ended == null ? null : "completed",
        ended == null ? null : (int) ((at(ended).getTime() - at(started).getTime()) / 86_400_000));
  }

  static void evaluation(String id, String direction, int score, String comment, String rated) {
    new JdbcTemplate(database).update("INSERT INTO tw_mutual_evaluation (process_instance_id, direction, case_no, "
        + "township_id, rated_unit, rater_id, rater_unit, score, rating_comment, rated_at) "
        + "SELECT process_instance_id, ?, case_no, township_id, 'x', 'y', 'z', ?, ?, ? FROM tw_case_fact "
        + "WHERE process_instance_id = ?", direction, score, comment, at(rated), id);
  }

  static Timestamp at(String day) {
    return Timestamp.valueOf(day + " 10:00:00");
  }

  /** SupervisionFigures.evaluations before issue 20's streamed export (commit 5df2703), verbatim but for the names. */
  static Map<String, Object> before(Filter filter) {
    MapSqlParameterSource params = new MapSqlParameterSource().addValue("townships", filter.townships())
        .addValue("procedure", filter.procedure()).addValue("from", Timestamp.from(filter.from()))
        .addValue("to", Timestamp.from(filter.to()));
    boolean everyTownship = TOWNSHIPS.townships().stream().allMatch(t -> filter.townships().contains(t.id()));
    String townships = everyTownship ? "1 = 1" : "s.township_id IN (:townships)";
    String narrow = filter.procedure() == null ? "" : " AND s.procedure_key = :procedure";
    String reviewed = "SELECT s.process_instance_id FROM tw_step_fact s WHERE s.step_key = 'Task_DepartmentReview' AND "
        + townships + " AND s.ended_at >= :from AND s.ended_at < :to" + narrow;
    Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
    jdbc.query("SELECT c.process_instance_id, c.case_no, c.township_id, c.matter_name, SUM(s.working_days), "
        + "SUM(CASE WHEN s.due_at IS NOT NULL AND s.ended_at > s.due_at THEN 1 ELSE 0 END), MAX(s.ended_at), "
        + "MAX(s.holder) FROM tw_step_fact s JOIN tw_case_fact c ON c.process_instance_id = s.process_instance_id "
        + "WHERE s.step_key = 'Task_DepartmentReview' AND s.ended_at IS NOT NULL AND s.process_instance_id IN ("
        + reviewed + ") GROUP BY c.process_instance_id, c.case_no, c.township_id, c.matter_name "
        + "ORDER BY MAX(s.ended_at)", params, rs -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("caseNo", rs.getString(2));
          row.put("township", rs.getString(3));
          row.put("townshipName", figures.townshipName(rs.getString(3)));
          row.put("matterName", rs.getString(4));
          row.put("countyWorkingDays", rs.getInt(5));
          row.put("countyOnTime", rs.getInt(6) == 0);
          row.put("countyEndedAt", rs.getTimestamp(7).toInstant());
          row.put("handledBy", figures.holderNames(rs.getString(8)));
          row.put("returns", 0L);
          row.put("deemed", 0L);
          row.put("countyHandling", null);
          row.put("preExamination", null);
          cases.put(rs.getString(1), row);
        });
    jdbc.query("SELECT r.process_instance_id, COUNT(*) FROM tw_step_fact r WHERE r.step_key = 'Task_ReceiveSupplement' "
        + "AND r.process_instance_id IN (" + reviewed + ") AND EXISTS (SELECT 1 FROM tw_step_fact d WHERE "
        + "d.process_instance_id = r.process_instance_id AND d.step_key = 'Task_DepartmentReview' "
        + "AND d.started_at < r.started_at) GROUP BY r.process_instance_id", params, rs -> {
          if (cases.containsKey(rs.getString(1))) {
            cases.get(rs.getString(1)).put("returns", rs.getLong(2));
          }
        });
    jdbc.query("SELECT e.process_instance_id, COUNT(*) FROM tw_step_fact e WHERE e.step_key = 'End_DeemedAgreed' "
        + "AND e.process_instance_id IN (" + reviewed + ") GROUP BY e.process_instance_id", params, rs -> {
          if (cases.containsKey(rs.getString(1))) {
            cases.get(rs.getString(1)).put("deemed", rs.getLong(2));
          }
        });
    jdbc.query("SELECT e.process_instance_id, e.direction, e.score, e.rating_comment, e.rated_at "
        + "FROM tw_mutual_evaluation e WHERE e.process_instance_id IN (" + reviewed + ")", params, rs -> {
          Map<String, Object> row = cases.get(rs.getString(1));
          if (row != null) {
            Map<String, Object> evaluation = new LinkedHashMap<>();
            evaluation.put("score", rs.getInt(3));
            evaluation.put("comment", rs.getString(4));
            evaluation.put("ratedAt", rs.getTimestamp(5).toInstant());
            row.put("COUNTY_HANDLING".equals(rs.getString(2)) ? "countyHandling" : "preExamination", evaluation);
          }
        });
    List<Map<String, Object>> rows = List.copyOf(cases.values());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("cases", (long) rows.size());
    summary.put("countyOnTimeRate", rows.isEmpty() ? null
        : Math.round(1000.0 * rows.stream().filter(r -> (Boolean) r.get("countyOnTime")).count() / rows.size()) / 1000.0);
    summary.put("returns", rows.stream().mapToLong(r -> (Long) r.get("returns")).sum());
    summary.put("deemed", rows.stream().mapToLong(r -> (Long) r.get("deemed")).sum());
    for (String direction : List.of("countyHandling", "preExamination")) {
      List<Integer> scores = rows.stream().map(r -> (Map<?, ?>) r.get(direction)).filter(java.util.Objects::nonNull)
          .map(e -> (Integer) e.get("score")).toList();
      summary.put(direction + "Rated", (long) scores.size());
      summary.put(direction + "AvgScore", scores.isEmpty() ? null
          : Math.round(10.0 * scores.stream().mapToInt(Integer::intValue).sum() / scores.size()) / 10.0);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("summary", summary);
    result.put("cases", new ArrayList<>(rows));
    return result;
  }
}
