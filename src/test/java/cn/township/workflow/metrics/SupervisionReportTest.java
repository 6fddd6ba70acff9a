package cn.township.workflow.metrics;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.support.Api;
import cn.township.workflow.window.ApplicantRatings;
import cn.township.workflow.window.RecordRating;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** GET /api/metrics/report.xlsx opened with POI: the dashboard's figures as typed cells, the case lists, who may read. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class SupervisionReportTest {

  static final List<String> HOMESTEAD = SupervisionBrowserTest.HOMESTEAD;

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired ApplicantRatings ratings;
  @Autowired Deadlines deadlines;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  Api api() {
    return new Api(rest);
  }

  Instant at(LocalDate day) {
    Instant moment = ZonedDateTime.of(day.atTime(10, 0), deadlines.zone()).toInstant();
    ClockUtil.setCurrentTime(Date.from(moment));
    return moment;
  }

  void complete(String receiptNo, Map<String, Object> variables) {
    tasks.complete(tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).list().get(0).getId(), variables);
  }

  XSSFWorkbook report(String user, String query) throws IOException {
    ResponseEntity<byte[]> answer = api().as(user).getForEntity("/api/metrics/report.xlsx" + query, byte[].class);
    assertThat(answer.getStatusCode()).as(answer.getBody() == null ? "" : new String(answer.getBody()))
        .isEqualTo(HttpStatus.OK);
    assertThat(answer.getHeaders().getContentType().toString()).isEqualTo(SupervisionReport.CONTENT_TYPE);
    assertThat(answer.getHeaders().getContentDisposition().getFilename()).startsWith("督查考核报表-").endsWith(".xlsx");
    return new XSSFWorkbook(new ByteArrayInputStream(answer.getBody()));
  }

  static Row rowWith(Sheet sheet, String firstCell) {
    for (Row row : sheet) {
      if (row.getRowNum() > 0 && firstCell.equals(row.getCell(0).getStringCellValue())) {
        return row;
      }
    }
    throw new AssertionError("no row " + firstCell + " in sheet " + sheet.getSheetName());
  }

  static List<String> column(Sheet sheet, int index) {
    List<String> values = new ArrayList<>();
    for (Row row : sheet) {
      Cell cell = row.getCell(index);
      if (row.getRowNum() > 0 && cell != null) {
        values.add(cell.getStringCellValue());
      }
    }
    return values;
  }

  static double number(Cell cell) {
    assertThat(cell.getCellType()).as("cell %s is a number", cell.getAddress()).isEqualTo(CellType.NUMERIC);
    return cell.getNumericCellValue();
  }

  static LocalDateTime date(Cell cell) {
    assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
    assertThat(DateUtil.isCellDateFormatted(cell)).as("cell %s is shown as a date", cell.getAddress()).isTrue();
    return cell.getLocalDateTimeCellValue();
  }

  @Test
  void theWorkbookHoldsTheDashboardFiguresAsNumbersAndDates() throws IOException {
    LocalDate today = deadlines.today();
    // accepted six weeks ago and still with the reviewer: overdue
    Instant overdueAccepted = at(today.minusDays(42));
    String overdue = (String) api().register("qs-clerk", anApplication().json()).get("receiptNo");
    complete(overdue, Map.of("receivedMaterials", HOMESTEAD, "acceptable", true));
    // decided, issued and rated badly: the complaint is being verified
    at(today.minusDays(10));
    String rated = (String) api().register("qs-clerk", anApplication().json()).get("receiptNo");
    complete(rated, Map.of("receivedMaterials", HOMESTEAD, "acceptable", true));
    complete(rated, Map.of("reviewResult", "approve", "reviewOpinion", "符合条件"));
    complete(rated, Map.of("leaderDecision", "agree", "leaderOpinion", "同意"));
    complete(rated, Map.of("deliveryMethod", "window", "decisionDelivered", true));
    ratings.rate(rated, RecordRating.Level.DISSATISFIED, "多跑了一趟", ApplicantRatings.Channel.ONLINE, null);
    ClockUtil.reset();
    String from = today.minusDays(60).toString();
    String query = "?from=" + from + "&to=" + today;

    Map<String, Object> dashboard = api().get("qs-supervisor", "/api/metrics/dashboard" + query).getBody();
    try (XSSFWorkbook book = report("qs-supervisor", query)) {
      List<String> names = new ArrayList<>();
      book.forEach(sheet -> names.add(sheet.getSheetName()));
      assertThat(names).containsSubsequence("概况", "各程序办件", "好差评", "差评及处理", "超期未办结", "各环节用时",
          "转报等待", "综合行政执法", "重大行政决策", "办件明细");

      Sheet summary = book.getSheet("概况");
      Map<?, ?> total = (Map<?, ?>) ((Map<?, ?>) dashboard.get("cases")).get("total");
      assertThat(number(rowWith(summary, "受理").getCell(1))).isEqualTo(((Number) total.get("accepted")).doubleValue());
      assertThat(number(rowWith(summary, "办结").getCell(1))).isEqualTo(((Number) total.get("completed")).doubleValue());
      assertThat(number(rowWith(summary, "当前超期").getCell(1)))
          .isEqualTo(((Number) ((Map<?, ?>) dashboard.get("overdue")).get("count")).doubleValue());
      assertThat(date(rowWith(summary, "统计期间起").getCell(1)).toLocalDate()).isEqualTo(LocalDate.parse(from));
      Cell goodRate = rowWith(summary, "好评率").getCell(1);
      Object expectedGood = ((Map<?, ?>) dashboard.get("ratings")).get("goodRate");
      assertThat(number(goodRate)).isEqualTo(((Number) expectedGood).doubleValue());
      assertThat(goodRate.getCellStyle().getDataFormatString()).isEqualTo("0.0%");
      assertThat(rowWith(summary, "乡镇").getCell(1).getStringCellValue()).contains("青山镇").doesNotContain("白石乡");

      Row late = rowWith(book.getSheet("超期未办结"), overdue);
      assertThat(late.getCell(2).getStringCellValue()).isEqualTo("青山镇");
      assertThat(date(late.getCell(4))).isEqualTo(LocalDateTime.ofInstant(overdueAccepted, deadlines.zone()));
      LocalDateTime due = date(late.getCell(5));
      assertThat(number(late.getCell(6))).isEqualTo(deadlines.workingDaysBetween(
          due.atZone(deadlines.zone()).toInstant(), deadlines.now()));
      assertThat(number(late.getCell(6))).isPositive();
      assertThat(late.getCell(7).getStringCellValue()).isNotBlank();
      assertThat(column(book.getSheet("超期未办结"), 2)).containsOnly("青山镇");

      Row complaint = rowWith(book.getSheet("差评及处理"), rated);
      assertThat(complaint.getCell(3).getStringCellValue()).isEqualTo("不满意");
      assertThat(complaint.getCell(5).getStringCellValue()).isNotBlank(); // the verification step
      assertThat(complaint.getCell(10).getStringCellValue()).isEqualTo("办理中");

      Row accepted = rowWith(book.getSheet("办件明细"), overdue);
      assertThat(date(accepted.getCell(4))).isEqualTo(LocalDateTime.ofInstant(overdueAccepted, deadlines.zone()));
      assertThat(accepted.getCell(6)).as("not 办结 yet: empty").isNull();
      Row done = rowWith(book.getSheet("办件明细"), rated);
      assertThat(number(done.getCell(7))).isGreaterThanOrEqualTo(0);
      assertThat(done.getCell(9).getStringCellValue()).isEqualTo("不满意");

      Sheet byProcedure = book.getSheet("各程序办件");
      Row sum = rowWith(byProcedure, "合计");
      assertThat(number(sum.getCell(1))).isEqualTo(((Number) total.get("accepted")).doubleValue());
    }
    // the county sees both townships
    try (XSSFWorkbook county = report("county-supervisor", query)) {
      assertThat(rowWith(county.getSheet("概况"), "乡镇").getCell(1).getStringCellValue()).contains("青山镇").contains("白石乡");
      assertThat(column(county.getSheet("办件明细"), 0)).contains(overdue, rated);
      Sheet ranking = county.getSheet("乡镇排名");
      assertThat(column(ranking, 1)).containsExactlyInAnyOrder("青山镇", "白石乡");
      Row first = ranking.getRow(1);
      assertThat(number(first.getCell(0))).isEqualTo(1);
      assertThat(ranking.getRow(0).getCell(first.getLastCellNum() - 1).getStringCellValue()).isEqualTo("总分");
      Cell secondScore = ranking.getRow(2).getCell(first.getLastCellNum() - 1);
      if (secondScore == null) { // 白石乡 had no case in the period: not ranked
        assertThat(ranking.getRow(2).getCell(0).getStringCellValue()).isEqualTo("—");
      } else {
        assertThat(number(first.getCell(first.getLastCellNum() - 1))).isGreaterThanOrEqualTo(number(secondScore));
      }
    }
    try (XSSFWorkbook township = report("qs-supervisor", query)) {
      assertThat(township.getSheet("乡镇排名")).as("the ranking is the county's").isNull();
    }
    try (XSSFWorkbook baishi = report("county-supervisor", query + "&township=baishi")) {
      assertThat(column(baishi.getSheet("办件明细"), 0)).doesNotContain(overdue, rated);
    }
  }

  @Test
  void othersAreRefusedBeforeAnyByteIsWritten() {
    assertThat(rest.getForEntity("/api/metrics/report.xlsx", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<Map<String, Object>> clerk = api().get("qs-clerk", "/api/metrics/report.xlsx");
    assertThat(clerk.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(clerk.getBody().get("message").toString()).contains("督查数据仅供督查人员");
    ResponseEntity<Map<String, Object>> other = api().get("qs-supervisor", "/api/metrics/report.xlsx?township=baishi");
    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(other.getBody().get("message").toString()).contains("白石乡");
    ResponseEntity<Map<String, Object>> badDate = api().get("qs-supervisor", "/api/metrics/report.xlsx?to=2026-02-30");
    assertThat(badDate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badDate.getBody().get("message").toString()).contains("yyyy-MM-dd");
    ResponseEntity<Map<String, Object>> reversed = api().get("qs-supervisor",
        "/api/metrics/report.xlsx?from=2026-05-01&to=2026-04-01");
    assertThat(reversed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(reversed.getBody().get("message").toString()).contains("不能早于");
    ResponseEntity<Map<String, Object>> unknown = api().get("county-supervisor",
        "/api/metrics/report.xlsx?township=" + "x".repeat(5000));
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknown.getBody().get("message").toString()).contains("未知的乡镇");
  }
}
