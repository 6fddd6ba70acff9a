package cn.township.workflow.metrics;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.support.Api;
import cn.township.workflow.support.BrowserScript;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * In a real browser (Debian's chromium driven by browser-tests/supervision.mjs): a clerk completes a Camunda Form in
 * Tasklist, and the county supervisor finds Cockpit in Chinese without the end-of-life banner, in its dashboard
 * exactly the figures and charts of the cases this test made, downloads the 考核 spreadsheet (opened here with POI)
 * and sees the case's receipt number and matter in the instance view. Its own
 * context and database, so that only these cases are counted, and its own engine name (the webapps find engines
 * in a JVM-wide registry, see ProcessTest). Screenshots: target/browser-screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "camunda.bpm.process-engine-name=" + SupervisionBrowserTest.ENGINE)
@ActiveProfiles({"test", "demo"})
class SupervisionBrowserTest {

  static final String ENGINE = "browsertests";
  static final List<String> HOMESTEAD = List.of("农村宅基地和建房（规划许可）申请表", "申请人身份证明", "户口簿",
      "村民小组会议讨论意见及村委会审查意见", "住房设计图或通用图");

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired cn.township.workflow.window.ApplicantRatings ratings;
  @Autowired RuntimeService runtime;
  @Autowired Deadlines deadlines;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  Task open(String receiptNo) {
    return tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).list().get(0);
  }

  void complete(String receiptNo, Map<String, Object> variables) {
    tasks.complete(open(receiptNo).getId(), variables);
  }

  String register(LocalDate day) {
    ClockUtil.setCurrentTime(Date.from(ZonedDateTime.of(day.atTime(10, 0), deadlines.zone()).toInstant()));
    return (String) new Api(rest).register("qs-clerk", anApplication().json()).get("receiptNo");
  }

  @Test
  void clerkCompletesAFormAndTheSupervisorSeesTheFigures() throws Exception {
    LocalDate today = deadlines.today();
    // accepted six weeks ago and still with the reviewer: overdue
    String overdue = register(today.minusDays(42));
    complete(overdue, Map.of("receivedMaterials", HOMESTEAD, "acceptable", true));
    // decided, issued and rated badly: the supervisor verifies the complaint
    String rated = register(today.minusDays(10));
    complete(rated, Map.of("receivedMaterials", HOMESTEAD, "acceptable", true));
    complete(rated, Map.of("reviewResult", "approve", "reviewOpinion", "符合条件"));
    complete(rated, Map.of("leaderDecision", "agree", "leaderOpinion", "同意"));
    complete(rated, Map.of("deliveryMethod", "window", "decisionDelivered", true));
    ratings.rate(rated, cn.township.workflow.window.RecordRating.Level.DISSATISFIED, "多跑了一趟",
        cn.township.workflow.window.ApplicantRatings.Channel.ONLINE, null);
    ClockUtil.reset();
    // today: waiting at the window for the clerk, who will complete it in the browser
    String fresh = register(today);
    ClockUtil.reset();

    LocalDate yearStart = today.withDayOfYear(1);
    long acceptedThisYear = List.of(today.minusDays(42), today.minusDays(10), today).stream()
        .filter(day -> !day.isBefore(yearStart)).count();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("accepted", acceptedThisYear);
    figures.put("inProgress", 2);
    figures.put("overdue", 1);
    figures.put("badOpen", 1);
    figures.put("goodRate", !today.minusDays(10).isBefore(yearStart) ? "0.0%" : "—");
    boolean ratedThisYear = !today.minusDays(10).isBefore(yearStart);
    Map<String, Object> expected = Map.of("receiptNo", fresh, "overdueCaseNo", overdue, "figures", figures,
        "matterName", runtime.getVariable(open(overdue).getProcessInstanceId(), "matterName"),
        "goodRateValue", ratedThisYear ? "0" : "", "completed", ratedThisYear ? 1 : 0);
    Path expectedFile = Files.createTempFile("expected", ".json");
    Files.writeString(expectedFile, new ObjectMapper().writeValueAsString(expected), StandardCharsets.UTF_8);

    Path shots = BrowserScript.SHOTS;
    BrowserScript.run("supervision.mjs", port, "browser.log", expectedFile.toString(), ENGINE);

    // the form in the browser really completed the task, with what the clerk ticked
    Task review = open(fresh);
    assertThat(review.getTaskDefinitionKey()).isEqualTo("Task_Review");
    assertThat(cn.township.workflow.system.CaseVariables.asList("materialsInFile",
        runtime.getVariable(review.getProcessInstanceId(), "materialsInFile"))).contains("住房设计图或通用图");
    assertThat(shots.resolve("cockpit-dashboard.png")).isNotEmptyFile();
    assertThat(shots.resolve("tasklist-form.png")).isNotEmptyFile();
    // the spreadsheet the county supervisor downloaded with the dashboard's button
    try (XSSFWorkbook report = new XSSFWorkbook(Files.newInputStream(shots.resolve("report.xlsx")))) {
      Row accepted = SupervisionReportTest.rowWith(report.getSheet("概况"), "受理");
      assertThat(SupervisionReportTest.number(accepted.getCell(1))).isEqualTo(acceptedThisYear);
      assertThat(SupervisionReportTest.rowWith(report.getSheet("超期未办结"), overdue).getCell(2).getStringCellValue())
          .isEqualTo("青山镇");
      assertThat(SupervisionReportTest.column(report.getSheet("乡镇排名"), 1)).contains("青山镇", "白石乡");
    }
  }
}
