package cn.township.workflow.window;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * 村级代办: the agent of 青山镇东村 registers applications for villagers with their consent recorded, sees only those
 * and their status, fetches the documents to hand over — and nothing else: no other case, no Tasklist, no engine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class VillageAgentTest {

  static final String CONSENT = "村民王大山于2026年11月16日签署代办授权委托书";

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcTemplate jdbc;
  @Autowired AuthorizationService authorizations;
  @Autowired IdentityService identity;

  Api api() {
    return new Api(anonymous);
  }

  Map<String, Object> onBehalf(String consent) {
    return anApplication().jsonWith("villagerConsent", consent);
  }

  List<Map<String, Object>> list(String user, String path) {
    return api().list(user, path);
  }

  long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theAgentRegistersForAVillagerAndSeesOnlyTheirOwnRegistrations() throws java.io.IOException {
    Map<String, Object> own = api().register("qs-agent", onBehalf(CONSENT));
    String receiptNo = (String) own.get("receiptNo");
    assertThat(receiptNo).startsWith("QS-");
    assertThat(own).containsEntry("township", "青山镇").containsEntry("village", "青山镇东村");
    assertThat(jdbc.queryForMap("SELECT channel, village_id, villager_consent, registered_by, receiving_township_id "
        + "FROM tw_registration WHERE receipt_no = ?", receiptNo)).containsEntry("CHANNEL", "VILLAGE_AGENT")
        .containsEntry("VILLAGE_ID", "village-qs-dongcun").containsEntry("VILLAGER_CONSENT", CONSENT)
        .containsEntry("REGISTERED_BY", "qs-agent").containsEntry("RECEIVING_TOWNSHIP_ID", "qingshan");
    // the case runs at 青山镇 as any other: its window takes the intake
    assertThat(api().tasksOf("qs-clerk", receiptNo)).hasSize(1);

    String atWindow = (String) api().register("qs-clerk", anApplication().json()).get("receiptNo");
    String otherVillage = (String) api().register("bs-agent", onBehalf("村民签字同意")).get("receiptNo");
    assertThat(otherVillage).startsWith("BS-");

    List<Map<String, Object>> mine = list("qs-agent", "/api/registrations");
    assertThat(mine).extracting(r -> r.get("receiptNo")).contains(receiptNo).doesNotContain(atWindow, otherVillage)
        .allMatch(no -> jdbc.queryForObject("SELECT registered_by FROM tw_registration WHERE receipt_no = ?",
            String.class, no).equals("qs-agent"));
    Map<String, Object> row = mine.stream().filter(r -> receiptNo.equals(r.get("receiptNo"))).findFirst().orElseThrow();
    assertThat(row).containsEntry("channel", "村级代办").containsEntry("villagerConsent", CONSENT);
    assertThat((Map<String, Object>) row.get("status")).containsEntry("state", "办理中").containsEntry("township", "青山镇");
    assertThat(list("bs-agent", "/api/registrations")).extracting(r -> r.get("receiptNo")).contains(otherVillage)
        .doesNotContain(receiptNo);

    // the documents to hand over: their own case's, what the applicant receives
    String documents = "/api/cases/" + receiptNo + "/documents";
    List<Map<String, Object>> handOver = list("qs-agent", documents);
    assertThat(handOver).extracting(d -> d.get("type")).containsExactly("RECEIPT");
    ResponseEntity<byte[]> pdf = api().as("qs-agent").exchange(documents + "/" + handOver.get(0).get("id"),
        HttpMethod.GET, null, byte[].class);
    assertThat(pdf.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(pdf.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
    assertThat(cn.township.workflow.support.Pdfs.read(pdf.getBody()).text().replaceAll("\\s", ""))
        .contains("村级代办青山镇东村代办点（经申请人同意代为提交）");
    // never another case's
    assertThat(api().get("qs-agent", "/api/cases/" + atWindow + "/documents").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api().get("bs-agent", documents).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void theVillagersConsentIsRequiredAndOnlyAgentsGiveIt() {
    long cases = count("ACT_HI_PROCINST");
    long registered = count("tw_registration");
    ResponseEntity<Map<String, Object>> missing = api().post("qs-agent", "/api/applications", onBehalf(" "));
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) missing.getBody().get("message")).isEqualTo("请记录村民同意代办的方式（如：授权委托书已签字、日期）。");
    assertThat(api().post("qs-agent", "/api/applications", onBehalf("同".repeat(501))).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    Map<String, Object> badId = onBehalf(CONSENT);
    badId.put("applicantIdNumber", "12345");
    assertThat(api().post("qs-agent", "/api/applications", badId).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<Map<String, Object>> clerk = api().post("qs-clerk", "/api/applications", onBehalf(CONSENT));
    assertThat(clerk.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) clerk.getBody().get("message")).isEqualTo("代办授权只由村级代办员填写。");
    assertThat(count("ACT_HI_PROCINST")).isEqualTo(cases);
    assertThat(count("tw_registration")).isEqualTo(registered);
  }

  @Test
  void agentsNeverReachTasklistTheEngineOrTheInternalFile() {
    String receiptNo = (String) api().register("qs-agent", onBehalf(CONSENT)).get("receiptNo");
    for (String path : List.of("/engine-rest/task", "/engine-rest/process-instance", "/engine-rest/history/task",
        "/api/cases/" + receiptNo + "/case-file", "/api/metrics/overview", "/api/audit")) {
      ResponseEntity<Map<String, Object>> answer = api().get("qs-agent", path);
      assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat((String) answer.getBody().get("message")).as(path).startsWith("村级代办员只能");
    }
    assertThat(api().post("qs-agent", "/engine-rest/process-definition/key/delegated-review/start", Map.of())
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    List<String> groups = identity.createGroupQuery().groupMember("qs-agent").list().stream().map(Group::getId).toList();
    assertThat(groups).containsExactlyInAnyOrder("village-agent", "village-qs-dongcun");
    for (String app : List.of("tasklist", "cockpit", "admin")) {
      assertThat(authorizations.isUserAuthorized("qs-agent", groups, Permissions.ACCESS, Resources.APPLICATION, app))
          .as(app).isFalse();
    }
    assertThat(api().get(null, "/api/registrations").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
