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

  /** The clerks' and leaders' tools of the rest of /api: refused to an agent before any controller runs. */
  @Test
  void agentsNeverReachTheClerksToolsOfTheApi() {
    String receiptNo = (String) api().register("qs-agent", onBehalf(CONSENT)).get("receiptNo");
    String taskId = (String) api().tasksOf("qs-clerk", receiptNo).get(0).get("id");
    Map<HttpMethod, List<String>> tools = Map.of(
        HttpMethod.GET, List.of("/api/absences", "/api/cases/" + receiptNo + "/evaluations"),
        HttpMethod.PUT, List.of("/api/absences/qs-agent", "/api/absences/qs-clerk"),
        HttpMethod.DELETE, List.of("/api/absences/qs-clerk"),
        HttpMethod.POST, List.of("/api/tasks/" + taskId + "/urge", "/api/tasks/reassign",
            "/api/registrations/" + receiptNo + "/issue", "/api/cases/" + receiptNo + "/evaluations/county-handling",
            "/api/cases/" + receiptNo + "/evaluations/pre-examination"));
    Map<String, Object> body = Map.of("from", "2026-12-07", "to", "2026-12-11", "substitute", "qs-agent",
        "taskIds", List.of(taskId), "assignee", "qs-agent", "issuingTownshipId", "qingshan", "score", 5, "comment", "好");
    tools.forEach((method, paths) -> paths.forEach(path -> {
      ResponseEntity<Map<String, Object>> answer = api().as("qs-agent").exchange(path, method,
          new org.springframework.http.HttpEntity<>(method == HttpMethod.GET || method == HttpMethod.DELETE ? null
              : body), Api.JSON_OBJECT);
      assertThat(answer.getStatusCode()).as("%s %s", method, path).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat((String) answer.getBody().get("message")).as("%s %s", method, path).startsWith("村级代办员只能");
    }));
    // nothing was done: the task is still the window's, no substitute recorded for the agent
    assertThat(api().tasksOf("qs-clerk", receiptNo)).extracting(t -> t.get("id")).containsExactly(taskId);
    assertThat(jdbc.queryForObject("SELECT issuing_township_id FROM tw_registration WHERE receipt_no = ?",
        String.class, receiptNo)).isEqualTo("qingshan");
  }

  /**
   * An agent serves their village's township: a case another township handles goes through a window (全县域通办),
   * where a clerk checks it. Naming their own township is fine.
   */
  @Test
  void anAgentRegistersOnlyForTheirOwnTownship() {
    long cases = count("ACT_HI_PROCINST");
    long registered = count("tw_registration");
    Map<String, Object> elsewhere = onBehalf(CONSENT);
    elsewhere.put("handlingTownshipId", "baishi");
    ResponseEntity<Map<String, Object>> refused = api().post("qs-agent", "/api/applications", elsewhere);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) refused.getBody().get("message"))
        .isEqualTo("村级代办员只能代办本乡镇（青山镇）办理的事项，其他乡镇办理的事项请到便民服务中心窗口申请。");
    Map<String, Object> unknown = onBehalf(CONSENT);
    unknown.put("handlingTownshipId", "nowhere");
    assertThat(api().post("qs-agent", "/api/applications", unknown).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(count("ACT_HI_PROCINST")).isEqualTo(cases);
    assertThat(count("tw_registration")).isEqualTo(registered);

    Map<String, Object> own = onBehalf(CONSENT);
    own.put("handlingTownshipId", "qingshan");
    assertThat((String) api().register("qs-agent", own).get("receiptNo")).startsWith("QS-");
  }

  /** Documents of a case the agent did not register: not found, by list or by a document's id, in any township. */
  @Test
  void anAgentReadsNoDocumentsOfACaseNotTheirs() {
    String mine = (String) api().register("qs-agent", onBehalf(CONSENT)).get("receiptNo");
    String ownId = (String) list("qs-agent", "/api/cases/" + mine + "/documents").get(0).get("id");
    // each case with one who may read it: another village's agent, 青山镇's window, a 通办 case 青山镇 received
    Map<String, String> others = Map.of(
        (String) api().register("bs-agent", onBehalf("村民签字同意")).get("receiptNo"), "bs-agent",
        (String) api().register("qs-clerk", anApplication().json()).get("receiptNo"), "qs-clerk",
        (String) api().register("qs-clerk", anApplication().jsonWith("handlingTownshipId", "baishi")).get("receiptNo"),
        "bs-clerk");
    for (Map.Entry<String, String> other : others.entrySet()) {
      String documents = "/api/cases/" + other.getKey() + "/documents";
      String id = (String) list(other.getValue(), documents).get(0).get("id");
      for (String path : List.of(documents, documents + "/" + id, documents + "/" + ownId)) {
        assertThat(api().as("qs-agent").exchange(path, HttpMethod.GET, null, byte[].class).getStatusCode())
            .as(path).isEqualTo(HttpStatus.NOT_FOUND);
      }
    }
  }
}
