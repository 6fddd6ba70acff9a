package cn.township.workflow.metrics;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.metrics.ReportSheets.Percent;
import cn.township.workflow.metrics.ReportSheets.Sheet;
import cn.township.workflow.metrics.SupervisionFigures.Filter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Component;

/**
 * The 考核 report as a spreadsheet (GET /api/metrics/report.xlsx): one sheet per table of the dashboard, plus the
 * case lists the dashboard cuts at 200 rows (overdue cases, bad ratings and their handling, every case accepted in
 * the period) and the 双向考核评议 of every forwarded case, each read row by row from the database. Written with POI's
 * streaming workbook: only the last {@value #ROWS_IN_MEMORY} rows of a sheet are held in memory, the rest goes to a
 * temporary file, so a county's year fits in a small heap.
 */
@Component
public class SupervisionReport {

  public static final String CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  static final int ROWS_IN_MEMORY = 100;
  static final Map<String, String> LEVELS = Map.of("county", "县级", "city", "市级");

  private final SupervisionFigures figures;
  private final Deadlines deadlines;

  public SupervisionReport(SupervisionFigures figures, Deadlines deadlines) {
    this.figures = figures;
    this.deadlines = deadlines;
  }

  /** Writes the workbook of {@code dashboard} (the answer of /api/metrics/dashboard for {@code filter}). */
  public void write(Map<String, Object> dashboard, Filter filter, OutputStream out) throws IOException {
    SXSSFWorkbook book = workbook();
    try {
      ReportSheets sheets = new ReportSheets(book, deadlines.zone());
      // the first sheet, filled last with the summary of 双向考核评议 read for its sheet (its few rows stay in memory)
      Sheet overview = sheets.sheet("概况", "项目", "数值");
      if (dashboard.containsKey("ranking")) {
        ranking(sheets, map(dashboard, "ranking"));
      }
      byProcedure(sheets, map(dashboard, "cases"));
      ratings(sheets, map(dashboard, "ratings"));
      badRatings(sheets, filter);
      overdue(sheets, filter);
      steps(sheets, list(dashboard, "steps"));
      forwarding(sheets, map(dashboard, "forwarding"));
      Map<String, Object> evaluated = evaluations(sheets, filter);
      stages(sheets, "综合行政执法", "案件数", list(map(dashboard, "enforcement"), "byStage"));
      stages(sheets, "重大行政决策", "决策数", list(map(dashboard, "decisions"), "byStage"));
      cases(sheets, filter);
      summary(overview, dashboard, evaluated);
      book.write(out);
    } finally {
      book.close();
      book.dispose();
    }
  }

