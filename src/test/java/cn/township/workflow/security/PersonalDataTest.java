package cn.township.workflow.security;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.window.ChineseIdNumber;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * ID numbers and mobile numbers leave the case's staff only masked (个人信息保护法): in the applicant's status, the
 * supervision figures and Prometheus, error messages that quote what was entered, and the logs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataTest {

  static final String ID = ChineseIdNumber.withCheckCharacter("11010519491231002");
  static final String MASKED_ID = ID.substring(0, 6) + "********" + ID.substring(14);
  static final String PHONE = "13912345678";

  @Autowired TestRestTemplate anonymous;

  @Test
  void theMaskKeepsRegionAndLastDigits() {
    assertThat(PersonalData.mask("申请人 " + ID + "，电话" + PHONE + "。")).isEqualTo("申请人 " + MASKED_ID + "，电话139****5678。");
    assertThat(PersonalData.mask("11010519491231002X")).isEqualTo("110105********002X");
    assertThat(PersonalData.mask("受理编号 QS-20261202-0001，查询码 86211685，时间 1733138000123"))
        .as("receipt numbers, codes and timestamps are not personal data")
        .isEqualTo("受理编号 QS-20261202-0001，查询码 86211685，时间 1733138000123");
  }

  @Test
  void theStatusFiguresAndScrapeNeverCarryThem() {
    Api api = new Api(anonymous);
    Map<String, Object> created = api.register("qs-clerk", anApplication().idNumber(ID).phone(PHONE).json());
    String status = anonymous.getForObject("/api/cases/" + created.get("receiptNo") + "?queryCode="
        + created.get("queryCode"), String.class);
    String figures = api.as("county-supervisor").getForObject("/api/metrics/dashboard", String.class);
    String overdue = api.as("county-supervisor").getForObject("/api/metrics/overdue", String.class);
    String scrape = api.as("county-supervisor").getForObject("/actuator/prometheus", String.class);
    for (String page : new String[] {status, figures, overdue, scrape}) {
      assertThat(page).doesNotContain(ID).doesNotContain(PHONE).doesNotContain(ID.substring(6, 14));
    }
  }

  @Test
  void anErrorThatQuotesAnEnteredValueMasksIt(CapturedOutput output) {
    Api api = new Api(anonymous);
    Map<String, Object> created = api.register("qs-clerk", anApplication().json());
    // the administrator may write the case's variables, so the engine itself answers and quotes the value it refused
    ResponseEntity<Map<String, Object>> refused = api.as("admin").exchange("/engine-rest/process-instance/"
            + created.get("processInstanceId") + "/variables/note", HttpMethod.PUT,
        new HttpEntity<>(Map.of("value", ID, "type", "Integer")), Api.JSON_OBJECT);
    assertThat(refused.getStatusCode().value()).isEqualTo(400);
    // the answer is in Chinese; the engine's English text, which quotes the value, is only in the log, masked
    assertThat(refused.getBody()).containsOnlyKeys("type", "message");
    assertThat((String) refused.getBody().get("message")).doesNotContain(ID);
    assertThat(output.getAll()).contains("Engine API: answered 400").contains(MASKED_ID).doesNotContain(ID);
  }

  @Test
  void logsMaskWhatWasTyped(CapturedOutput output) {
    // someone types their ID number as user name: the failed login is logged (and recorded) masked
    assertThat(anonymous.withBasicAuth(ID, "x").getForEntity("/engine-rest/task", String.class).getStatusCode()
        .value()).isEqualTo(401);
    assertThat(output.getAll()).contains("login failed: " + MASKED_ID).doesNotContain(ID);
  }
}
