package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.BrowserScript;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.ActiveProfiles;

/**
 * In a real browser (Debian's chromium driven by browser-tests/shown-texts.mjs): what one user may write for others —
 * the applicant's statement a window clerk types (shown in the reviewer's form in Tasklist and in Cockpit's variable
 * table), a comment (Tasklist's history), an incident's annotation (Cockpit) — carrying an AngularJS expression, an
 * HTML element with a script and a {@code javascript:} link, is shown as text and runs nothing. Own context and engine
 * name (the webapps find engines in a JVM-wide registry). Screenshots: target/browser-screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "camunda.bpm.process-engine-name=" + ShownTextsBrowserTest.ENGINE)
@ActiveProfiles({"test", "demo"})
class ShownTextsBrowserTest {

  static final String ENGINE = "shownTexts";
  /** The statement as markdown (form-js renders a text component's template as markdown): a link to script too. */
  static final String STATEMENT = "申请翻建住房" + ShownTextsTest.HOSTILE + " [材料清单](javascript:window.__probe=3)";

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;

  @Test
  void whatOneUserWritesRunsNothingInAnotherUsersPage() throws Exception {
    Api api = new Api(rest);
    Map<String, Object> created = api.register("qs-clerk", anApplication().jsonWith("applicationSummary", STATEMENT));
    String receiptNo = (String) created.get("receiptNo");
    Task intake = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).singleResult();
    tasks.complete(intake.getId(), Map.of("receivedMaterials", created.get("requiredMaterials"), "acceptable", true));
    Task review = tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).singleResult();
    assertThat(review.getTaskDefinitionKey()).isEqualTo("Task_Review");
    String instance = review.getProcessInstanceId();
    assertThat(api.as("admin").exchange("/engine-rest/engine/" + ENGINE + "/task/" + review.getId() + "/comment/create",
        HttpMethod.POST, new HttpEntity<>(Map.of("message", "评论" + ShownTextsTest.HOSTILE)), String.class)
        .getStatusCode().value()).isEqualTo(200);
    Incident incident = runtime.createIncident("probe", review.getExecutionId(), "探测");
    assertThat(api.as("admin").exchange("/engine-rest/engine/" + ENGINE + "/incident/" + incident.getId()
        + "/annotation", HttpMethod.PUT, new HttpEntity<>(Map.of("annotation", "注释" + ShownTextsTest.HOSTILE)),
        String.class).getStatusCode().value()).isEqualTo(204);

    String literal = "constructor.constructor('window.__probe=1')()";
    List<Map<String, String>> views = List.of(
        Map.of("name", "tasklist-form", "app", "tasklist", "user", "qs-reviewer", "hash", "#/?task=" + review.getId(),
            "literal", literal, "click", "材料清单"),
        // only who may read history sees Tasklist's history tab (clerks see none, and may not comment over REST)
        Map.of("name", "tasklist-history", "app", "tasklist", "user", "admin",
            "hash", "#/?task=" + review.getId() + "&detailsTab=history", "literal", "评论{{"),
        Map.of("name", "cockpit-variables", "app", "cockpit", "user", "qs-supervisor",
            "hash", "#/process-instance/" + instance + "/runtime", "tab", "变量", "literal", literal),
        Map.of("name", "cockpit-incidents", "app", "cockpit", "user", "county-supervisor",
            "hash", "#/process-instance/" + instance + "/runtime", "tab", "故障", "literal", "注释{{"));
    Path viewsFile = Files.createTempFile("views", ".json");
    Files.writeString(viewsFile, new ObjectMapper().writeValueAsString(views), StandardCharsets.UTF_8);

    BrowserScript.run("shown-texts.mjs", port, "shown-texts.log", viewsFile.toString(), ENGINE);
    assertThat(BrowserScript.SHOTS.resolve("shown-texts-cockpit-variables.png")).isNotEmptyFile();
  }
}
