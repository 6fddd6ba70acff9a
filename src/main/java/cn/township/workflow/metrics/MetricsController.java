package cn.township.workflow.metrics;

import cn.township.workflow.catalog.CalendarUpdate;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.metrics.SupervisionFigures.Filter;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.system.Townships.Township;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Supervision figures as JSON (README, "Supervision"). Every endpoint takes the same filters: {@code township},
 * {@code procedure}, {@code matter}, and the period {@code from}/{@code to} (dates, both inclusive; default: this
 * year up to today). A township supervisor sees only their township.
 */
@RestController
@RequestMapping("/api/metrics")
public class MetricsController {

  private final SupervisionScope scope;
  private final SupervisionFigures figures;
  private final Deadlines deadlines;
  private final CalendarUpdate calendar;
  private final SupervisionReport report;
  private final TownshipRanking ranking;

  public MetricsController(SupervisionScope scope, SupervisionFigures figures, Deadlines deadlines,
                           CalendarUpdate calendar, SupervisionReport report, TownshipRanking ranking) {
    this.ranking = ranking;
    this.report = report;
    this.scope = scope;
    this.figures = figures;
    this.deadlines = deadlines;
    this.calendar = calendar;
  }

  /** Everything the Cockpit dashboard shows, in one answer. */
  @GetMapping("/dashboard")
  public Map<String, Object> dashboard(@RequestParam(required = false) String township,
                                       @RequestParam(required = false) String procedure,
                                       @RequestParam(required = false) String matter,
                                       @RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to) {
    List<Township> townships = scope.resolve(township);
    return dashboard(townships, filter(townships, procedure, matter, from, to));
  }

