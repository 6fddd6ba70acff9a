package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;

import cn.township.workflow.support.Api;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class AttackProbeTest {
  @Autowired TestRestTemplate rest;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @Autowired ManagementService management;
  @Autowired JdbcTemplate jdbc;

  ResponseEntity<Map<String, Object>> call(String user, HttpMethod method, String path, Object body) {
    return new Api(rest).as(user).exchange(path, method, body == null ? HttpEntity.EMPTY : new HttpEntity<>(body),
        Api.JSON_OBJECT);
  }

  @Test
  void cascade() {
    String deployment = repository.createDeployment().name("probe").addModelInstance("probe.bpmn",
        StatutoryTimerGuardTest.example()).deploy().getId();
    ProcessInstance pi = runtime.startProcessInstanceByKey(StatutoryTimerGuardTest.KEY, Variables.createVariables()
        .putValue("townshipId", "qingshan").putValue("dueAt", new Date(System.currentTimeMillis() + 86400000L * 20)));
    ResponseEntity<Map<String, Object>> r = call("analyst-lin", HttpMethod.DELETE, "/engine-rest/deployment/" + deployment + "?cascade=true", null);
    System.out.println("PROBE cascade analyst -> " + r.getStatusCode() + " " + r.getBody() + " alive=" + runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count());
    String def = runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).list().stream().map(p -> p.getProcessDefinitionId()).findFirst().orElse("gone");
    r = call("analyst-lin", HttpMethod.DELETE, "/engine-rest/process-definition/" + def + "?cascade=true", null);
    System.out.println("PROBE cascade def analyst -> " + r.getStatusCode() + " " + r.getBody() + " alive=" + runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count());
    r = call("analyst-lin", HttpMethod.DELETE, "/engine-rest/process-definition/key/" + StatutoryTimerGuardTest.KEY + "/delete?cascade=true", null);
    System.out.println("PROBE cascade key analyst -> " + r.getStatusCode() + " " + r.getBody() + " alive=" + runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count());
  }

  @Test
  void dateVariable() {
    Map<String, Object> created = new Api(rest).register("qs-clerk", anApplication().json());
    ProcessInstance root = runtime.createProcessInstanceQuery().processInstanceBusinessKey((String) created.get("receiptNo"))
        .processDefinitionKey("delegated-review").singleResult();
    System.out.println("PROBE vars " + (root == null ? null : runtime.getVariables(root.getId()).keySet()));
    if (root == null) return;
    for (String user : List.of("analyst-lin", "admin")) {
      ResponseEntity<Map<String, Object>> r = call(user, HttpMethod.PUT, "/engine-rest/process-instance/" + root.getId()
          + "/variables/timeLimitDueAt", Map.of("value", "2030-01-01T00:00:00.000+0000", "type", "Date"));
      System.out.println("PROBE set timeLimitDueAt " + user + " -> " + r.getStatusCode() + " " + r.getBody() + " now=" + runtime.getVariable(root.getId(), "timeLimitDueAt"));
    }
    ResponseEntity<Map<String, Object>> r = call("admin", HttpMethod.POST, "/engine-rest/process-instance/" + root.getId() + "/variables",
        Map.of("modifications", Map.of("applicantIdNumber", Map.of("value", "\"11010519491231002X\"", "type", "Json"))));
    System.out.println("PROBE json id -> " + r.getStatusCode() + " " + r.getBody());
    r = call("admin", HttpMethod.POST, "/engine-rest/process-instance/" + root.getId() + "/variables",
        Map.of("modifications", Map.of("applicantIdNumber", Map.of("value", "11010519491231002X", "type", "String")), "deletions", List.of("applicantIdNumber")));
    System.out.println("PROBE mod+del id -> " + r.getStatusCode() + " " + r.getBody() + " vars=" + runtime.getVariables(root.getId()).containsKey("applicantIdNumber")
        + " rows=" + jdbc.queryForList("SELECT id_number FROM tw_applicant_identity WHERE process_instance_id = ?", String.class, root.getId()));
    r = call("admin", HttpMethod.POST, "/engine-rest/process-instance/" + root.getId() + "/variables",
        Map.of("modifications", Map.of("applicantIdNumber", Map.of("value", "{\"n\":\"11010519491231002X\"}", "type", "Object",
            "valueInfo", Map.of("objectTypeName", "java.util.HashMap", "serializationDataFormat", "application/json")))));
    System.out.println("PROBE object id -> " + r.getStatusCode() + " " + r.getBody());
    r = call("admin", HttpMethod.POST, "/engine-rest/authorization/create", Map.of("type", 2, "permissions", List.of("READ"), "userId", "qs-clerk", "resourceType", 8, "resourceId", "*"));
    System.out.println("PROBE revoke -> " + r.getStatusCode() + " " + r.getBody());
    r = call("admin", HttpMethod.POST, "/engine-rest/authorization/create", Map.of("permissions", List.of("READ"), "userId", "qs-clerk", "resourceType", 8, "resourceId", "probe"));
    System.out.println("PROBE no type -> " + r.getStatusCode() + " " + r.getBody());
  }
}