  /**
   * POI's streaming workbook, tuned for a county's year (260,000 cases): temporary sheet files uncompressed (tens of
   * megabytes, deleted by dispose(); compressing them cost as much CPU again as writing the rows, and write() unpacked
   * them again), the xlsx deflated at the fastest level (about a fifth larger, a third of the CPU: 0.5 instead of
   * 1.6 s for 260,000 rows).
   */
  static SXSSFWorkbook workbook() {
    SXSSFWorkbook book = new SXSSFWorkbook(ROWS_IN_MEMORY) {
      @Override
      protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream out) {
        ZipArchiveOutputStream zip = super.createArchiveOutputStream(out);
        zip.setLevel(Deflater.BEST_SPEED);
        return zip;
      }
    };
    book.setCompressTempFiles(false);
    return book;
  }

  private void summary(Sheet sheet, Map<String, Object> d, Map<String, Object> evaluated) {
    sheet.widen(0, 24);
    sheet.widen(1, 40);
    Map<String, Object> scope = map(d, "scope");
    Map<String, Object> total = map(map(d, "cases"), "total");
    Map<String, Object> ratings = map(d, "ratings");
    Map<String, Object> enforcement = map(d, "enforcement");
    sheet.row("统计期间起", LocalDate.parse((String) scope.get("from")));
    sheet.row("统计期间止", LocalDate.parse((String) scope.get("to")));
    sheet.row("乡镇", list(scope, "townships").stream().map(t -> (String) t.get("name"))
        .collect(Collectors.joining("、")));
    sheet.row("程序", scope.get("procedure") == null ? "全部程序" : figures.procedureName((String) scope.get("procedure")));
    sheet.row("事项编码", scope.get("matter") == null ? "全部事项" : scope.get("matter"));
    sheet.row("受理", total.get("accepted"));
    sheet.row("在办", total.get("inProgress"));
    sheet.row("办结", total.get("completed"));
    sheet.row("按时办结率", new Percent((Double) total.get("onTimeRate")));
    sheet.row("平均办理（工作日）", total.get("avgHandlingDays"));
    sheet.row("90%办理（工作日）", total.get("p90HandlingDays"));
    sheet.row("当前超期", map(d, "overdue").get("count"));
    sheet.row("好评率", new Percent((Double) ratings.get("goodRate")));
    sheet.row("差评处理中", list(ratings, "openRectifications").size());
    sheet.row("转报超时默认（次）", map(d, "forwarding").get("deemedAgreed"));
    sheet.row("双向评议：县级已办转报件", evaluated.get("cases"));
    sheet.row("双向评议：县级按时率", new Percent((Double) evaluated.get("countyOnTimeRate")));
    sheet.row("双向评议：乡镇评县级平均分", evaluated.get("countyHandlingAvgScore"));
    sheet.row("双向评议：县级评乡镇预审平均分", evaluated.get("preExaminationAvgScore"));
    sheet.row("作出处罚决定（件）", enforcement.get("decided"));
    sheet.row("其中法定期限内（件）", enforcement.get("decidedInTime"));
    sheet.row("举行听证（次）", enforcement.get("hearingsHeld"));
    sheet.row("重大行政决策已确认并公布（项）", map(d, "decisions").get("published"));
  }

  /** 乡镇排名: each figure and its points, the weighted score; rates as percentages. */
  private void ranking(ReportSheets sheets, Map<String, Object> ranking) {
    List<Map<String, Object>> criteria = list(ranking, "criteria");
    List<String> headers = new ArrayList<>(List.of("排名", "乡镇"));
    for (Map<String, Object> c : criteria) {
      headers.add((String) c.get("label"));
      headers.add(c.get("label") + "得分（权重" + TownshipRanking.weight((Double) c.get("weight")) + "）");
    }
    headers.add("总分");
    Sheet sheet = sheets.sheet("乡镇排名", headers.toArray(String[]::new));
    for (Map<String, Object> t : list(ranking, "townships")) {
      List<Object> cells = new ArrayList<>(List.of(t.get("rank") == null ? "—" : t.get("rank"), t.get("townshipName")));
      for (Map<String, Object> c : criteria) {
        Object value = map(t, "figures").get(c.get("figure"));
        cells.add(TownshipRanking.RATES.contains(c.get("figure")) ? new Percent((Double) value) : value);
        cells.add(map(t, "points").get(c.get("figure")));
      }
      cells.add(t.get("score"));
      sheet.row(cells.toArray());
    }
  }

  private void byProcedure(ReportSheets sheets, Map<String, Object> cases) {
    Sheet sheet = sheets.sheet("各程序办件", "程序", "受理", "在办", "办结", "按时办结", "有时限的办结", "按时办结率",
        "平均办理（工作日）", "90%办理（工作日）");
    sheet.widen(0, 24);
    for (Map<String, Object> p : list(cases, "byProcedure")) {
      sheet.row(p.get("procedureName"), p.get("accepted"), p.get("inProgress"), p.get("completed"),
          p.getOrDefault("completedOnTime", 0L), p.getOrDefault("withTimeLimit", 0L),
          new Percent((Double) p.get("onTimeRate")), p.get("avgHandlingDays"), p.get("p90HandlingDays"));
    }
    Map<String, Object> t = map(cases, "total");
    sheet.row("合计", t.get("accepted"), t.get("inProgress"), t.get("completed"), t.get("completedOnTime"),
        t.get("withTimeLimit"), new Percent((Double) t.get("onTimeRate")), t.get("avgHandlingDays"),
        t.get("p90HandlingDays"));
  }

  private void ratings(ReportSheets sheets, Map<String, Object> ratings) {
    Sheet sheet = sheets.sheet("好差评", "评价等级", "件数", "占比");
    for (Map<String, Object> level : list(ratings, "levels")) {
      sheet.row(level.get("label"), level.get("count"), new Percent((Double) level.get("share")));
    }
    sheet.row("合计", ratings.get("total"), null);
    sheet.row("好评率", null, new Percent((Double) ratings.get("goodRate")));
  }

  void badRatings(ReportSheets sheets, Filter filter) {
    Sheet sheet = sheets.sheet("差评及处理", "受理编号", "乡镇", "事项", "评价", "评价时间", "处理环节", "承办",
        "开始", "期限", "完成", "状态");
    sheet.widen(2, 30);
    figures.eachBadRating(filter, r -> sheet.row(r.caseNo(), r.township(), r.matterName(), r.rating(), r.ratedAt(),
        r.stepName(), r.holder(), r.stepStarted(), r.stepDue(), r.stepEnded(), r.outcome()));
  }

  void overdue(ReportSheets sheets, Filter filter) {
    Sheet sheet = sheets.sheet("超期未办结", "受理编号", "程序", "乡镇", "事项", "受理时间", "承诺期限", "超期工作日",
        "当前环节（承办）");
    sheet.widen(3, 30);
    sheet.widen(7, 40);
    figures.eachOverdue(filter, c -> sheet.row(c.caseNo(), c.procedureName(), c.township(), c.matterName(),
        c.startedAt(), c.dueAt(), c.workingDaysOver(), c.openSteps()));
  }

  private void steps(ReportSheets sheets, List<Map<String, Object>> steps) {
    Sheet sheet = sheets.sheet("各环节用时", "程序", "环节", "完成数", "平均（工作日）", "90%（工作日）");
    sheet.widen(1, 30);
    for (Map<String, Object> s : steps) {
      sheet.row(s.get("procedureName"), s.get("stepName"), s.get("completed"), s.get("avgDays"), s.get("p90Days"));
    }
  }

  private void forwarding(ReportSheets sheets, Map<String, Object> forwarding) {
    Sheet sheet = sheets.sheet("转报等待", "受理编号", "乡镇", "事项", "层级", "等待起", "等待（工作日）", "审查部门");
    for (Map<String, Object> w : list(forwarding, "waiting")) {
      sheet.row(w.get("caseNo"), figures.townshipName((String) w.get("township")), w.get("matterName"),
          LEVELS.getOrDefault((String) w.get("level"), (String) w.get("level")), w.get("waitingSince"),
          w.get("waitingWorkingDays"), ((List<?>) w.get("openSteps")).stream()
              .map(s -> ((Map<?, ?>) s).get("holder").toString()).collect(Collectors.joining("、")));
    }
  }

  /** 双向考核评议: per forwarded case the computed figures and both evaluations; returns their summary. */
  Map<String, Object> evaluations(ReportSheets sheets, Filter filter) {
    Sheet sheet = sheets.sheet("双向考核评议", "受理编号", "乡镇", "事项", "县级审查承办", "县级办结时间",
        "县级用时（工作日）", "县级按时", "退回补正（次）", "超时默认（次）", "乡镇评县级部门（1–5分）", "乡镇评议意见",
        "县级部门评乡镇预审（1–5分）", "县级部门评议意见");
    sheet.widen(2, 30);
    return figures.eachEvaluation(filter, c -> {
      Map<String, Object> county = map(c, "countyHandling");
      Map<String, Object> township = map(c, "preExamination");
      sheet.row(c.get("caseNo"), c.get("townshipName"), c.get("matterName"), c.get("handledBy"), c.get("countyEndedAt"),
          c.get("countyWorkingDays"), c.get("countyOnTime"), c.get("returns"), c.get("deemed"),
          county == null ? null : county.get("score"), county == null ? "未评议" : county.get("comment"),
          township == null ? null : township.get("score"), township == null ? "未评议" : township.get("comment"));
    });
  }

  private void stages(ReportSheets sheets, String name, String count, List<Map<String, Object>> stages) {
    Sheet sheet = sheets.sheet(name, "环节", count, "平均（工作日）", "最长（工作日）");
    sheet.widen(0, 30);
    for (Map<String, Object> s : stages) {
      sheet.row(s.get("stepName"), s.get("count"), s.get("avgAgeWorkingDays"), s.get("maxAgeWorkingDays"));
    }
  }

  void cases(ReportSheets sheets, Filter filter) {
    Sheet sheet = sheets.sheet("办件明细", "受理编号", "程序", "乡镇", "事项", "受理时间", "承诺期限", "办结时间",
        "办理（工作日）", "按时办结", "评价");
    sheet.widen(3, 30);
    figures.eachCase(filter, c -> sheet.row(c.caseNo(), c.procedureName(), c.township(), c.matterName(),
        c.startedAt(), c.dueAt(), c.completedAt(), c.handlingDays(), c.onTime(), c.rating()));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    return (List<Map<String, Object>>) parent.get(key);
  }
}