  /**
   * The dashboard's figures as a spreadsheet (考核 report): one sheet per table, plus every overdue case, every bad
   * rating with its handling and every case accepted in the period. Same filters and access rules as the dashboard.
   */
  @GetMapping("/report.xlsx")
  public void report(@RequestParam(required = false) String township,
                     @RequestParam(required = false) String procedure,
                     @RequestParam(required = false) String matter,
                     @RequestParam(required = false) String from,
                     @RequestParam(required = false) String to,
                     HttpServletResponse response) throws IOException {
    List<Township> townships = scope.resolve(township); // refused before a byte is written
    Filter filter = filter(townships, procedure, matter, from, to);
    Map<String, Object> dashboard = figures(townships, filter, false); // computed once, read by every sheet
    Map<?, ?> period = (Map<?, ?>) dashboard.get("scope");
    response.setContentType(SupervisionReport.CONTENT_TYPE);
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
        .filename("督查考核报表-" + period.get("from") + "至" + period.get("to") + ".xlsx", StandardCharsets.UTF_8)
        .build().toString());
    report.write(dashboard, filter, response.getOutputStream());
  }

  private Map<String, Object> dashboard(List<Township> townships, Filter filter) {
    return figures(townships, filter, true);
  }

  /**
   * The dashboard's figures; {@code page} false for the export, which has no sheet for what only the page shows
   * (催办, the charts, the calendar's coverage) and so does not compute them, and streams 双向考核评议 itself.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> figures(List<Township> townships, Filter filter, boolean page) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("scope", scope(townships, filter));
    body.put("cases", figures.cases(filter));
    body.put("overdue", figures.overdue(filter));
    if (page) {
      body.put("urged", figures.urged(filter));
    }
    body.put("steps", figures.steps(filter));
    body.put("ratings", figures.ratings(filter));
    body.put("enforcement", figures.enforcement(filter));
    body.put("decisions", figures.decisions(filter));
    body.put("forwarding", figures.forwarding(filter));
    if (scope.county()) { // the county's 排名: every township, whatever township the tables show
      List<Township> visible = scope.resolve(null);
      body.put("ranking", ranking.rank(visible, new Filter(visible.stream().map(Township::id).toList(),
          filter.procedure(), filter.matter(), filter.from(), filter.to())));
    }
    if (page) { // the export reads 双向考核评议 row by row into its sheet, and its summary from there
      body.put("evaluations", figures.evaluations(filter));
    }
    if (!page) {
      return body;
    }
    Map<String, Object> charts = figures.charts(filter);
    charts.put("townships", figures.townshipRates((Map<String, Object>) body.get("ranking"),
        (Map<String, Object>) body.get("cases"), (Map<String, Object>) body.get("ratings"), filter.townships()));
    body.put("charts", charts);
    body.put("calendar", calendar());
    return body;
  }

  /** How far holidays.csv covers: the dashboard warns when it is less than township.calendar.warn-days ahead. */
  private Map<String, Object> calendar() {
    Deadlines.Coverage coverage = deadlines.coverage();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("publishedThrough", String.valueOf(coverage.publishedThrough()));
    body.put("daysAhead", coverage.daysAhead());
    body.put("warnDays", calendar.warnDays());
    body.put("short", calendar.coverageShort());
    body.put("message", calendar.coverageWarning());
    return body;
  }

  /** 乡镇排名 (county supervisors and administrators: every township they see). */
  @GetMapping("/ranking")
  public Map<String, Object> ranking(@RequestParam(required = false) String procedure,
                                     @RequestParam(required = false) String matter,
                                     @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to) {
    List<Township> visible = scope.resolve(null); // 401 / 403 for those who see no figures at all
    if (!scope.county()) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "乡镇排名仅供县督查和系统管理员查看。");
    }
    return ranking.rank(visible, filter(visible, procedure, matter, from, to));
  }

  @GetMapping("/cases")
  public Map<String, Object> cases(@RequestParam(required = false) String township,
                                   @RequestParam(required = false) String procedure,
                                   @RequestParam(required = false) String matter,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to) {
    return figures.cases(filter(scope.resolve(township), procedure, matter, from, to));
  }

  @GetMapping("/overdue")
  public Map<String, Object> overdue(@RequestParam(required = false) String township,
                                     @RequestParam(required = false) String procedure,
                                     @RequestParam(required = false) String matter) {
    return figures.overdue(filter(scope.resolve(township), procedure, matter, null, null));
  }

  @GetMapping("/steps")
  public List<Map<String, Object>> steps(@RequestParam(required = false) String township,
                                         @RequestParam(required = false) String procedure,
                                         @RequestParam(required = false) String matter,
                                         @RequestParam(required = false) String from,
                                         @RequestParam(required = false) String to) {
    return figures.steps(filter(scope.resolve(township), procedure, matter, from, to));
  }

  @GetMapping("/ratings")
  public Map<String, Object> ratings(@RequestParam(required = false) String township,
                                     @RequestParam(required = false) String procedure,
                                     @RequestParam(required = false) String matter,
                                     @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to) {
    return figures.ratings(filter(scope.resolve(township), procedure, matter, from, to));
  }

  @GetMapping("/enforcement")
  public Map<String, Object> enforcement(@RequestParam(required = false) String township,
                                         @RequestParam(required = false) String from,
                                         @RequestParam(required = false) String to) {
    return figures.enforcement(filter(scope.resolve(township), null, null, from, to));
  }

  @GetMapping("/decisions")
  public Map<String, Object> decisions(@RequestParam(required = false) String township,
                                       @RequestParam(required = false) String from,
                                       @RequestParam(required = false) String to) {
    return figures.decisions(filter(scope.resolve(township), null, null, from, to));
  }

  @GetMapping("/forwarding")
  public Map<String, Object> forwarding(@RequestParam(required = false) String township,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to) {
    return figures.forwarding(filter(scope.resolve(township), "forward-to-county", null, from, to));
  }

  /** The longest period one request may ask for (an operational limit, not a statutory figure). */
  static final int MAX_PERIOD_YEARS = 5;

  private Filter filter(List<Township> townships, String procedure, String matter, String from, String to) {
    LocalDate today = deadlines.today();
    LocalDate first = date("from", from, today.withDayOfYear(1));
    LocalDate last = date("to", to, today);
    if (last.isBefore(first)) {
      throw new RejectedInputException("to", "统计期间的结束日期（to）不能早于开始日期（from）。");
    }
    if (first.plusYears(MAX_PERIOD_YEARS).isBefore(last)) {
      // the weekly chart has a row per week: a century would be a response of tens of megabytes
      throw new RejectedInputException("to", "统计期间最长 " + MAX_PERIOD_YEARS + " 年：请缩短 from 至 to 的期间。");
    }
    return new Filter(townships.stream().map(Township::id).toList(), blankToNull(procedure), blankToNull(matter),
        first.atStartOfDay(deadlines.zone()).toInstant(), last.plusDays(1).atStartOfDay(deadlines.zone()).toInstant());
  }

  private static LocalDate date(String field, String value, LocalDate fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new RejectedInputException(field, "日期格式应为 yyyy-MM-dd，例如 2026-11-01：收到「" + value + "」。");
    }
    // LocalDate takes years to ±999,999,999; the database and the period arithmetic do not
    if (date.getYear() < 1900 || date.getYear() > 9999) {
      throw new RejectedInputException(field, "统计日期应在 1900 年至 9999 年之间：收到「" + value + "」。");
    }
    return date;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private Map<String, Object> scope(List<Township> townships, Filter filter) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("townships", townships.stream().map(t -> Map.of("id", t.id(), "name", t.name())).toList());
    scope.put("procedure", filter.procedure());
    scope.put("matter", filter.matter());
    scope.put("from", filter.from().atZone(deadlines.zone()).toLocalDate().toString());
    scope.put("to", filter.to().atZone(deadlines.zone()).toLocalDate().minusDays(1).toString());
    return scope;
  }
}
