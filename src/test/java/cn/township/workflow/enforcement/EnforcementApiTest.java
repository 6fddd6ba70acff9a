package cn.township.workflow.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** 投诉举报 over HTTP, and who sees an enforcement case. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class EnforcementApiTest {

  @Autowired TestRestTemplate rest;

  static Map<String, Object> complaint(String violation) {
    Map<String, Object> body = new HashMap<>();
    body.put("violationType", violation);
    body.put("partyType", "citizen");
    body.put("partyName", "刘某");
    body.put("location", "青山镇集镇路口");
    body.put("facts", "群众举报有人在路口倾倒建筑垃圾");
    return body;
  }

  @Test
  void aComplaintOpensACaseForTheTownshipsTeamOnly() {
    Api api = new Api(rest);
    ResponseEntity<Map<String, Object>> created = api.post("qs-clerk", "/api/enforcement/reports", complaint("LITTERING"));
    assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody()).containsEntry("actingAuthority", "青山镇人民政府").containsEntry("jurisdiction", "township");
    String caseNo = (String) created.getBody().get("caseNo");

    assertThat(api.tasksOf("qs-captain", caseNo)).singleElement()
        .satisfies(t -> assertThat(t.get("name")).isEqualTo("立案审批"));
    assertThat(api.tasksOf("bs-captain", caseNo)).as("another township's team").isEmpty();
    assertThat(api.tasksOf("qs-clerk", caseNo)).as("the window only registers").isEmpty();
  }

  @Test
  void badComplaintsAreRefusedAndOnlyRegistrarsMayFileThem() {
    Api api = new Api(rest);
    ResponseEntity<Map<String, Object>> unknown = api.post("qs-officer1", "/api/enforcement/reports",
        complaint("NO_SUCH_VIOLATION"));
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknown.getBody()).containsEntry("field", "violationType");
    Map<String, Object> noParty = complaint("LITTERING");
    noParty.remove("partyName");
    assertThat(api.post("qs-officer1", "/api/enforcement/reports", noParty).getBody()).containsEntry("field", "partyName");
    assertThat(api.post("qs-reviewer", "/api/enforcement/reports", complaint("LITTERING")).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }
}
