package cn.township.workflow.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.window.ChineseIdNumber;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** 投诉举报 over HTTP, and who sees an enforcement case. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
@SuppressWarnings("unchecked")
public class EnforcementApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired PenaltyRegister register;

  /** A citizen's complaint of {@code violation} at 青山镇 (also the report other packages' tests file). */
  public static Map<String, Object> complaint(String violation) {
    Map<String, Object> body = new HashMap<>();
    body.put("violationType", violation);
    body.put("partyType", "citizen");
    body.put("partyName", "刘某");
    body.put("partyBirthDate", "1975-06-15");
    body.put("violationDate", LocalDate.now().minusDays(2).toString());
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

  static PenaltyRegister.Decision decision(String caseNo, String township, String partyType, String party, String idNumber) {
    return new PenaltyRegister.Decision(UUID.randomUUID().toString(), caseNo, township, "青山镇人民政府", partyType, party,
        idNumber, "LITTERING", "随意倾倒、抛撒、堆放生活垃圾", LocalDate.of(2026, 11, 6), PenaltyKind.FINE, new BigDecimal("150"),
        "《城市市容和环境卫生管理条例》第三十四条", LocalDate.of(2026, 11, 16));
  }

  @Test
  void publishedDecisionsAreListedWithoutAnAccountAndWithoutThePartysIdentity() {
    String idNumber = ChineseIdNumber.withCheckCharacter("43052119800101777");
    PenaltyRegister.Decision published = decision("QS-PUB-0001", "qingshan", "citizen", "王小明", idNumber);
    register.record(published);
    register.publish(published.processInstanceId(), LocalDate.of(2026, 11, 17),
        "青山镇人民政府 行政处罚决定（案号 QS-PUB-0001）：当事人王**，违法行为：随意倾倒生活垃圾。");
    PenaltyRegister.Decision withdrawn = decision("QS-PUB-0002", "qingshan", "organization", "青山建材有限公司",
        CreditCode.withCheckCharacter("91330000MA0PUB002"));
    register.record(withdrawn);
    register.publish(withdrawn.processInstanceId(), LocalDate.of(2026, 11, 17), "青山建材有限公司罚款150元");
    register.withdraw(withdrawn.processInstanceId(), LocalDate.of(2026, 11, 20), "该行政处罚决定已被依法撤销：事实不清");
    PenaltyRegister.Decision unpublished = decision("QS-PUB-0003", "qingshan", "citizen", "李四", null);
    register.record(unpublished);

    ResponseEntity<String> raw = rest.getForEntity("/api/enforcement/publications", String.class);
    assertThat(raw.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(raw.getBody()).doesNotContain(idNumber).doesNotContain("王小明").doesNotContain("QS-PUB-0003");
    Map<String, Object> body = new Api(rest).get(null, "/api/enforcement/publications").getBody();
    assertThat((List<Map<String, Object>>) body.get("publications")).filteredOn(p -> "QS-PUB-0001".equals(p.get("caseNo")))
        .singleElement().satisfies(p -> assertThat(p).containsEntry("party", "王**").containsEntry("penalty", "罚款")
            .containsEntry("township", "青山镇").containsEntry("publishedOn", "2026-11-17").containsEntry("fineAmount", 150.0));
    assertThat((List<Map<String, Object>>) body.get("withdrawn")).filteredOn(p -> "QS-PUB-0002".equals(p.get("caseNo")))
        .singleElement().satisfies(p -> assertThat(p).containsEntry("withdrawnOn", "2026-11-20")
            .containsEntry("reason", "该行政处罚决定已被依法撤销：事实不清").doesNotContainKeys("content", "party", "fineAmount"));
    Map<String, Object> baishi = new Api(rest).get(null, "/api/enforcement/publications?township=baishi").getBody();
    assertThat((List<Map<String, Object>>) baishi.get("publications"))
        .noneMatch(p -> String.valueOf(p.get("caseNo")).startsWith("QS-PUB"));
  }

  @Test
  void thePublicationListRefusesBadParametersAndEveryOtherMethodWithoutFailing() {
    Api api = new Api(rest);
    ResponseEntity<Map<String, Object>> unknown = api.get(null, "/api/enforcement/publications?township=nowhere");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknown.getBody()).containsEntry("field", "township");
    ResponseEntity<String> oversized = rest.getForEntity("/api/enforcement/publications?township=" + "q".repeat(5000),
        String.class);
    assertThat(oversized.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(oversized.getBody()).doesNotContain("qqqqqqqqqq");
    assertThat(api.post(null, "/api/enforcement/publications", Map.of()).getStatusCode())
        .as("publishing is not public").isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(api.post("qs-captain", "/api/enforcement/publications", Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    assertThat(api.as(null).exchange("/api/enforcement/publications", HttpMethod.DELETE, null, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
