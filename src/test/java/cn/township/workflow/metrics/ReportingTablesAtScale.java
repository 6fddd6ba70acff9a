package cn.township.workflow.metrics;

import cn.township.workflow.system.Townships;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * Fills the reporting tables (tw_case_fact, tw_step_fact, tw_mutual_evaluation) for the measurements at scale, in
 * the database itself: one {@code INSERT … SELECT} from {@code GENERATE_SERIES} per table and step (the same SQL on
 * H2 and PostgreSQL), instead of a row at a time from Java (750,000 cases took about 30 minutes that way).
 *
 * <p>Case {@code x} (1..cases finished, then the open ones) draws every figure from fixed hashes of {@code x}
 * ({@link #h}), so a run is reproducible: 12 townships, seven matters, four procedures (70% 委托审批,
 * 24% 转报, 5% 执法, 1% 重大决策), handling days skewed towards a few (1–25 working days, about 9% past the 20-day
 * promise), 80% of window cases rated (10% of them badly, each with its verification, rectification and return
 * visit, the recent ones still open), 15% with a supplement, 5% of forwarded cases 超时默认, 8% returned by the
 * county, 70% / 60% of forwarded cases evaluated each way. Finished cases are spread evenly over the history up to
 * 30 days before {@link SupervisionFiguresAtScale#NOW}; open cases were accepted in the last 45 days and stand at a
 * step of their procedure, so that about a third of them are overdue.
 */
final class ReportingTablesAtScale {

  /** The county of the measurements: the demo's two townships first, then ten more. */
  static final Townships TOWNSHIPS = new Townships(IntStream.range(0, 12).mapToObj(i -> switch (i) {
    case 0 -> new Townships.Township("qingshan", "青山镇", "QS", null);
    case 1 -> new Townships.Township("baishi", "白石乡", "BS", null);
    default -> new Townships.Township("township" + (i + 1), "第" + (i + 1) + "乡镇", "T" + (i + 1), null);
  }).toList(), "Asia/Shanghai");

  static final String[][] MATTERS = {{"RURAL_HOMESTEAD", "农村村民宅基地审批"},
      {"RURAL_BUILDING_PLANNING", "乡村建设规划许可"}, {"MINIMUM_LIVING_ALLOWANCE", "最低生活保障审核"},
      {"TEMPORARY_ASSISTANCE", "临时救助"}, {"FOREST_LOGGING", "林木采伐许可"},
      {"SPECIAL_HARDSHIP_SUPPORT", "特困人员救助供养"}, {"FARMLAND_CONVERSION", "农用地转用审核"}};

  /**
   * The steps of each procedure: process, key, name, kind, holder, and when it runs as a share (0–100) of the case's
   * duration; "cond" names the cases that have it. Rating steps run at hours after the rating instead.
   */
  record Step(String procedure, String process, String key, String name, String kind, String holder, int from, int to,
              String cond) {}

  static final List<Step> STEPS = List.of(
      new Step("delegated-review", "window-intake", "Task_CheckCompleteness", "受理审查（核验材料）", "TASK", "window-clerk", 0, 5, null),
      new Step("delegated-review", "window-intake", "Task_ReceiveSupplement", "接收补正材料", "TASK", "window-clerk", 5, 20, "supplement"),
      new Step("delegated-review", "delegated-review", "Task_Review", "审查并提出意见", "TASK", "reviewer", 20, 60, null),
      new Step("delegated-review", "delegated-review", "Task_LeaderSignOff", "分管领导签批", "TASK", "leader", 60, 85, null),
      new Step("delegated-review", "delegated-review", "Task_IssueAtWindow", "统一窗口出件", "TASK", "window-clerk", 85, 100, null),
      new Step("delegated-review", "delegated-review", "End_Issued", "已出件", "END", null, 100, 100, null),
      new Step("forward-to-county", "window-intake", "Task_CheckCompleteness", "受理审查（核验材料）", "TASK", "window-clerk", 0, 5, null),
      new Step("forward-to-county", "window-intake", "Task_ReceiveSupplement", "接收补正材料", "TASK", "window-clerk", 5, 15, "supplement"),
      new Step("forward-to-county", "forward-to-county", "Task_PreExamine", "乡镇预审", "TASK", "reviewer", 15, 30, null),
      new Step("forward-to-county", "higher-level-review", "Task_DepartmentReview", "部门审查", "TASK", "county-natural-resources", 30, 80, null),
      new Step("forward-to-county", "window-intake", "Task_ReceiveSupplement", "接收补正材料", "TASK", "window-clerk", 55, 65, "returned"),
      new Step("forward-to-county", "higher-level-review", "End_DeemedAgreed", "超时默认", "END", null, 80, 80, "deemed"),
      new Step("forward-to-county", "forward-to-county", "Task_IssueAtWindow", "统一窗口出件", "TASK", "window-clerk", 80, 100, null),
      new Step("forward-to-county", "forward-to-county", "End_Issued", "已出件", "END", null, 100, 100, null),
      new Step("joint-enforcement", "joint-enforcement", "Task_ApproveFiling", "立案审批", "TASK", "team-leader", 0, 5, null),
      new Step("joint-enforcement", "joint-enforcement", "Task_Investigate", "调查取证", "TASK", "enforcement-officer", 5, 40, null),
      new Step("joint-enforcement", "joint-enforcement", "Task_RecordPartyResponse", "记录陈述申辩和听证要求", "TASK", "enforcement-officer", 40, 50, null),
      new Step("joint-enforcement", "joint-enforcement", "Task_HoldHearing", "组织听证", "TASK", "enforcement-officer", 50, 60, "hearing"),
      new Step("joint-enforcement", "joint-enforcement", "Task_LegalReview", "法制审核", "TASK", "legal-reviewer", 60, 70, null),
      new Step("joint-enforcement", "joint-enforcement", "Task_Decide", "负责人作出处罚决定", "TASK", "leadership", 70, 75, null),
      new Step("joint-enforcement", "joint-enforcement", "Task_ServeDecision", "送达处罚决定书", "TASK", "enforcement-officer", 75, 85, null),
      new Step("joint-enforcement", "joint-enforcement", "Task_CloseCase", "结案归档", "TASK", "team-leader", 85, 100, null),
      new Step("joint-enforcement", "joint-enforcement", "End_Closed", "已结案", "END", null, 100, 100, null),
      new Step("major-decision", "major-decision", "Task_ConfirmMajor", "确认是否属于重大行政决策", "TASK", "decision-office", 0, 10, null),
      new Step("major-decision", "major-decision", "Task_PlanProcedure", "确定决策程序", "TASK", "decision-office", 10, 20, null),
      new Step("major-decision", "major-decision", "Task_AssessRisk", "社会稳定风险评估", "TASK", "decision-office", 20, 45, null),
      new Step("major-decision", "major-decision", "Task_LegalityReview", "合法性审查", "TASK", "legal-reviewer", 45, 65, null),
      new Step("major-decision", "major-decision", "Task_CollectiveDecision", "集体讨论决定", "TASK", "leadership", 65, 80, null),
      new Step("major-decision", "major-decision", "Task_AcknowledgeNpcReport", "人大主席团确认收到报告", "TASK", "npc-liaison", 80, 100, null),
      new Step("major-decision", "major-decision", "End_Evaluated", "已评估", "END", null, 100, 100, null));

  /** Bad ratings' handling: hours after the rating that each step starts and ends. */
  static final List<Step> RATING_STEPS = List.of(
      new Step(null, "satisfaction-rating", "Task_VerifyBadRating", "差评核实", "TASK", "supervisor", 12, 36, null),
      new Step(null, "satisfaction-rating", "Task_Rectify", "差评整改", "TASK", "leader", 36, 192, null),
      new Step(null, "satisfaction-rating", "Task_ReturnVisit", "回访反馈", "TASK", "window-clerk", 192, 288, null));

  private final int cases;
  private final int open;
  private final int years;
  private final ZonedDateTime now;

  ReportingTablesAtScale(int cases, int open, int years, ZonedDateTime now) {
    this.cases = cases;
    this.open = open;
    this.years = years;
    this.now = now;
  }

  /**
   * The {@code salt}-th hash of case {@code x}, 0..n-1: x times a large multiplier modulo a prime near a million, so
   * that two hashes (and each of them modulo 100) are not functions of one another, as MOD(x * a, 100) would be.
   */
  static String h(String x, int salt, int n) {
    return "MOD(MOD(CAST(" + x + " AS BIGINT) * " + (300_007 + 29_989L * salt) + ", 999983), " + n + ")";
  }

  private long spanSeconds() {
    return Duration.ofDays(365L * years).toSeconds();
  }

  private String base() {
    // the moment second 0 of every case's clock: the start of the history
    return ts(now.minusDays(30).minusSeconds(spanSeconds()));
  }

  private static String ts(ZonedDateTime moment) {
    return "TIMESTAMP '" + moment.toLocalDateTime().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + "'";
  }

  private String at(String seconds) {
    return "(" + base() + " + INTERVAL '1' SECOND * (" + seconds + "))";
  }

  /**
   * One row per case with the numbers every table derives from it: {@code x}, fin (1 finished, 0 open), proc,
   * tw, mi (matter index), hd (working days), st (start, seconds after {@link #base}), dur (seconds to 办结 or, open,
   * to now), pr (how far an open case has got, 1–99; 100 finished), rl (rating level index, -1 none).
   */
  private String source() {
    long span = spanSeconds();
    long nowSeconds = span + Duration.ofDays(30).toSeconds();
    String townships = IntStream.range(0, TOWNSHIPS.townships().size())
        .mapToObj(i -> "WHEN " + i + " THEN '" + TOWNSHIPS.townships().get(i).id() + "'")
        .collect(Collectors.joining(" ", "CASE " + h("x", 1, TOWNSHIPS.townships().size()) + " ", " END"));
    String r = h("x", 2, 101);
    String age = "(" + h("x", 3, 45) + " * 86400 + " + h("x", 4, 10) + " * 3600)";
    return "(SELECT x, fin, proc, tw, mi, hd, st, dur, pr, rl FROM (SELECT x, "
        + "CASE WHEN x <= " + cases + " THEN 1 ELSE 0 END AS fin, "
        + "CASE WHEN " + h("x", 5, 100) + " < 70 THEN 'delegated-review' WHEN " + h("x", 5, 100) + " < 94 "
        + "THEN 'forward-to-county' WHEN " + h("x", 5, 100) + " < 99 THEN 'joint-enforcement' ELSE 'major-decision' END "
        + "AS proc, " + townships + " AS tw, " + h("x", 6, MATTERS.length) + " AS mi, 1 + " + r + " * " + r + " / 420 AS hd, "
        + "CASE WHEN x <= " + cases + " THEN CAST(x AS BIGINT) * " + span + " / " + cases + " ELSE " + nowSeconds
        + " - " + age + " END AS st, "
        + "CASE WHEN x <= " + cases + " THEN (1 + " + r + " * " + r + " / 420) * 7 * 86400 / 5 + " + h("x", 7, 8) + " * 3600 "
        + "ELSE " + age + " END AS dur, "
        + "CASE WHEN x <= " + cases + " THEN 100 ELSE 1 + " + h("x", 8, 99) + " END AS pr, "
        + "CASE WHEN x <= " + cases + " AND " + h("x", 5, 100) + " < 94 AND " + h("x", 9, 10) + " < 8 THEN " + h("x", 10, 20) + " "
        + "ELSE -1 END AS rl "
        + "FROM GENERATE_SERIES(1, " + (cases + open) + ") AS g(x)) d0) d";
  }

  /** Rating level of index 0..19: half very satisfied, 10% bad. */
  private static String level(String rl) {
    return "CASE WHEN " + rl + " < 0 THEN NULL WHEN " + rl + " < 10 THEN 'VERY_SATISFIED' WHEN " + rl
        + " < 16 THEN 'SATISFIED' WHEN " + rl + " < 18 THEN 'BASICALLY_SATISFIED' WHEN " + rl
        + " = 18 THEN 'DISSATISFIED' ELSE 'VERY_DISSATISFIED' END";
  }

  private static String matter(int column) {
    return IntStream.range(0, MATTERS.length).mapToObj(i -> "WHEN " + i + " THEN '" + MATTERS[i][column] + "'")
        .collect(Collectors.joining(" ", "CASE WHEN d.proc IN ('delegated-review', 'forward-to-county') THEN CASE d.mi ",
            " END END"));
  }

  private String cond(String cond) {
    return switch (cond == null ? "" : cond) {
      case "supplement" -> " AND " + h("d.x", 11, 100) + " < 15";
      case "returned" -> " AND " + h("d.x", 12, 100) + " < 8";
      case "deemed" -> " AND " + h("d.x", 13, 100) + " < 5";
      case "hearing" -> " AND " + h("d.x", 14, 100) + " < 20";
      default -> "";
    };
  }

  private long nowSeconds() {
    return spanSeconds() + Duration.ofDays(30).toSeconds();
  }

  /** Loads the three tables; prints what each statement took. */
  void load(DataSource dataSource) throws Exception {
    String completed = at("d.st + d.dur");
    String due = "CASE WHEN d.proc = 'major-decision' THEN NULL WHEN d.proc = 'joint-enforcement' THEN "
        + at("d.st + 90 * 86400") + " ELSE " + at("d.st + 28 * 86400") + " END";
    String ratedSeconds = "d.st + d.dur + 86400 + " + h("d.x", 16, 6) + " * 3600";
    List<String> statements = new ArrayList<>();
    statements.add("INSERT INTO tw_case_fact (process_instance_id, procedure_key, township_id, case_no, matter_code, "
        + "matter_name, started_at, completed_at, ended_at, end_key, end_name, limit_days, due_at, clock_paused, "
        + "on_time, handling_days, waiting_level, waiting_since, rating_level, rated_at, decided_at) "
        + "SELECT 'case-' || CAST(d.x AS VARCHAR(12)), d.proc, d.tw, UPPER(SUBSTRING(d.tw, 1, 2)) || '-' || "
        + "CAST(d.x AS VARCHAR(12)), " + matter(0) + ", " + matter(1) + ", " + at("d.st") + ", "
        + "CASE WHEN d.fin = 1 THEN " + completed + " END, CASE WHEN d.fin = 1 THEN " + completed + " END, "
        + "CASE WHEN d.fin = 0 THEN NULL WHEN d.proc = 'joint-enforcement' THEN 'End_Closed' "
        + "WHEN d.proc = 'major-decision' THEN 'End_Evaluated' ELSE 'End_Issued' END, "
        + "CASE WHEN d.fin = 0 THEN NULL WHEN d.proc = 'joint-enforcement' THEN '已结案' "
        + "WHEN d.proc = 'major-decision' THEN '已评估' ELSE '已出件' END, "
        + "CASE WHEN d.proc IN ('delegated-review', 'forward-to-county') THEN 20 END, " + due + ", "
        + "CASE WHEN d.fin = 0 AND " + h("d.x", 15, 20) + " = 0 THEN TRUE ELSE FALSE END, "
        + "CASE WHEN d.fin = 0 OR d.proc = 'major-decision' THEN NULL WHEN d.proc = 'joint-enforcement' THEN "
        + "CASE WHEN d.dur <= 90 * 86400 THEN TRUE ELSE FALSE END "
        + "WHEN d.dur <= 28 * 86400 THEN TRUE ELSE FALSE END, "
        + "CASE WHEN d.fin = 1 THEN d.hd END, "
        + "CASE WHEN d.fin = 0 AND d.proc = 'forward-to-county' AND d.pr >= 30 AND d.pr < 80 THEN 'county' END, "
        + "CASE WHEN d.fin = 0 AND d.proc = 'forward-to-county' AND d.pr >= 30 AND d.pr < 80 THEN "
        + at("d.st + d.dur * 30 / d.pr") + " END, "
        + level("d.rl") + ", CASE WHEN d.rl >= 0 THEN " + at(ratedSeconds) + " END, "
        + "CASE WHEN d.proc = 'joint-enforcement' AND d.pr > 75 THEN " + at("d.st + d.dur * 75 / d.pr") + " END "
        + "FROM " + source());
    long now = nowSeconds();
    for (Step step : STEPS) {
      // finished cases: every step; open ones: the steps begun (from < pr), the current one still open (to > pr)
      String fraction = "CASE WHEN d.fin = 1 THEN 100 ELSE d.pr END";
      String start = "d.st + d.dur * " + step.from() + " / " + fraction;
      String end = "d.st + d.dur * " + step.to() + " / " + fraction;
      String ended = "(d.fin = 1 OR " + step.to() + " <= d.pr)";
      boolean reached = step.kind().equals("END");
      statements.add(stepInsert(step, at(start), reached ? at(start) : "CASE WHEN " + ended + " THEN " + at(end) + " END",
          reached ? "NULL" : at(start + " + " + Math.max(2, 28 * (step.to() - step.from()) / 100) + " * 86400"),
          reached ? "'reached'" : "CASE WHEN " + ended + " THEN 'completed' END",
          reached ? "0" : "CASE WHEN " + ended + " THEN d.hd * " + (step.to() - step.from()) + " / 100 END",
          "d.proc = '" + step.procedure() + "' AND (d.fin = 1 OR " + step.from() + " < d.pr)" + cond(step.cond())));
    }
    for (Step step : RATING_STEPS) {
      String start = ratedSeconds + " + " + step.from() * 3600L;
      String end = ratedSeconds + " + " + step.to() * 3600L;
      String ended = "(" + end + " <= " + now + ")";
      statements.add(stepInsert(step, at(start), "CASE WHEN " + ended + " THEN " + at(end) + " END",
          at(end), "CASE WHEN " + ended + " THEN 'completed' END",
          "CASE WHEN " + ended + " THEN " + Math.max(1, (step.to() - step.from()) / 24 * 5 / 7) + " END",
          "d.rl >= 18 AND " + start + " <= " + now));
    }
    // 双向考核评议 of forwarded cases whose county review is over: 70% rate the county, 60% the township
    String reviewEnd = "d.st + d.dur * 80 / CASE WHEN d.fin = 1 THEN 100 ELSE d.pr END + 86400";
    String[][] directions = {{"COUNTY_HANDLING", "17", "7", "county-natural-resources", "'reviewer'", "d.tw"},
        {"PRE_EXAMINATION", "18", "6", "d.tw", "'county-natural-resources'", "'county'"}};
    for (String[] direction : directions) {
      String score = h("d.x", 19, 100);
      statements.add("INSERT INTO tw_mutual_evaluation (process_instance_id, direction, case_no, township_id, "
          + "rated_unit, rater_id, rater_unit, score, rating_comment, rated_at) SELECT 'case-' || CAST(d.x AS "
          + "VARCHAR(12)), '" + direction[0] + "', UPPER(SUBSTRING(d.tw, 1, 2)) || '-' || CAST(d.x AS VARCHAR(12)), "
          + "d.tw, " + (direction[3].startsWith("d.") ? direction[3] : "'" + direction[3] + "'") + ", "
          + direction[4] + ", " + direction[5] + ", 5 - " + score + " * " + score + " / 2500, "
          + "CASE WHEN " + h("d.x", 20, 3) + " = 0 THEN '材料齐全，办理及时' END, " + at(reviewEnd) + " FROM " + source()
          + " WHERE d.proc = 'forward-to-county' AND (d.fin = 1 OR d.pr >= 80) AND " + h("d.x", Integer.parseInt(direction[1]), 10)
          + " < " + direction[2] + " AND " + reviewEnd + " <= " + now);
    }
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      for (String sql : statements) {
        long start = System.nanoTime();
        int rows = statement.executeUpdate(sql);
        System.out.printf("bench: loaded %,d rows in %,d ms: %s%n", rows,
            Duration.ofNanos(System.nanoTime() - start).toMillis(), sql.substring(0, Math.min(80, sql.length())));
      }
    }
  }

  private String stepInsert(Step step, String started, String ended, String due, String outcome, String days,
                            String where) {
    return "INSERT INTO tw_step_fact (id, process_instance_id, procedure_key, township_id, matter_code, "
        + "step_process_key, step_key, step_name, kind, holder, started_at, due_at, ended_at, outcome, working_days) "
        + "SELECT 'case-' || CAST(d.x AS VARCHAR(12)) || '-" + step.key() + "-" + step.from() + "', "
        + "'case-' || CAST(d.x AS VARCHAR(12)), d.proc, d.tw, " + matter(0) + ", '" + step.process() + "', '"
        + step.key() + "', '" + step.name() + "', '" + step.kind() + "', "
        + (step.holder() == null ? "NULL" : "'" + step.holder() + "'") + ", " + started + ", " + due + ", " + ended
        + ", " + outcome + ", " + days + " FROM " + source() + " WHERE " + where;
  }
}
