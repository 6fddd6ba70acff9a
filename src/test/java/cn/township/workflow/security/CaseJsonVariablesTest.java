package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.WebappSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * Found by a reviewer: whoever may update a case (the administrator) stored a {@code Json}-typed variable whose text is
 * not JSON through the engine's variable, message, signal, modification, batch, migration and external-task calls;
 * reading the case's variables then failed (500) and Tasklist's forms of the case failed for every clerk. Every such
 * call is refused with 400 in Chinese over /engine-rest, a named engine and Cockpit's API, and nothing is stored; a
 * valid JSON value still is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class CaseJsonVariablesTest {

  static final String KEY = "json-variables-example";
  static final String REFUSED = "以 Json 类型提交的变量必须是有效的 JSON：materials。未作任何修改。";
  static final String NOT_JSON = "{\"type\":\"Json\",\"value\":\"[\\\"申请表\\\"] x{{1+1}}\"}";
  static final String JSON = "{\"type\":\"Json\",\"value\":\"[\\\"申请表\\\"]\"}";
  static final ObjectMapper MAPPER = new ObjectMapper();

  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @LocalServerPort int port;
  ProcessInstance waiting;
  WebappSession cockpit;

  /** A case of 青山镇 at a step, waiting for a message beside it. */
  @BeforeEach
  void aWaitingCase() {
    if (repository.createProcessDefinitionQuery().processDefinitionKey(KEY).count() == 0) {
      repository.createDeployment().name(KEY).addModelInstance(KEY + ".bpmn", Bpmn.createExecutableProcess(KEY)
          .name("Json 变量示例").camundaHistoryTimeToLive(3650).startEvent("StartEvent_Example").name("开始")
          .parallelGateway("Gateway_Fork").name("分支")
          .userTask("Task_Wait").name("等待").camundaCandidateGroups("reviewer").endEvent("End_Waited").name("已办")
          .moveToNode("Gateway_Fork")
          .intermediateCatchEvent("Message_Supplement").name("补正材料").message("json-variables-supplement")
          .endEvent("End_Supplemented").name("已补正")
          .done()).deploy();
    }
    waiting = runtime.startProcessInstanceByKey(KEY, Variables.createVariables().putValue("townshipId", "qingshan"));
  }

  /** The three ways to the engine's API: /engine-rest, a named engine, and Cockpit's. */
  record Answer(int status, String message) {}

  Answer send(String base, HttpMethod method, String path, String json) throws Exception {
    if (base.startsWith("/camunda")) {
      if (cockpit == null) {
        cockpit = new WebappSession(port);
        assertThat(cockpit.login("admin", "demo", "cockpit").statusCode()).isEqualTo(200);
      }
      var answer = cockpit.send(method.name(), base + path, json);
      return new Answer(answer.statusCode(), message(answer.body()));
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> answer = new Api(rest).as("admin").exchange(base + path, method,
        new HttpEntity<>(json, headers), String.class);
    return new Answer(answer.getStatusCode().value(), message(answer.getBody()));
  }

  static String message(String body) throws Exception {
    JsonNode node = body == null || body.isEmpty() ? null : MAPPER.readTree(body);
    return node == null ? null : node.path("message").asText(null);
  }

  @Test
  void everyCallThatWritesACaseVariableRefusesJsonThatIsNotJson() throws Exception {
    String id = waiting.getId();
    String variables = "{\"modifications\":{\"materials\":" + NOT_JSON + "}}";
    String withVariables = "{\"variables\":{\"materials\":" + NOT_JSON + "}}";
    List<Object[]> calls = List.of(
        new Object[] {HttpMethod.POST, "/process-instance/" + id + "/variables", variables},
        new Object[] {HttpMethod.PUT, "/process-instance/" + id + "/variables/materials", NOT_JSON},
        new Object[] {HttpMethod.POST, "/execution/" + id + "/localVariables", variables},
        new Object[] {HttpMethod.PUT, "/execution/" + id + "/localVariables/materials", NOT_JSON},
        new Object[] {HttpMethod.POST, "/message", "{\"messageName\":\"json-variables-supplement\","
            + "\"processInstanceId\":\"" + id + "\",\"processVariables\":{\"materials\":" + NOT_JSON + "}}"},
        new Object[] {HttpMethod.POST, "/message", "{\"messageName\":\"json-variables-supplement\","
            + "\"processVariablesLocal\":{\"materials\":" + NOT_JSON + "}}"},
        new Object[] {HttpMethod.POST, "/signal", "{\"name\":\"Signal_Any\"," + withVariables.substring(1)},
        new Object[] {HttpMethod.POST, "/execution/" + id + "/signal", withVariables},
        new Object[] {HttpMethod.POST, "/execution/" + id + "/messageSubscriptions/json-variables-supplement/trigger",
            withVariables},
        new Object[] {HttpMethod.POST, "/process-instance/" + id + "/modification", "{\"instructions\":[{\"type\":"
            + "\"startBeforeActivity\",\"activityId\":\"Task_Wait\"," + withVariables.substring(1) + "]}"},
        new Object[] {HttpMethod.POST, "/process-instance/variables-async", "{\"processInstanceIds\":[\"" + id + "\"],"
            + withVariables.substring(1)},
        new Object[] {HttpMethod.POST, "/migration/execute", "{\"processInstanceIds\":[\"" + id + "\"],"
            + "\"migrationPlan\":{\"sourceProcessDefinitionId\":\"" + waiting.getProcessDefinitionId() + "\","
            + "\"targetProcessDefinitionId\":\"" + waiting.getProcessDefinitionId() + "\",\"instructions\":[],"
            + withVariables.substring(1) + "}"},
        new Object[] {HttpMethod.POST, "/condition", withVariables});
    for (String base : List.of("/engine-rest", "/engine-rest/engine/default", "/camunda/api/engine/engine/default")) {
      for (Object[] call : calls) {
        Answer answer = send(base, (HttpMethod) call[0], (String) call[1], (String) call[2]);
        assertThat(answer).as("%s %s%s", call[0], base, call[1]).isEqualTo(new Answer(400, REFUSED));
      }
    }
    // an external task nobody has is not found before its body is read (UnseenIdGuard); our models have none
    for (String base : List.of("/engine-rest", "/engine-rest/engine/default", "/camunda/api/engine/engine/default")) {
      assertThat(send(base, HttpMethod.POST, "/external-task/any-task/complete", "{\"workerId\":\"w\","
          + "\"localVariables\":{\"materials\":" + NOT_JSON + "}}")).isEqualTo(new Answer(404,
          cn.township.workflow.system.EngineRestErrors.OTHER_TOWNSHIP));
    }
    assertThat(runtime.getVariable(id, "materials")).isNull();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(id).count()).isEqualTo(1);
    assertThat(runtime.createExecutionQuery().processInstanceId(id).activityId("Message_Supplement").count())
        .as("the message was not correlated").isEqualTo(1);
    // the case's variables read as before (500 once such a value was stored)
    assertThat(send("/engine-rest", HttpMethod.GET, "/process-instance/" + id + "/variables", null).status())
        .isEqualTo(200);
  }

  @Test
  void aBinaryUploadTypedJsonIsTheEnginesToRefuse() throws Exception {
    // a file part typed Json: the engine takes no Json value from a binary upload (400), nothing stored
    String boundary = "json-variables-boundary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"m.json\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\nx{{1+1}}\r\n--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"valueType\"\r\nContent-Type: text/plain\r\n\r\nJson\r\n--"
        + boundary + "--\r\n";
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary));
    for (String path : List.of("/process-instance/" + waiting.getId() + "/variables/materials/data",
        "/execution/" + waiting.getId() + "/localVariables/materials/data")) {
      ResponseEntity<String> answer = new Api(rest).as("admin").exchange("/engine-rest" + path, HttpMethod.POST,
          new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), headers), String.class);
      assertThat(answer.getStatusCode().value()).as("%s: %s", path, answer.getBody()).isEqualTo(400);
    }
    assertThat(runtime.getVariable(waiting.getId(), "materials")).isNull();
  }

  @Test
  void validJsonIsStillStoredAndOthersGetTheEnginesAnswer() throws Exception {
    String id = waiting.getId();
    assertThat(send("/engine-rest", HttpMethod.PUT, "/process-instance/" + id + "/variables/materials", JSON))
        .isEqualTo(new Answer(204, null));
    assertThat(send("/camunda/api/engine/engine/default", HttpMethod.POST, "/process-instance/" + id + "/variables",
        "{\"modifications\":{\"received\":" + JSON + "}}")).isEqualTo(new Answer(204, null));
    assertThat(send("/engine-rest/engine/default", HttpMethod.POST, "/message", "{\"messageName\":"
        + "\"json-variables-supplement\",\"processInstanceId\":\"" + id + "\",\"processVariables\":{\"supplement\":"
        + JSON + "}}")).isEqualTo(new Answer(204, null));
    for (String name : List.of("materials", "received", "supplement")) {
      assertThat(runtime.getVariableTyped(id, name).getValue()).as(name).hasToString("[\"申请表\"]");
    }
    // without a login the engine answers 401 as before, and a clerk of the township finds no right to change the case
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    assertThat(rest.exchange("/engine-rest/process-instance/" + id + "/variables/other", HttpMethod.PUT,
        new HttpEntity<>(JSON, headers), String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(new Api(rest).as("qs-clerk").exchange("/engine-rest/process-instance/" + id + "/variables/other",
        HttpMethod.PUT, new HttpEntity<>(JSON, headers), String.class).getStatusCode().value()).isIn(403, 404);
    assertThat(runtime.getVariable(id, "other")).isNull();
  }
}
