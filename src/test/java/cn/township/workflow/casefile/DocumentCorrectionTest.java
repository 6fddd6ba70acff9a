package cn.township.workflow.casefile;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.Pdfs;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
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

/**
 * A correction (更正) corrects a named error in the document as issued and says so: it is rendered from what the
 * document printed, not from what the case holds on the day of the correction, with only the named fields changed, a
 * visible note (what, from what to what, why, when), the original 文号 and date; the reason is on the record.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class DocumentCorrectionTest {

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired Documents documents;
  @Autowired JdbcTemplate jdbc;
  @Autowired cn.township.workflow.catalog.Deadlines deadlines;

  Api api() {
    return new Api(rest);
  }

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  /** Registers a homestead case at 青山镇's window (applicant 王大山) and accepts it: receipt and acceptance issued. */
  String acceptedCase() {
    return acceptedCase(api(), tasks);
  }

  /** The same for other tests of documents: the receipt number of a 青山镇 homestead case, accepted. */
  static String acceptedCase(Api api, TaskService tasks) {
    Map<String, Object> created = api.register("qs-clerk", anApplication().forMatter("RURAL_HOMESTEAD").json());
    String receiptNo = (String) created.get("receiptNo");
    String task = (String) api.tasksOf("qs-clerk", receiptNo).get(0).get("id");
    tasks.complete(task, Map.of("receivedMaterials", created.get("requiredMaterials"), "acceptable", true));
    return receiptNo;
  }

  /** The reviewer asks for more time and the leader grants it: the case's time limit and due date change. */
  void extendTimeLimit(String receiptNo) {
    complete(receiptNo, "Task_Review", Map.of("reviewResult", "extend", "reviewOpinion", "需等待村委会复核",
        "extensionReasons", "需现场复核宅基地四至"));
    complete(receiptNo, "Task_ApproveExtension", Map.of("extensionApproved", true, "extensionDecisionNote", "同意延长"));
  }

  void complete(String receiptNo, String step, Map<String, Object> variables) {
    tasks.complete(tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).taskDefinitionKey(step)
        .singleResult().getId(), variables);
  }

  Documents.Document first(String caseNo, String kind) {
    return documents.forCase(caseNo).stream().filter(d -> d.kind().equals(kind)).findFirst().orElseThrow();
  }

  ResponseEntity<Map<String, Object>> correct(String user, String caseNo, String id, Object body) {
    return api().post(user, "/api/cases/" + caseNo + "/documents/" + id + "/reissue", body);
  }

  String text(String documentId) {
    return Pdfs.read(documents.content(documentId)).text();
  }

  Object caseVariable(String receiptNo, String name) {
    return runtime.getVariable(runtime.createProcessInstanceQuery().processInstanceBusinessKey(receiptNo)
        .rootProcessInstances().singleResult().getId(), name);
  }

  /** The notice text a document was issued with (as stored beside it). */
  String body(String documentId) {
    return jdbc.queryForObject("SELECT body FROM tw_document WHERE id = ?", String.class, documentId);
  }

  /** The date under the organ's name at the foot of a document's text. */
  static String signedOn(String text) {
    String date = text.replaceAll(".*青山镇人民政府(\\d{4}年\\d{1,2}月\\d{1,2}日).*", "$1");
    assertThat(date).matches("\\d{4}年\\d{1,2}月\\d{1,2}日");
    return date;
  }

  static int occurrences(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  void later(Duration by) {
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(by)));
  }

  @Test
  void anAcceptanceNoticeCorrectedAfterTheLimitWasExtendedShowsTheOriginalDeadlineTheCorrectedNameAndTheNote() {
    String receiptNo = acceptedCase();
    Documents.Document notice = first(receiptNo, "ACCEPTED");
    String issuedText = text(notice.id());
    later(Duration.ofDays(2));
    extendTimeLimit(receiptNo);
    assertThat(caseVariable(receiptNo, "timeLimitExtended")).isEqualTo(true);
    later(Duration.ofDays(3));
    String misspelt = body(notice.id()).split("\n")[0].strip();
    assertThat(misspelt).startsWith("王大山：");
    String issuedOn = signedOn(issuedText);

    ResponseEntity<Map<String, Object>> answer = correct("qs-leader", receiptNo, notice.id(), Map.of(
        "fields", Map.of("recipient", "王大珊", "paragraph1", misspelt.replaceFirst("^王大山", "王大珊")),
        "reason", "申请人姓名“珊”误写为“山”"));

    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(answer.getBody()).containsEntry("version", 2).containsEntry("docNo", notice.docNo())
        .containsEntry("replaces", notice.id());
    String corrected = text((String) answer.getBody().get("id"));
    // the deadline the notice promised, as issued (the case's due date has moved since), and the date of the notice
    String promised = issuedText.replaceAll(".*承诺于(\\d{4}年\\d{1,2}月\\d{1,2}日).*", "$1");
    assertThat(promised).matches("\\d{4}年\\d{1,2}月\\d{1,2}日");
    assertThat(corrected).contains("王大珊：您申请的", "承诺于" + promised, notice.docNo(),
        "青山镇人民政府" + issuedOn);
    // the body says 王大珊 (the note quotes the paragraph as it was, and as it is now)
    assertThat(occurrences(corrected, "王大珊：您申请的")).isEqualTo(2);
    assertThat(occurrences(corrected, "王大山：您申请的")).isEqualTo(1);
    String today = deadlines.formatDate(ClockUtil.getCurrentTime());
    assertThat(today).isNotEqualTo(issuedOn);
    assertThat(corrected).contains("更正说明：受文人由“王大山”更正为“王大珊”；", "更正理由：申请人姓名“珊”误写为“山”。",
        "更正日期：" + today);
    // on the record: who, when, why; the case's own data are not changed by a document's correction
    assertThat(jdbc.queryForMap("SELECT issued_by, correction_reason FROM tw_document WHERE id = ?",
        answer.getBody().get("id"))).containsEntry("ISSUED_BY", "qs-leader")
        .containsEntry("CORRECTION_REASON", "申请人姓名“珊”误写为“山”");
    assertThat(caseVariable(receiptNo, "applicantName")).isEqualTo("王大山");
    assertThat(Documents.sha256(documents.content(notice.id()))).isEqualTo(notice.sha256());
  }

  @Test
  void aReceiptCorrectedAfterTheExtensionPrintsTheTimeLimitItWasIssuedWith() {
    String receiptNo = acceptedCase();
    Documents.Document receipt = first(receiptNo, "RECEIPT");
    Object issuedDays = caseVariable(receiptNo, "timeLimitDays");
    extendTimeLimit(receiptNo);
    assertThat(caseVariable(receiptNo, "timeLimitDays")).isNotEqualTo(issuedDays);

    ResponseEntity<Map<String, Object>> answer = correct("qs-clerk", receiptNo, receipt.id(), Map.of(
        "fields", Map.of("applicantName", "王大珊"), "reason", "申请人姓名笔误"));

    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.CREATED);
    String corrected = text((String) answer.getBody().get("id"));
    assertThat(corrected).contains("承诺时限" + issuedDays + "个工作日", "申请人王大珊",
        "更正说明：申请人由“王大山”更正为“王大珊”；");
    assertThat(corrected).doesNotContain("承诺时限" + caseVariable(receiptNo, "timeLimitDays") + "个工作日");
  }

  @Test
  void onlyWhatTheDocumentPrintedIsCorrectedWithAReasonAndValuesItsFieldsTake() {
    String receiptNo = acceptedCase();
    String receipt = first(receiptNo, "RECEIPT").id();
    String notice = first(receiptNo, "ACCEPTED").id();
    int before = documents.forCase(receiptNo).size();
    Map<String, Map<String, Object>> refused = new java.util.LinkedHashMap<>();
    refused.put("没有印出", Map.of("fields", Map.of("applicantPhone", "13800138000"), "reason", "电话有误"));
    refused.put("不能通过更正文书改变", Map.of("fields", Map.of("queryCode", "12345678"), "reason", "查询码有误"));
    refused.put("更正理由", Map.of("fields", Map.of("applicantName", "王大珊")));
    refused.put("更正理由过长", Map.of("fields", Map.of("applicantName", "王大珊"), "reason", "长".repeat(501)));
    // the time limit is the case's figure its timers run on, not corrected in a document
    refused.put("“timeLimitDays”不能通过更正文书改变", Map.of("fields", Map.of("timeLimitDays", "25"), "reason", "时限有误"));
    refused.put("申请人过长", Map.of("fields", Map.of("applicantName", "王".repeat(51)), "reason", "姓名有误"));
    refused.put("请写明要更正的内容", Map.of("reason", "姓名有误"));
    refused.put("已是", Map.of("fields", Map.of("applicantName", "王大山"), "reason", "姓名有误"));
    refused.put("应为文字", Map.of("fields", Map.of("applicantName", List.of("王")), "reason", "姓名有误"));
    for (Map.Entry<String, Map<String, Object>> request : refused.entrySet()) {
      ResponseEntity<Map<String, Object>> answer = correct("qs-clerk", receiptNo, receipt, request.getValue());
      assertThat(answer.getStatusCode()).as(request.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat((String) answer.getBody().get("message")).as(request.getKey()).contains(request.getKey());
    }
    // the acceptance notice prints no table: the applicant's name as a case value is not among its fields
    ResponseEntity<Map<String, Object>> notPrinted = correct("qs-clerk", receiptNo, notice, Map.of(
        "fields", Map.of("applicantName", "王大珊"), "reason", "姓名有误"));
    assertThat(notPrinted.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) notPrinted.getBody().get("message")).contains("没有印出“applicantName”", "recipient（受文人）",
        "paragraph1（正文第1段）");
    for (String body : List.of("{", "[1]", "{\"fields\":\"王大珊\",\"reason\":\"x\"}",
        "{\"fields\":{\"applicantName\":\"" + "长".repeat(300_000) + "\"},\"reason\":\"x\"}")) {
      HttpHeaders headers = new HttpHeaders();
      headers.setContentType(MediaType.APPLICATION_JSON);
      ResponseEntity<Map<String, Object>> answer = api().as("qs-clerk").exchange("/api/cases/" + receiptNo
          + "/documents/" + receipt + "/reissue", HttpMethod.POST, new HttpEntity<>(body, headers), Api.JSON_OBJECT);
      assertThat(answer.getStatusCode()).as(body.substring(0, Math.min(40, body.length())))
          .isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat((String) answer.getBody().get("message")).matches(".*[\\u4e00-\\u9fa5].*");
    }
    assertThat(documents.forCase(receiptNo)).as("nothing stored").hasSize(before);
  }

  @Test
  void aCorrectionOfACorrectionStartsFromTheNewestVersionAndTheSameCorrectionAgainStoresNothing() {
    String receiptNo = acceptedCase();
    Documents.Document receipt = first(receiptNo, "RECEIPT");
    Map<String, Object> name = Map.of("fields", Map.of("applicantName", "王大珊"), "reason", "申请人姓名笔误");
    ResponseEntity<Map<String, Object>> first = correct("qs-clerk", receiptNo, receipt.id(), name);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    ResponseEntity<Map<String, Object>> replay = correct("qs-clerk", receiptNo, receipt.id(), name);
    assertThat(replay.getStatusCode()).as("the same correction again").isEqualTo(HttpStatus.OK);
    assertThat(replay.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.getBody()).containsEntry("id", first.getBody().get("id")).containsEntry("version", 2);
    assertThat(documents.forCase(receiptNo).stream().filter(d -> d.kind().equals("RECEIPT"))).hasSize(2);

    ResponseEntity<Map<String, Object>> second = correct("qs-clerk", receiptNo, receipt.id(), Map.of(
        "fields", Map.of("firstResponsiblePhone", "0571-12345678"), "reason", "窗口电话误写"));
    assertThat(second.getStatusCode()).as("%s", second.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(second.getBody()).containsEntry("version", 3).containsEntry("replaces", first.getBody().get("id"));
    String text = text((String) second.getBody().get("id"));
    assertThat(text).contains("申请人王大珊", "0571-12345678", "申请人由“王大山”更正为“王大珊”",
        "窗口电话由“");
  }

  @Test
  void aDocumentIssuedBeforeItsPrintedModelWasKeptIsRebuiltAndSaysSo() {
    String receiptNo = acceptedCase();
    Documents.Document notice = first(receiptNo, "ACCEPTED");
    jdbc.update("UPDATE tw_document SET printed = NULL WHERE id = ?", notice.id()); // as issued by an earlier release
    later(Duration.ofDays(1));
    String issued = text(notice.id());

    ResponseEntity<Map<String, Object>> answer = correct("qs-leader", receiptNo, notice.id(), Map.of(
        "fields", Map.of("recipient", "王大珊"), "reason", "受文人姓名笔误"));

    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.CREATED);
    @SuppressWarnings("unchecked")
    Map<String, Object> correction = (Map<String, Object>) answer.getBody().get("correction");
    assertThat(correction).containsEntry("rebuilt", true).containsEntry("reason", "受文人姓名笔误");
    String corrected = text((String) answer.getBody().get("id"));
    assertThat(corrected).contains("王大珊：", "更正说明：受文人由“王大山”更正为“王大珊”；", "本文书原件签发时未保存打印内容",
        notice.docNo(), "青山镇人民政府" + signedOn(issued));
  }
}
