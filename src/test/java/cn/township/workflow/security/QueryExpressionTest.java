package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.filter.Filter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * The probe of issue 15: a task query whose or-query carries an expression made the engine run it, as any clerk,
 * over /engine-rest and over Tasklist's own API. Each test sends an expression that creates a file when it is
 * evaluated (checked to do so on an unguarded engine), and proves the file is never created and the caller gets a
 * 400 with the Chinese reason; the expressions Tasklist's filters need still work.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class QueryExpressionTest {

  @LocalServerPort int port;
  @Autowired TestRestTemplate anonymous;
  @Autowired FilterService filters;
  @TempDir Path temp;

  Path marker;

  /** Creates {@code marker} when evaluated: reflection from a string to java.io.File. */
  String fileCreatingExpression() {
    marker = temp.resolve("created-by-expression");
    return "${''.getClass().forName('java.io.File').getConstructor(''.getClass()).newInstance('"
        + marker.toString().replace(File.separatorChar, '/') + "').createNewFile()}";
  }

  @AfterEach
  void noFileWasCreated() {
    if (marker != null) {
      assertThat(Files.exists(marker)).as("the expression was evaluated on the server").isFalse();
    }
  }

  ResponseEntity<Map<String, Object>> taskQuery(String user, Map<String, Object> query) {
    return new Api(anonymous).as(user).exchange("/engine-rest/task", HttpMethod.POST, new HttpEntity<>(query),
        Api.JSON_OBJECT);
  }

  ResponseEntity<String> taskQueryRaw(String user, Map<String, Object> query) {
    return new Api(anonymous).as(user).exchange("/engine-rest/task", HttpMethod.POST, new HttpEntity<>(query),
        String.class);
  }

  @Test
  void anOrQueryExpressionIsRefusedForAClerkOverRest() {
    ResponseEntity<Map<String, Object>> answer = taskQuery("qs-clerk",
        Map.of("orQueries", List.of(Map.of("dueAfterExpression", fileCreatingExpression()))));
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) answer.getBody().get("message")).contains("不被允许").contains("${currentUser()}");
  }

  @Test
  void anOrQueryExpressionIsRefusedForAnAdministratorToo() {
    ResponseEntity<Map<String, Object>> answer = taskQuery("admin",
        Map.of("orQueries", List.of(Map.of("assigneeExpression", fileCreatingExpression()))));
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void everyExpressionFieldOfAnOrQueryIsGuarded() {
    // every …Expression field of Camunda's TaskQueryDto (7.24)
    for (String field : List.of("processInstanceBusinessKeyExpression", "processInstanceBusinessKeyLikeExpression",
        "assigneeExpression", "assigneeLikeExpression", "candidateGroupExpression", "candidateUserExpression",
        "involvedUserExpression", "ownerExpression", "dueAfterExpression", "dueBeforeExpression", "dueDateExpression",
        "followUpAfterExpression", "followUpBeforeOrNotExistentExpression", "followUpBeforeExpression",
        "followUpDateExpression", "createdAfterExpression", "createdBeforeExpression", "createdOnExpression",
        "updatedAfterExpression", "candidateGroupsExpression")) {
      ResponseEntity<String> answer = taskQueryRaw("qs-clerk",
          Map.of("orQueries", List.of(Map.of("taskDefinitionKey", "Task_Review", field, "${jdbcTemplate}"))));
      assertThat(answer.getStatusCode()).as(field + ": " + answer.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
  }

  @Test
  void beansAndOperatorsAreRefusedEvenWhenHarmlessLooking() {
    for (String expression : List.of("${processEngine}", "${currentUser() == 'x'}", "${dateTime().toString()}",
        "${now().getClass()}", "x${currentUser()}", "#{jdbcTemplate}", "${dateTime().plusDays(dateTime())}")) {
      ResponseEntity<String> answer = taskQueryRaw("qs-clerk",
          Map.of("orQueries", List.of(Map.of("assigneeExpression", expression))));
      assertThat(answer.getStatusCode()).as(expression).isEqualTo(HttpStatus.BAD_REQUEST);
    }
  }

  @Test
  void theExpressionsTasklistFiltersNeedStillWorkInOrQueries() {
    for (String expression : List.of("${currentUser()}", "${ currentUser() }")) {
      assertThat(taskQueryRaw("qs-clerk", Map.of("orQueries", List.of(Map.of("assigneeExpression", expression))))
          .getStatusCode()).as(expression).isEqualTo(HttpStatus.OK);
    }
    assertThat(taskQueryRaw("qs-clerk", Map.of("orQueries", List.of(Map.of("candidateGroupsExpression",
        "${currentUserGroups()}")))).getStatusCode()).isEqualTo(HttpStatus.OK);
    for (String expression : List.of("${now()}", "${dateTime().plusDays(-7).withTimeAtStartOfDay()}",
        "${dateTime().minusWeeks(2)}", "${dateTime().plusMonths(1).toDate()}")) {
      assertThat(taskQueryRaw("qs-clerk", Map.of("orQueries", List.of(Map.of("dueAfterExpression", expression))))
          .getStatusCode()).as(expression).isEqualTo(HttpStatus.OK);
    }
  }

  @Test
  void tasklistsOwnApiRefusesItWithTheClerksBrowserSession() throws Exception {
    WebappSession tasklist = new WebappSession(port);
    assertThat(tasklist.login("qs-clerk", "demo", "tasklist").statusCode()).isEqualTo(200);
    HttpResponse<String> answer = tasklist.post("/camunda/api/engine/engine/default/task",
        "{\"orQueries\":[{\"dueAfterExpression\":\"" + fileCreatingExpression() + "\"}]}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(answer.body()).contains("不被允许");
    // the clerk's own filters keep working
    HttpResponse<String> mine = tasklist.get("/camunda/api/engine/engine/default/filter?resourceType=Task");
    assertThat(mine.statusCode()).isEqualTo(200);
    String filterId = filters.createFilterQuery().filterName("我的待办").singleResult().getId();
    assertThat(tasklist.post("/camunda/api/engine/engine/default/filter/" + filterId + "/list?firstResult=0&maxResults=15",
        "{}").statusCode()).isEqualTo(200);
  }

  @Test
  void aStoredFilterAndTheQueryExtendingItAreGuardedToo() {
    // an administrator may store filters: one carrying code is saved, but never evaluated
    Filter stored = filters.newTaskFilter("带表达式的筛选器");
    stored.setQuery(filters.createFilterQuery().filterName("我的待办").singleResult().getQuery());
    filters.saveFilter(stored);
    Map<String, Object> extending = Map.of("orQueries", List.of(Map.of("followUpBeforeExpression",
        fileCreatingExpression())));
    ResponseEntity<String> extended = new Api(anonymous).as("admin").exchange(
        "/engine-rest/filter/" + stored.getId() + "/list", HttpMethod.POST, new HttpEntity<>(extending), String.class);
    assertThat(extended.getStatusCode()).as(extended.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);

    ResponseEntity<String> evil = new Api(anonymous).as("admin").exchange("/engine-rest/filter/create",
        HttpMethod.POST, new HttpEntity<>(Map.of("resourceType", "Task", "name", "恶意筛选器",
            "query", Map.of("assigneeExpression", fileCreatingExpression()))), String.class);
    if (evil.getStatusCode().is2xxSuccessful()) {
      String id = (String) new org.springframework.boot.json.JacksonJsonParser().parseMap(evil.getBody()).get("id");
      ResponseEntity<String> run = new Api(anonymous).as("admin").exchange("/engine-rest/filter/" + id + "/list",
          HttpMethod.GET, null, String.class);
      assertThat(run.getStatusCode()).as(run.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    } else {
      assertThat(evil.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
  }
}
