package cn.township.workflow.forwarding;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** Forwarding over HTTP: who sees which task, the external county decision, and the applicant's status query. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ForwardingApiTest {

  static final List<String> LOGGING_MATERIALS = List.of("林木采伐申请书", "申请人身份证明", "林木权属证明", "伐区调查设计或采伐作业说明");

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired org.camunda.bpm.engine.RuntimeService runtime;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(rest);
  }

  /** A forest logging case registered by qs-clerk, accepted and pre-examined: waiting for the county forestry bureau. */
  Map<String, Object> caseAtCounty() {
    Map<String, Object> created = api.register("qs-clerk", anApplication().forMatter("FOREST_LOGGING").json());
    assertThat(created).containsEntry("procedure", "forward-to-county");
    String receiptNo = (String) created.get("receiptNo");
    complete(receiptNo, Map.of("receivedMaterials", LOGGING_MATERIALS, "acceptable", true));
    complete(receiptNo, Map.of("preExamResult", "pass", "preliminaryOpinion", "agree", "preExamOpinion", "符合转报条件"));
    return created;
  }

  void complete(String receiptNo, Map<String, Object> variables) {
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).singleResult();
    tasks.complete(task.getId(), Variables.fromMap(variables));
  }

  Map<String, Object> decision(String queryCode, String department, String decision) {
    Map<String, Object> body = new HashMap<>();
    body.put("queryCode", queryCode);
    body.put("department", department);
    body.put("decision", decision);
    body.put("opinion", "经现场核实，采伐量在年度限额内");
    return body;
  }

  @Test
  void countyUsersSeeOnlyTheirDepartmentsTasksAndNoTownshipsInternalOnes() {
    Map<String, Object> created = api.register("qs-clerk", anApplication().forMatter("FOREST_LOGGING").json());
    String receiptNo = (String) created.get("receiptNo");
    assertThat(api.tasksOf("xlj-reviewer", receiptNo)).as("the township's intake is internal").isEmpty();
    complete(receiptNo, Map.of("receivedMaterials", LOGGING_MATERIALS, "acceptable", true));
    assertThat(api.tasksOf("xlj-reviewer", receiptNo)).as("pre-examination is internal").isEmpty();
    assertThat(api.tasksOf("qs-preexaminer", receiptNo)).hasSize(1);
    complete(receiptNo, Map.of("preExamResult", "pass", "preliminaryOpinion", "agree", "preExamOpinion", "符合转报条件"));

    assertThat(api.tasksOf("xlj-reviewer", receiptNo)).singleElement()
        .satisfies(t -> assertThat(t.get("name")).isEqualTo("部门审查"));
    assertThat(api.tasksOf("xmz-reviewer", receiptNo)).as("another county department").isEmpty();
    assertThat(api.tasksOf("qs-clerk", receiptNo)).as("the township does not work the county's task").isEmpty();
    assertThat(api.tasksOf("bs-clerk", receiptNo)).isEmpty();
  }

  @Test
  void anExternalCountySystemPostsTheDecision() {
    Map<String, Object> created = caseAtCounty();
    String receiptNo = (String) created.get("receiptNo");
    String queryCode = (String) created.get("queryCode");

    ResponseEntity<Map<String, Object>> accepted = api.post("xlj-reviewer",
        "/api/cases/" + receiptNo + "/level-decision", decision(queryCode, "county-forestry", "approve"));
    assertThat(accepted.getStatusCode()).as("%s", accepted.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(api.tasksOf("qs-clerk", receiptNo)).singleElement()
        .satisfies(t -> assertThat(t.get("name")).isEqualTo("统一窗口出件"));

    ResponseEntity<Map<String, Object>> again = api.post("xlj-reviewer",
        "/api/cases/" + receiptNo + "/level-decision", decision(queryCode, "county-forestry", "approve"));
    assertThat(again.getStatusCode()).as("no longer waiting").isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void externalDecisionsAreRefusedWhenWrongOrMisplaced() {
    Map<String, Object> created = caseAtCounty();
    String receiptNo = (String) created.get("receiptNo");
    String queryCode = (String) created.get("queryCode");
    String path = "/api/cases/" + receiptNo + "/level-decision";

    assertThat(api.post("xlj-reviewer", "/api/cases/QS-19990101-0001/level-decision",
        decision(queryCode, "county-forestry", "approve")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    ResponseEntity<Map<String, Object>> wrongCode = api.post("xlj-reviewer", path,
        decision("00000000".equals(queryCode) ? "11111111" : "00000000", "county-forestry", "approve"));
    assertThat(wrongCode.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(wrongCode.getBody()).containsEntry("message", "受理编号或查询码不正确。");
    ResponseEntity<Map<String, Object>> badDecision = api.post("xlj-reviewer", path,
        decision(queryCode, "county-forestry", "maybe"));
    assertThat(badDecision.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badDecision.getBody()).containsEntry("field", "decision");
    Map<String, Object> refusalWithoutBasis = decision(queryCode, "county-forestry", "refuse");
    assertThat(api.post("xlj-reviewer", path, refusalWithoutBasis).getBody()).containsEntry("field", "legalBasis");
    assertThat(api.post("xmz-reviewer", path, decision(queryCode, "county-forestry", "approve")).getStatusCode())
        .as("not a member of the forestry bureau").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api.post("xmz-reviewer", path, decision(queryCode, "county-civil-affairs", "approve")).getStatusCode())
        .as("civil affairs is not reviewing this case").isEqualTo(HttpStatus.CONFLICT);
    assertThat(api.post(null, path, decision(queryCode, "county-forestry", "approve")).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(api.tasksOf("xlj-reviewer", receiptNo)).as("still waiting for the bureau").hasSize(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theApplicantFollowsTheCaseWithTheQueryCodeAndNoAccount() {
    Map<String, Object> created = caseAtCounty();
    String receiptNo = (String) created.get("receiptNo");
    String queryCode = (String) created.get("queryCode");

    ResponseEntity<Map<String, Object>> status = api.get(null, "/api/cases/" + receiptNo + "?queryCode=" + queryCode);
    assertThat(status.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(status.getBody()).containsEntry("state", "办理中").containsEntry("level", "县级")
        .containsEntry("matter", "林木采伐许可证核发").containsKey("promisedCompletionDate")
        .doesNotContainKey("queryCode");
    assertThat((List<Map<String, Object>>) status.getBody().get("steps"))
        .extracting(s -> s.get("step"), s -> s.get("department"), s -> s.get("level"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("部门审查", "县林业局", "县级"));

    assertThat(api.get(null, "/api/cases/" + receiptNo + "?queryCode=12345678").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.get(null, "/api/cases/" + receiptNo).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api.get(null, "/api/cases/QS-19990101-0001?queryCode=" + queryCode).getBody())
        .containsEntry("message", "受理编号或查询码不正确。");

    api.post("xlj-reviewer", "/api/cases/" + receiptNo + "/level-decision",
        decision(queryCode, "county-forestry", "approve"));
    ResponseEntity<Map<String, Object>> decided = api.get(null, "/api/cases/" + receiptNo + "?queryCode=" + queryCode);
    assertThat(decided.getBody()).containsEntry("state", "已作出决定").containsEntry("level", "乡镇")
        .doesNotContainKey("note");
    assertThat((List<Map<String, Object>>) decided.getBody().get("steps")).extracting(s -> s.get("step"))
        .containsExactly("统一窗口出件");
  }

  /**
   * An administrator sends a decided case back into pre-examination (process instance modification, as Cockpit's
   * enterprise feature or the engine REST API do): the applicant's lookup and the supervision row follow the case
   * (before: still 已作出决定, completed_at and on_time kept), and completing it again records the new completion.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aDecidedCaseSentBackIntoReviewIsNoLongerDecided() {
    Map<String, Object> created = caseAtCounty();
    String receiptNo = (String) created.get("receiptNo");
    String queryCode = (String) created.get("queryCode");
    api.post("xlj-reviewer", "/api/cases/" + receiptNo + "/level-decision",
        decision(queryCode, "county-forestry", "approve"));
    String status = "/api/cases/" + receiptNo + "?queryCode=" + queryCode;
    assertThat(api.get(null, status).getBody()).containsEntry("state", "已作出决定");
    String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(receiptNo)
        .processDefinitionKey("forward-to-county").singleResult().getId();
    String row = "SELECT completed_at, on_time, handling_days FROM tw_case_fact WHERE process_instance_id = ?";
    assertThat(jdbc.queryForMap(row, instance).get("COMPLETED_AT")).isNotNull();

    ResponseEntity<String> modified = api.as("admin").postForEntity("/engine-rest/process-instance/" + instance
        + "/modification", Map.of("instructions", List.of(Map.of("type", "cancel", "activityId", "Task_IssueAtWindow"),
        Map.of("type", "startBeforeActivity", "activityId", "Task_PreExamine"))), String.class);
    assertThat(modified.getStatusCode()).as(modified.getBody()).isEqualTo(HttpStatus.NO_CONTENT);

    ResponseEntity<Map<String, Object>> reopened = api.get(null, status);
    assertThat(reopened.getBody()).containsEntry("state", "办理中");
    assertThat((List<Map<String, Object>>) reopened.getBody().get("steps")).extracting(s -> s.get("step"))
        .containsExactly("乡镇预审");
    assertThat(jdbc.queryForMap(row, instance)).containsEntry("COMPLETED_AT", null).containsEntry("ON_TIME", null)
        .containsEntry("HANDLING_DAYS", null);

    Task preExamine = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_PreExamine")
        .singleResult();
    tasks.complete(preExamine.getId(), Variables.fromMap(Map.of("preExamResult", "pass", "preliminaryOpinion", "agree",
        "preExamOpinion", "符合转报条件")));
    api.post("xlj-reviewer", "/api/cases/" + receiptNo + "/level-decision",
        decision(queryCode, "county-forestry", "approve"));
    assertThat(api.get(null, status).getBody()).containsEntry("state", "已作出决定");
    assertThat(jdbc.queryForMap(row, instance)).containsEntry("ON_TIME", true).extractingByKey("COMPLETED_AT")
        .isNotNull();
  }

  /**
   * A department's system posting its decision several times at once (a retry, or two nodes): one is recorded, the
   * others are a Chinese 409, never a 500.
   */
  @Test
  void decisionsPostedAtOnceAreRecordedOnceAndTheRestAre409() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 15; round++) {
        Map<String, Object> created = caseAtCounty();
        String receiptNo = (String) created.get("receiptNo");
        Map<String, Object> body = decision((String) created.get("queryCode"), "county-forestry", "approve");
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<ResponseEntity<Map<String, Object>>>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
          answers.add(pool.submit(() -> {
            start.await();
            return api.post("xlj-reviewer", "/api/cases/" + receiptNo + "/level-decision", body);
          }));
        }
        start.countDown();
        List<HttpStatus> statuses = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<ResponseEntity<Map<String, Object>>> answer : answers) {
          statuses.add((HttpStatus) answer.get().getStatusCode());
        }
        assertThat(statuses).as("round %d", round).containsOnlyOnce(HttpStatus.OK)
            .allMatch(status -> status == HttpStatus.OK || status == HttpStatus.CONFLICT);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Found by the fourth attacker's review: the administrator posted the forestry bureau's refusal (200). */
  @Test
  void nobodyButTheDepartmentPostsItsDecisionNotEvenTheAdministrator() {
    Map<String, Object> created = caseAtCounty();
    String receiptNo = (String) created.get("receiptNo");
    Map<String, Object> forged = decision((String) created.get("queryCode"), "county-forestry", "refuse");
    forged.put("legalBasis", "《森林法》第五十六条");
    ResponseEntity<Map<String, Object>> refused = api.post("admin", "/api/cases/" + receiptNo + "/level-decision",
        forged);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getBody()).containsEntry("message", "您不属于部门“county-forestry”，不能以其名义回传决定。");
    assertThat(tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).list())
        .extracting(Task::getTaskDefinitionKey).as("still with the bureau").containsExactly("Task_DepartmentReview");
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(receiptNo)
        .processDefinitionKey("higher-level-review").count()).isEqualTo(1);
  }

  @Test
  void aDepartmentChangesALevelReviewOnlyThroughItsOwnTaskOrTheDecisionApi() {
    Map<String, Object> created = caseAtCounty();
    String receiptNo = (String) created.get("receiptNo");
    String level = runtime.createProcessInstanceQuery().processInstanceBusinessKey(receiptNo)
        .processDefinitionKey("higher-level-review").singleResult().getId();
    // another bureau (civil affairs reviews nothing here) writes the forestry bureau's decision into the case,
    // or cancels its review, straight over /engine-rest
    ResponseEntity<Map<String, Object>> variables = api.post("xmz-reviewer", "/engine-rest/process-instance/" + level
        + "/variables", Map.of("modifications", Map.of("departmentDecision", Map.of("value", "refuse"))));
    assertThat(variables.getStatusCode()).as("%s", variables.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<Map<String, Object>> modification = api.post("xlj-reviewer", "/engine-rest/process-instance/"
        + level + "/modification", Map.of("instructions", List.of(Map.of("type", "startBeforeActivity",
        "activityId", "End_LevelDecided"))));
    assertThat(modification.getStatusCode()).as("%s", modification.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(runtime.getVariable(level, "departmentDecision")).isNull();
    assertThat(api.tasksOf("xlj-reviewer", receiptNo)).as("still waiting for the bureau").hasSize(1);
    // the decision API still delivers the bureau's own decision
    ResponseEntity<Map<String, Object>> accepted = api.post("xlj-reviewer", "/api/cases/" + receiptNo
        + "/level-decision", decision((String) created.get("queryCode"), "county-forestry", "approve"));
    assertThat(accepted.getStatusCode()).as("%s", accepted.getBody()).isEqualTo(HttpStatus.OK);
  }

  /** Found by an attacker's review: the administrator posted a department's decision over the engine API (204). */
  @Test
  void nobodyPostsADepartmentsDecisionThroughTheEngine() {
    String receiptNo = (String) caseAtCounty().get("receiptNo");
    // a department waiting for its system's decision (this case's, or any other's: the refusal is the same)
    String waiting = runtime.createExecutionQuery().messageEventSubscriptionName(PostLevelDecision.MESSAGE)
        .listPage(0, 1).get(0).getId();
    Map<String, Object> forged = Map.of("departmentDecision", Map.of("value", "approve"),
        "departmentOpinion", Map.of("value", "同意"), "departmentLegalBasis", Map.of("value", "《森林法》"));
    List<ResponseEntity<Map<String, Object>>> answers = List.of(
        api.post("admin", "/engine-rest/message", Map.of("messageName", PostLevelDecision.MESSAGE, "all", true,
            "processVariables", forged)),
        api.post("admin", "/engine-rest/execution/" + waiting + "/messageSubscriptions/" + PostLevelDecision.MESSAGE
            + "/trigger", Map.of("variables", forged)));
    assertThat(answers).allSatisfy(answer -> {
      assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat((String) answer.getBody().get("message")).startsWith("部门业务系统的决定只能由该部门");
    });
    assertThat(api.tasksOf("xlj-reviewer", receiptNo)).singleElement()
        .satisfies(t -> assertThat(t.get("name")).isEqualTo("部门审查"));
  }
}
