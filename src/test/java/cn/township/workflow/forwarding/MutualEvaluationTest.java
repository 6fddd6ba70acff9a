package cn.township.workflow.forwarding;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** 双向考核评议 over HTTP: who rates whom on a forwarded case, what is refused, and where it shows. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class MutualEvaluationTest {

  static final List<String> LOGGING_MATERIALS = ForwardingApiTest.LOGGING_MATERIALS;

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired org.camunda.bpm.engine.ManagementService management;
  @Autowired JdbcTemplate jdbc;
  @org.springframework.boot.test.web.server.LocalServerPort int port;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(rest);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  void complete(String receiptNo, Map<String, Object> variables) {
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).singleResult();
    tasks.complete(task.getId(), Variables.fromMap(variables));
  }

  /** A forest logging case of 青山镇, pre-examined and forwarded: waiting for the county forestry bureau. */
  String caseAtCounty() {
    String receiptNo = (String) api.register("qs-clerk", anApplication().forMatter("FOREST_LOGGING").json())
        .get("receiptNo");
    complete(receiptNo, Map.of("receivedMaterials", LOGGING_MATERIALS, "acceptable", true));
    complete(receiptNo, Map.of("preExamResult", "pass", "preliminaryOpinion", "agree", "preExamOpinion", "符合转报条件"));
    return receiptNo;
  }

  ResponseEntity<Map<String, Object>> rate(String user, String receiptNo, String direction, Object score,
                                           String comment) {
    Map<String, Object> body = new HashMap<>();
    body.put("score", score);
    body.put("comment", comment);
    return api.post(user, "/api/cases/" + receiptNo + "/evaluations/" + direction, body);
  }

  ResponseEntity<String> raw(String user, String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return api.as(user).exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), String.class);
  }

  long evaluations() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM tw_mutual_evaluation", Long.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theTownshipRatesTheCountyAndTheCountyRatesThePreExamination() throws Exception {
    String receiptNo = caseAtCounty();
    ResponseEntity<Map<String, Object>> early = rate("qs-preexaminer", receiptNo, "county-handling", 4, "");
    assertThat(early.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(early.getBody().get("message").toString()).contains("县级部门尚未办理");

    // the county forestry bureau decides two months later: past its stage deadline
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(60, ChronoUnit.DAYS)));
    Task review = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo)
        .taskDefinitionKey("Task_DepartmentReview").singleResult();
    tasks.complete(review.getId(), Variables.fromMap(Map.of("departmentDecision", "approve",
        "departmentOpinion", "同意采伐")));

    // the model opens 评议县级部门办理 in Tasklist: the API sends the pre-examiner there (else the task would end 未评议)
    ResponseEntity<Map<String, Object>> overApi = rate("qs-preexaminer", receiptNo, "county-handling", 2,
        "超过本阶段时限近两个月");
    assertThat(overApi.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(overApi.getBody().get("message").toString()).contains("评议县级部门办理");
    String ratingTask = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo)
        .taskDefinitionKey("Task_RateCountyHandling").singleResult().getId();
    assertThat(engineRest("qs-preexaminer", "/engine-rest/task/" + ratingTask + "/complete", Map.of(
        "countyHandlingScore", "2", "countyHandlingComment", "超过本阶段时限近两个月")).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    ResponseEntity<Map<String, Object>> township = api.get("qs-preexaminer", "/api/cases/" + receiptNo + "/evaluations");
    assertThat((Map<String, Object>) township.getBody().get("countyHandling")).containsEntry("score", 2);
    assertThat(township.getBody().get("departments").toString()).contains("县林业局");
    ResponseEntity<Map<String, Object>> again = rate("qs-preexaminer", receiptNo, "county-handling", 5, "");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(again.getBody().get("message").toString()).contains("不能重复评议");
    ResponseEntity<Map<String, Object>> county = rate("xlj-reviewer", receiptNo, "pre-examination", 5, "材料齐全，初审意见明确");
    assertThat(county.getStatusCode()).as("%s", county.getBody()).isEqualTo(HttpStatus.OK);

    ResponseEntity<Map<String, Object>> read = api.get("qs-supervisor", "/api/cases/" + receiptNo + "/evaluations");
    assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat((Map<String, Object>) read.getBody().get("preExamination")).containsEntry("score", 5)
        .containsEntry("raterUnit", "county-forestry");
    assertThat(api.get("bs-supervisor", "/api/cases/" + receiptNo + "/evaluations").getStatusCode())
        .as("another township is not told the case exists").isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.get("bs-clerk", "/api/cases/" + receiptNo + "/evaluations").getStatusCode())
        .as("another township is not told the case exists").isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.get("xmz-reviewer", "/api/cases/" + receiptNo + "/evaluations").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    // the county supervisor's dashboard and spreadsheet, over a period that includes the county's decision
    LocalDate today = LocalDate.now();
    String period = "?from=" + today.minusDays(5) + "&to=" + today.plusDays(70);
    Map<String, Object> dashboard = api.get("county-supervisor", "/api/metrics/dashboard" + period).getBody();
    Map<String, Object> evaluations = (Map<String, Object>) dashboard.get("evaluations");
    Map<String, Object> row = ((List<Map<String, Object>>) evaluations.get("cases")).stream()
        .filter(c -> receiptNo.equals(c.get("caseNo"))).findFirst().orElseThrow();
    assertThat(row).containsEntry("countyOnTime", false).containsEntry("returns", 0).containsEntry("deemed", 0);
    assertThat(((Number) row.get("countyWorkingDays")).intValue()).isGreaterThan(20);
    assertThat((Map<String, Object>) row.get("countyHandling")).containsEntry("score", 2);
    assertThat((Map<String, Object>) row.get("preExamination")).containsEntry("score", 5);
    ResponseEntity<byte[]> report = api.as("county-supervisor").getForEntity("/api/metrics/report.xlsx" + period,
        byte[].class);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(report.getBody()))) {
      Sheet sheet = book.getSheet("双向考核评议");
      Row found = null;
      for (Row r : sheet) {
        if (r.getRowNum() > 0 && receiptNo.equals(r.getCell(0).getStringCellValue())) {
          found = r;
        }
      }
      assertThat(found).as("the case in 双向考核评议").isNotNull();
      assertThat(found.getCell(6).getStringCellValue()).isEqualTo("否");
      assertThat(found.getCell(9).getNumericCellValue()).isEqualTo(2);
      assertThat(found.getCell(10).getStringCellValue()).isEqualTo("超过本阶段时限近两个月");
      assertThat(found.getCell(11).getNumericCellValue()).isEqualTo(5);
    }
  }

  /** Tasklist's task completion over the engine's REST: the variables as a form submits them (strings). */
  ResponseEntity<String> engineRest(String user, String path, Map<String, String> variables) {
    Map<String, Object> typed = new HashMap<>();
    variables.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return api.as(user).exchange(path, HttpMethod.POST, new HttpEntity<>(Map.of("variables", typed), headers),
        String.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void ratingsEnteredInTasklistAreGuardedLikeTheApiAndShowOnTheDashboardAndInTheExport() throws Exception {
    String receiptNo = caseAtCounty();
    String review = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo)
        .taskDefinitionKey("Task_DepartmentReview").singleResult().getId();
    ResponseEntity<String> oversized = engineRest("xlj-reviewer", "/engine-rest/task/" + review + "/complete",
        Map.of("departmentDecision", "approve", "departmentOpinion", "同意采伐", "preExamScore", "4",
            "preExamComment", "长".repeat(501)));
    assertThat(oversized.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(oversized.getBody()).contains("最多 500 字");
    assertThat(engineRest("xlj-reviewer", "/engine-rest/task/" + review + "/complete", Map.of("departmentDecision",
        "approve", "departmentOpinion", "同意采伐", "preExamScore", "5", "preExamComment", "材料齐全，初审意见明确"))
        .getStatusCode()).as("the county's decision with its rating of the pre-examination")
        .isEqualTo(HttpStatus.NO_CONTENT);

    String rating = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo)
        .taskDefinitionKey("Task_RateCountyHandling").singleResult().getId();
    String task = "/engine-rest/task/" + rating;
    long before = evaluations();
    // another township's pre-examiner, a clerk of the same township, the supervisor, the county: none may work it
    assertThat(api.tasksOf("bs-preexaminer", receiptNo)).isEmpty();
    assertThat(api.tasksOf("qs-clerk", receiptNo)).extracting(t -> t.get("taskDefinitionKey"))
        .doesNotContain("Task_RateCountyHandling");
    assertThat(api.tasksOf("xlj-reviewer", receiptNo)).isEmpty();
    for (String outsider : List.of("bs-preexaminer", "qs-clerk", "qs-supervisor", "xlj-reviewer")) {
      ResponseEntity<String> claim = api.as(outsider).exchange(task + "/claim", HttpMethod.POST,
          new HttpEntity<>(Map.of("userId", outsider)), String.class);
      assertThat(claim.getStatusCode().value()).as("%s claims", outsider).isIn(403, 404);
      ResponseEntity<String> complete = engineRest(outsider, task + "/complete",
          Map.of("countyHandlingScore", "5", "countyHandlingComment", "很好"));
      assertThat(complete.getStatusCode().value()).as("%s completes", outsider).isIn(403, 404);
      assertThat(complete.getBody()).containsPattern("\\p{IsHan}");
    }
    // the township's pre-examiner: bad input refused in Chinese, the task and what was rated before unchanged
    for (Map<String, String> bad : List.of(Map.of("countyHandlingScore", "6"), Map.of("countyHandlingScore", "五"),
        Map.of("countyHandlingScore", "1", "countyHandlingComment", ""),
        Map.of("countyHandlingScore", "3", "countyHandlingComment", "长".repeat(501)))) {
      ResponseEntity<String> refused = engineRest("qs-preexaminer", task + "/complete", bad);
      assertThat(refused.getStatusCode()).as("%s", bad).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody()).as("%s", bad).containsPattern("1 到 5|须写明理由|最多 500 字");
    }
    assertThat(evaluations()).as("nothing written by a refused rating").isEqualTo(before);
    assertThat(api.as("qs-preexaminer").exchange(task + "/claim", HttpMethod.POST,
        new HttpEntity<>(Map.of("userId", "qs-preexaminer")), String.class).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(engineRest("qs-preexaminer", task + "/complete", Map.of("countyHandlingScore", "3",
        "countyHandlingComment", "县林业局按期办结，但补正要求不够明确")).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    // replayed: the task is done (409, not 500), and the API refuses a second rating
    ResponseEntity<String> replay = engineRest("qs-preexaminer", task + "/complete", Map.of("countyHandlingScore", "5"));
    assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(rate("qs-preexaminer", receiptNo, "county-handling", 5, "").getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    assertThat(rate("xlj-reviewer", receiptNo, "pre-examination", 1, "重复").getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    assertThat(evaluations()).isEqualTo(before + 1);

    // both appear as entered in Tasklist
    LocalDate today = LocalDate.now();
    String period = "?from=" + today.minusDays(5) + "&to=" + today.plusDays(5);
    Map<String, Object> dashboard = api.get("county-supervisor", "/api/metrics/dashboard" + period).getBody();
    Map<String, Object> row = ((List<Map<String, Object>>) ((Map<String, Object>) dashboard.get("evaluations"))
        .get("cases")).stream().filter(c -> receiptNo.equals(c.get("caseNo"))).findFirst().orElseThrow();
    assertThat((Map<String, Object>) row.get("countyHandling")).containsEntry("score", 3)
        .containsEntry("comment", "县林业局按期办结，但补正要求不够明确");
    assertThat((Map<String, Object>) row.get("preExamination")).containsEntry("score", 5);
    ResponseEntity<byte[]> report = api.as("county-supervisor").getForEntity("/api/metrics/report.xlsx" + period,
        byte[].class);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(report.getBody()))) {
      Row found = null;
      for (Row r : book.getSheet("双向考核评议")) {
        if (r.getRowNum() > 0 && receiptNo.equals(r.getCell(0).getStringCellValue())) {
          found = r;
        }
      }
      assertThat(found).as("the case in 双向考核评议").isNotNull();
      assertThat(found.getCell(9).getNumericCellValue()).isEqualTo(3);
      assertThat(found.getCell(10).getStringCellValue()).isEqualTo("县林业局按期办结，但补正要求不够明确");
      assertThat(found.getCell(11).getNumericCellValue()).isEqualTo(5);
    }
  }

  @Test
  void thePreExaminerRatesWithTasklistsOwnSessionAndABadScoreIsRefusedNot500() throws Exception {
    String receiptNo = caseAtCounty();
    Task review = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo)
        .taskDefinitionKey("Task_DepartmentReview").singleResult();
    tasks.complete(review.getId(), Variables.fromMap(Map.of("departmentDecision", "approve", "departmentOpinion", "同意")));
    String rating = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo)
        .taskDefinitionKey("Task_RateCountyHandling").singleResult().getId();
    cn.township.workflow.support.WebappSession tasklist = new cn.township.workflow.support.WebappSession(port);
    assertThat(tasklist.login("qs-preexaminer", "demo", "tasklist").statusCode()).isEqualTo(200);
    String submit = "/camunda/api/engine/engine/default/task/" + rating + "/submit-form";
    long before = evaluations();
    java.net.http.HttpResponse<String> bad = tasklist.post(submit, "{\"variables\":{\"countyHandlingScore\":"
        + "{\"value\":\"1\",\"type\":\"String\"},\"countyHandlingComment\":{\"value\":\"\",\"type\":\"String\"}}}");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(bad.body()).contains("须写明理由");
    assertThat(evaluations()).isEqualTo(before);
    java.net.http.HttpResponse<String> good = tasklist.post(submit, "{\"variables\":{\"countyHandlingScore\":"
        + "{\"value\":\"5\",\"type\":\"String\"},\"countyHandlingComment\":{\"value\":\"及时\",\"type\":\"String\"}}}");
    assertThat(good.statusCode()).as(good.body()).isEqualTo(204);
    assertThat(evaluations()).isEqualTo(before + 1);
    java.net.http.HttpResponse<String> replay = tasklist.post(submit, "{\"variables\":{\"countyHandlingScore\":"
        + "{\"value\":\"5\",\"type\":\"String\"}}}");
    assertThat(replay.statusCode()).as(replay.body()).isBetween(400, 499);
  }

  /**
   * Found by the fourth attacker's review: once the evaluation period had passed and the task had ended as 未评议, the
   * API still took the township's rating (200): rated outside the period the analysts set.
   */
  @Test
  void afterThePeriodTheApiRatesNoMoreThanTasklist() {
    String receiptNo = caseAtCounty();
    Task review = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo)
        .taskDefinitionKey("Task_DepartmentReview").singleResult();
    tasks.complete(review.getId(), Variables.fromMap(Map.of("departmentDecision", "approve", "departmentOpinion", "同意")));
    Task rating = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo)
        .taskDefinitionKey("Task_RateCountyHandling").singleResult();
    management.executeJob(management.createJobQuery().processInstanceId(rating.getProcessInstanceId())
        .activityId("Timer_CountyRatingPeriod").singleResult().getId());
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(receiptNo)
        .taskDefinitionKey("Task_RateCountyHandling").count()).as("ended as 未评议").isZero();
    long before = evaluations();
    ResponseEntity<Map<String, Object>> late = rate("qs-preexaminer", receiptNo, "county-handling", 5, "很好");
    assertThat(late.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(late.getBody()).containsEntry("message", "本案的评议期已届满，记为未评议，不能再评议。");
    assertThat(evaluations()).isEqualTo(before);
  }

  /**
   * Found by the fourth attacker's review: in a joint review the co-reviewing department (and the city bureau) rated
   * the township's pre-examination over the API (200), which the review form refuses them — and took the lead
   * department's one rating of the case.
   */
  @Test
  void onlyTheCountyLeadDepartmentRatesThePreExaminationOverTheApi() {
    String receiptNo = (String) api.register("qs-clerk", anApplication().forMatter("FARMLAND_CONVERSION").json())
        .get("receiptNo");
    complete(receiptNo, Map.of("receivedMaterials", ForwardToCountyProcessTest.FARMLAND_MATERIALS, "acceptable", true));
    complete(receiptNo, Map.of("preExamResult", "pass", "preliminaryOpinion", "agree", "preExamOpinion", "符合转报条件"));
    long before = evaluations();
    ResponseEntity<Map<String, Object>> coReviewer = rate("xny-reviewer", receiptNo, "pre-examination", 1, "预审很差");
    assertThat(coReviewer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(coReviewer.getBody()).containsEntry("message",
        "只有本案的县级主办部门可以评议乡镇的预审；协办部门和市级部门不评议。");
    assertThat(evaluations()).isEqualTo(before);
    // the co-reviewer's opinion in: the lead (县自然资源局) reviews and may rate
    complete(receiptNo, Map.of("departmentDecision", "approve", "departmentOpinion", "不涉及永久基本农田"));
    assertThat(rate("xzr-reviewer", receiptNo, "pre-examination", 4, "材料基本齐全").getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(evaluations()).isEqualTo(before + 1);
  }

  @Test
  void wrongRatersAndBadInputAreRefusedAndNothingIsWritten() {
    String receiptNo = caseAtCounty();
    String delegated = (String) api.register("qs-clerk", anApplication().forMatter("RURAL_HOMESTEAD").json())
        .get("receiptNo");
    long before = evaluations();
    String path = "/api/cases/" + receiptNo + "/evaluations/";
    assertThat(rest.postForEntity(path + "pre-examination", Map.of("score", 5), String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rate("xmz-reviewer", receiptNo, "pre-examination", 5, "").getStatusCode())
        .as("another county department").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rate("qs-preexaminer", receiptNo, "pre-examination", 5, "").getStatusCode())
        .as("the township cannot rate itself").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rate("bs-preexaminer", receiptNo, "county-handling", 5, "").getStatusCode())
        .as("another township is not told the case exists").isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(rate("qs-clerk", receiptNo, "county-handling", 5, "").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    for (Object score : new Object[] {0, 6, -1, null}) {
      ResponseEntity<Map<String, Object>> bad = rate("xlj-reviewer", receiptNo, "pre-examination", score, "好");
      assertThat(bad.getStatusCode()).as("score %s", score).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(bad.getBody().get("message").toString()).contains("1 到 5");
    }
    ResponseEntity<Map<String, Object>> reasonless = rate("xlj-reviewer", receiptNo, "pre-examination", 1, " ");
    assertThat(reasonless.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(reasonless.getBody().get("message").toString()).contains("须写明理由");
    ResponseEntity<Map<String, Object>> tooLong = rate("xlj-reviewer", receiptNo, "pre-examination", 3, "长".repeat(501));
    assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooLong.getBody().get("message").toString()).contains("最多 500 字");
    for (String json : List.of("{", "{\"score\": \"五\"}", "[1]", "")) {
      ResponseEntity<String> malformed = raw("xlj-reviewer", path + "pre-examination", json);
      assertThat(malformed.getStatusCode()).as(json).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(malformed.getBody()).as(json).containsPattern("\\p{IsHan}");
    }
    assertThat(rate("xlj-reviewer", receiptNo, "sideways", 5, "").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(rate("xlj-reviewer", "QS-00000000-9999", "pre-examination", 5, "").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(rate("qs-preexaminer", delegated, "county-handling", 5, "").getStatusCode())
        .as("not a forwarded case").isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(rate("xlj-reviewer", "x".repeat(5000), "pre-examination", 5, "").getStatusCode().is4xxClientError())
        .isTrue();
    assertThat(evaluations()).as("nothing written by a refused request").isEqualTo(before);
  }
}
