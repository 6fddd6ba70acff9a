package cn.township.workflow.duty;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
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

/** 催办: who may urge which step, what the holder sees in Tasklist, and the dashboard's count. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class UrgeApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired JdbcTemplate jdbc;

  Api api() {
    return new Api(rest);
  }

  /** The open intake task of a new 青山镇 case. */
  String intakeTask() {
    return api().intakeTaskOfNewCase("qs-clerk");
  }

  ResponseEntity<Map<String, Object>> urge(String user, String taskId, Object body) {
    return api().post(user, "/api/tasks/" + taskId + "/urge", body);
  }

  long urges() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM tw_task_urge", Long.class);
  }

  /**
   * Found by the fourth attacker's review: one supervisor urged one step again and again, each 200 (as many notes in
   * the holder's record, 已催办 n 次, as many urges on the dashboard). One urge per person and step within the interval of
   * township.urge.min-interval-minutes; another supervisor, or the same one after the interval, may urge again.
   */
  @Test
  void anUrgeRepeatedAtOnceIsRefusedAndCountsOnce() {
    String task = intakeTask();
    long before = urges();
    assertThat(urge("qs-supervisor", task, Map.of("message", "请今日内处理")).getStatusCode()).isEqualTo(HttpStatus.OK);
    for (int i = 0; i < 5; i++) {
      ResponseEntity<Map<String, Object>> again = urge("qs-supervisor", task, Map.of("message", "请今日内处理" + i));
      assertThat(again.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
      assertThat(again.getBody()).containsEntry("message", "您在60分钟内已催办过这一环节，请勿重复催办。");
    }
    assertThat(urges()).isEqualTo(before + 1);
    assertThat(tasks.getTaskComments(task)).hasSize(1);
    assertThat(urge("county-supervisor", task, Map.of("message", "县督查：请加快")).getBody())
        .as("another supervisor").containsEntry("urgeCount", 2);
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(
        new java.util.Date(System.currentTimeMillis() + 61L * 60 * 1000));
    try {
      assertThat(urge("qs-supervisor", task, Map.of("message", "仍未办理")).getBody())
          .as("after the interval").containsEntry("urgeCount", 3);
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
  }

  @Test
  void theHolderSeesTheUrgeInTasklistAndTheDashboardCountsIt() {
    String task = intakeTask();
    ResponseEntity<Map<String, Object>> first = urge("qs-supervisor", task, Map.of("message", "申请人已来电三次，请今日内处理"));
    assertThat(first.getStatusCode()).as("%s", first.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(first.getBody()).containsEntry("urgeCount", 1);
    assertThat(urge("county-supervisor", task, Map.of("message", "县督查：请加快")).getBody())
        .containsEntry("urgeCount", 2);

    assertThat(tasks.getTaskComments(task)).extracting(c -> c.getFullMessage(), c -> c.getUserId())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("【催办】申请人已来电三次，请今日内处理", "qs-supervisor"),
            org.assertj.core.groups.Tuple.tuple("【催办】县督查：请加快", "county-supervisor"));
    // the holder's Tasklist shows the mark, with the latest message, as a column of the task list
    ResponseEntity<Map<String, Object>> mark = api().get("qs-clerk",
        "/engine-rest/task/" + task + "/localVariables/" + UrgeController.URGED);
    assertThat(mark.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(mark.getBody()).containsEntry("value", "已催办 2 次：县督查：请加快");
    assertThat(tasks.getVariableLocal(task, UrgeController.URGED)).isEqualTo("已催办 2 次：县督查：请加快");

    // and in Tasklist's 办理记录 tab (security/TaskCommentGuard), without the case's history: Camunda's per-task
    // history grant (enableHistoricInstancePermissions) would open every variable of the case (docs/clerks-day.md)
    assertThat(api().as("qs-clerk").exchange("/engine-rest/task/" + task + "/comment", HttpMethod.GET, null,
        Api.JSON_LIST).getBody()).extracting(c -> c.get("message"))
        .containsExactlyInAnyOrder("【催办】申请人已来电三次，请今日内处理", "【催办】县督查：请加快");
    String instance = tasks.createTaskQuery().taskId(task).singleResult().getProcessInstanceId();
    assertThat(api().as("qs-clerk").exchange("/engine-rest/history/variable-instance?processInstanceId=" + instance,
        HttpMethod.GET, null, Api.JSON_LIST).getBody()).isEmpty();

    Map<String, Object> dashboard = api().get("qs-supervisor", "/api/metrics/dashboard?township=qingshan").getBody();
    assertThat(dashboard.get("urged")).isEqualTo(Map.of("count", 2, "openSteps", 1));
    Map<String, Object> other = api().get("bs-supervisor", "/api/metrics/dashboard?township=baishi").getBody();
    assertThat(other.get("urged")).isEqualTo(Map.of("count", 0, "openSteps", 0));
  }

  @Test
  void onlySupervisorsAndLeadersOfTheTownshipMayUrge() {
    String task = intakeTask();
    Map<String, Object> body = Map.of("message", "请尽快办理");
    long before = urges();
    assertThat(urge(null, task, body).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    for (String other : List.of("qs-clerk", "qs-reviewer", "analyst-lin")) {
      ResponseEntity<Map<String, Object>> refused = urge(other, task, body);
      assertThat(refused.getStatusCode()).as(other).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat((String) refused.getBody().get("message")).as(other).containsPattern("[\\u4e00-\\u9fa5]");
    }
    // another township's supervision is told what an unknown id is told (security/ApiExistenceOracleTest)
    for (String other : List.of("bs-supervisor", "bs-leader")) {
      ResponseEntity<Map<String, Object>> refused = urge(other, task, body);
      assertThat(refused.getStatusCode()).as(other).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(refused.getBody()).as(other).containsEntry("message", "未找到该任务：可能已办结。");
    }
    assertThat(urge("qs-leader", "no-such-task", body).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(urge("qs-leader", "x".repeat(500), body).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    ResponseEntity<Map<String, Object>> empty = urge("qs-leader", task, Map.of("message", " "));
    assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(empty.getBody()).containsEntry("field", "message").containsEntry("message", "请填写催办意见。");
    ResponseEntity<Map<String, Object>> tooLong = urge("qs-leader", task, Map.of("message", "催".repeat(501)));
    assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooLong.getBody()).containsEntry("message", "催办意见最多500字。");
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    assertThat(api().as("qs-leader").exchange("/api/tasks/" + task + "/urge", HttpMethod.POST,
        new HttpEntity<>("{\"message\":", json), Api.JSON_OBJECT).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(urges()).isEqualTo(before);
    assertThat(tasks.getVariableLocal(task, UrgeController.URGED)).isNull();
    assertThat(tasks.getTaskComments(task)).isEmpty();
  }
}
