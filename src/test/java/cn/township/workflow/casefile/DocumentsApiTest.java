package cn.township.workflow.casefile;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import cn.township.workflow.support.Pdfs;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * The window hands out documents: the receipt at registration, the acceptance notice with its 文号; staff read them
 * over REST, the applicant with the query code (only what was addressed to them); the case file puts them together.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class DocumentsApiTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired TaskService tasks;
  @Autowired org.camunda.bpm.engine.RuntimeService runtime;
  @Autowired Documents documents;

  Api api() {
    return new Api(anonymous);
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> list(String user, String path) {
    ResponseEntity<List<Map<String, Object>>> answer = api().as(user).exchange(path, HttpMethod.GET, null, Api.JSON_LIST);
    assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  byte[] pdf(String user, String path) {
    ResponseEntity<byte[]> answer = api().as(user).exchange(path, HttpMethod.GET, null, byte[].class);
    assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
    return answer.getBody();
  }

  /** Registers a case at 青山镇's window and accepts it with every material: receipt and acceptance issued. */
  Map<String, Object> acceptedCase() {
    Map<String, Object> created = api().register("qs-clerk", anApplication().forMatter("RURAL_HOMESTEAD").json());
    String receiptNo = (String) created.get("receiptNo");
    String task = (String) api().tasksOf("qs-clerk", receiptNo).get(0).get("id");
    tasks.complete(task, Map.of("receivedMaterials", created.get("requiredMaterials"), "acceptable", true));
    return created;
  }

  @Test
  void theReceiptIsAOnePageA4DocumentWithTheNumberAndQueryCode() throws java.io.IOException {
    Map<String, Object> created = api().register("qs-clerk", anApplication().json());
    String receiptNo = (String) created.get("receiptNo");
    List<Map<String, Object>> issued = list("qs-clerk", "/api/cases/" + receiptNo + "/documents");
    assertThat(issued).singleElement().satisfies(d -> assertThat(d).containsEntry("type", "RECEIPT")
        .containsEntry("title", "收件回执").containsEntry("docNo", null));
    byte[] receipt = pdf("qs-clerk", "/api/cases/" + receiptNo + "/documents/" + issued.get(0).get("id"));
    assertThat(Documents.sha256(receipt)).isEqualTo(issued.get(0).get("sha256"));
    java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "documents"));
    java.nio.file.Files.write(java.nio.file.Path.of("target", "documents", "issued-receipt.pdf"), receipt);
    Pdfs.Read read = Pdfs.read(receipt);
    assertThat(read.pages()).isEqualTo(1);
    assertThat(read.size()).isEqualTo("210x297mm");
    assertThat(read.text()).contains("收件回执", "青山镇人民政府", receiptNo, (String) created.get("queryCode"),
        "王大山");
    Object promised = runtime.getVariable(runtime.createProcessInstanceQuery().processInstanceBusinessKey(receiptNo)
        .rootProcessInstances().singleResult().getId(), "timeLimitDays");
    assertThat(promised).as("the matter's time limit, from the catalog").isInstanceOf(Integer.class);
    assertThat(read.text()).contains("承诺时限" + promised + "个工作日（自受理之日起计算）");
  }

  @Test
  @SuppressWarnings("unchecked")
  void acceptanceNoticesAreNumberedConsecutivelyPerOrganKindAndYear() {
    String first = (String) acceptedCase().get("receiptNo");
    String second = (String) acceptedCase().get("receiptNo");
    String firstNo = (String) list("qs-clerk", "/api/cases/" + first + "/documents").stream()
        .filter(d -> "ACCEPTED".equals(d.get("type"))).findFirst().orElseThrow().get("docNo");
    String secondNo = (String) list("qs-clerk", "/api/cases/" + second + "/documents").stream()
        .filter(d -> "ACCEPTED".equals(d.get("type"))).findFirst().orElseThrow().get("docNo");
    assertThat(firstNo).matches("青政受〔\\d{4}〕\\d+号");
    int n = Integer.parseInt(firstNo.replaceAll(".*〕(\\d+)号", "$1"));
    assertThat(secondNo).isEqualTo(firstNo.replaceAll("〕\\d+号", "〕" + (n + 1) + "号"));
    assertThat(Pdfs.read(pdf("qs-clerk", "/api/cases/" + first + "/documents/latest/ACCEPTED")).text())
        .contains("受理通知书", firstNo, first);
  }

  @Test
  void theApplicantReadsTheirOwnDocumentsWithTheQueryCodeAndNobodyElseReadsThem() {
    Map<String, Object> created = acceptedCase();
    String receiptNo = (String) created.get("receiptNo");
    String code = (String) created.get("queryCode");
    List<Map<String, Object>> own = list(null, "/api/cases/" + receiptNo + "/documents?queryCode=" + code);
    assertThat(own).extracting(d -> d.get("type")).containsExactly("RECEIPT", "ACCEPTED");
    assertThat(Pdfs.read(pdf(null, "/api/cases/" + receiptNo + "/documents/" + own.get(1).get("id") + "?queryCode="
        + code)).text()).contains(receiptNo);

    assertThat(api().get(null, "/api/cases/" + receiptNo + "/documents").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(api().get(null, "/api/cases/" + receiptNo + "/documents?queryCode=00000000").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    for (String outsider : List.of("bs-clerk", "bs-reviewer", "xlj-reviewer", "analyst-lin")) {
      ResponseEntity<Map<String, Object>> refused = api().get(outsider, "/api/cases/" + receiptNo + "/documents");
      assertThat(refused.getStatusCode()).as(outsider).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(refused.getBody()).containsEntry("message", DocumentController.NOT_FOUND);
      assertThat(api().as(outsider).exchange("/api/cases/" + receiptNo + "/documents/" + own.get(0).get("id"),
          HttpMethod.GET, null, String.class).getStatusCode()).as(outsider).isEqualTo(HttpStatus.NOT_FOUND);
    }
    assertThat(list("county-supervisor", "/api/cases/" + receiptNo + "/documents")).hasSize(2);
  }

  /**
   * Found by the fourth attacker's review: every county and city department read every forwarded case's documents and
   * case file (the applicant's name, phone and application), not only the cases forwarded to it.
   */
  @Test
  void aDepartmentReadsOnlyTheCasesForwardedToIt() {
    Map<String, Object> created = api().register("qs-clerk", anApplication().forMatter("FOREST_LOGGING").json());
    String receiptNo = (String) created.get("receiptNo");
    String path = "/api/cases/" + receiptNo;
    assertThat(api().get("xlj-reviewer", path + "/documents").getStatusCode())
        .as("not forwarded yet: the township's intake is its own").isEqualTo(HttpStatus.NOT_FOUND);
    completeOnly(receiptNo, Map.of("receivedMaterials", List.of("林木采伐申请书", "申请人身份证明", "林木权属证明",
        "伐区调查设计或采伐作业说明"), "acceptable", true));
    completeOnly(receiptNo, Map.of("preExamResult", "pass", "preliminaryOpinion", "agree",
        "preExamOpinion", "符合转报条件"));
    List<Map<String, Object>> forwarded = list("xlj-reviewer", path + "/documents");
    assertThat(forwarded).extracting(d -> d.get("type")).contains("RECEIPT", "FORWARDING_LETTER");
    assertThat(pdf("xlj-reviewer", path + "/case-file")).isNotEmpty();
    // a document of another case (one the bureau may not read) asked for under this case's number
    String otherCase = (String) acceptedCase().get("receiptNo");
    String otherDocument = (String) list("qs-clerk", "/api/cases/" + otherCase + "/documents").get(0).get("id");
    assertThat(api().as("xlj-reviewer").exchange(path + "/documents/" + otherDocument, HttpMethod.GET, null,
        String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    for (String other : List.of("xmz-reviewer", "szr-reviewer")) {
      ResponseEntity<Map<String, Object>> refused = api().get(other, path + "/documents");
      assertThat(refused.getStatusCode()).as(other).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(refused.getBody()).containsEntry("message", DocumentController.NOT_FOUND);
      for (String address : List.of(path + "/documents/" + forwarded.get(0).get("id"), path + "/case-file",
          path + "/documents/latest/RECEIPT")) {
        assertThat(api().as(other).exchange(address, HttpMethod.GET, null, String.class).getStatusCode())
            .as("%s %s", other, address).isEqualTo(HttpStatus.NOT_FOUND);
      }
    }
  }

  void completeOnly(String receiptNo, Map<String, Object> variables) {
    tasks.complete(tasks.createTaskQuery().processInstanceBusinessKey(receiptNo).singleResult().getId(), variables);
  }

  @Test
  void aCorrectedDocumentIsANewVersionAndTheIssuedOneStaysAsItWas() {
    String receiptNo = (String) acceptedCase().get("receiptNo");
    Map<String, Object> accepted = list("qs-clerk", "/api/cases/" + receiptNo + "/documents").stream()
        .filter(d -> "ACCEPTED".equals(d.get("type"))).findFirst().orElseThrow();
    byte[] before = documents.content((String) accepted.get("id"));
    Map<String, Object> correction = Map.of("fields", Map.of("recipient", "王大珊"), "reason", "申请人姓名笔误");
    assertThat(api().post("qs-supervisor", "/api/cases/" + receiptNo + "/documents/" + accepted.get("id") + "/reissue",
        correction).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<Map<String, Object>> reissued = api().post("qs-leader", "/api/cases/" + receiptNo + "/documents/"
        + accepted.get("id") + "/reissue", correction);
    assertThat(reissued.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(reissued.getBody()).containsEntry("version", 2).containsEntry("replaces", accepted.get("id"))
        .containsEntry("docNo", accepted.get("docNo"));
    assertThat(documents.content((String) accepted.get("id"))).isEqualTo(before);
    assertThat(Documents.sha256(before)).isEqualTo(accepted.get("sha256"));
  }

  /**
   * Found by the fourth attacker's review: four corrections of a receipt sent at once were all stored as version 2
   * (an unnumbered document escapes UNIQUE (doc_no, version)). Now each is a version of its own.
   */
  @Test
  void correctionsSentAtOnceGetVersionsOfTheirOwn() throws Exception {
    String receiptNo = (String) api().register("qs-clerk", anApplication().json()).get("receiptNo");
    String receipt = (String) list("qs-clerk", "/api/cases/" + receiptNo + "/documents").get(0).get("id");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<ResponseEntity<Map<String, Object>>>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Map<String, Object> correction = Map.of("fields", Map.of("recipient", "王大山" + "甲乙丙丁".charAt(i)),
            "reason", "受文人姓名笔误");
        answers.add(pool.submit(() -> {
          start.await();
          return api().post("qs-leader", "/api/cases/" + receiptNo + "/documents/" + receipt + "/reissue", correction);
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<ResponseEntity<Map<String, Object>>> answer : answers) {
        assertThat(answer.get().getStatusCode()).isEqualTo(HttpStatus.CREATED);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(list("qs-clerk", "/api/cases/" + receiptNo + "/documents")).extracting(d -> d.get("version"))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
  }

  @Test
  void theCaseFileHasCoverContentsEveryDocumentTheRecordAndTheChecksums() {
    String receiptNo = (String) acceptedCase().get("receiptNo");
    List<Map<String, Object>> issued = list("qs-clerk", "/api/cases/" + receiptNo + "/documents");
    Pdfs.Read file = Pdfs.read(pdf("qs-reviewer", "/api/cases/" + receiptNo + "/case-file"));
    int documentPages = issued.stream().mapToInt(d -> (Integer) d.get("pages")).sum();
    assertThat(file.pages()).isGreaterThanOrEqualTo(2 + documentPages + 1);
    assertThat(file.text()).contains("行政许可（下放事项）案卷", "卷内目录", "保管期限", "30年", "受理审查（核验材料）",
        "办理过程记录");
    for (Map<String, Object> d : issued) {
      assertThat(file.text()).contains((String) d.get("sha256"));
    }
    assertThat(api().get("bs-clerk", "/api/cases/" + receiptNo + "/case-file").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(api().get(null, "/api/cases/" + receiptNo + "/case-file").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
