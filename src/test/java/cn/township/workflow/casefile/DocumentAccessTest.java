package cn.township.workflow.casefile;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.enforcement.EnforcementApiTest;
import cn.township.workflow.security.Refusals;
import cn.township.workflow.support.Api;
import cn.township.workflow.support.CaseWalker;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.assertj.core.api.SoftAssertions;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * Found by the fourth attacker's review: any reviewer, leader, team leader, leadership or decision office of the
 * township corrected any document of its cases (a permits reviewer a penalty decision). A correction is now for those
 * who make or sign that document in the case's procedure (processes/document-correction.csv, groups from the model).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class DocumentAccessTest {

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired RuntimeService runtime;
  @Autowired ProcessEngine engine;
  @Autowired Documents documents;
  @Autowired Refusals refusals;
  @Autowired ProcedureStaff staff;
  @Autowired DocumentTypes types;

  /** Every refused combination let through is named, not only the first: asserted at the end of each test. */
  final SoftAssertions softly = new SoftAssertions();

  @org.junit.jupiter.api.AfterEach
  void everyCombinationAnsweredAsExpected() {
    softly.assertAll();
  }

  Api api() {
    return new Api(rest);
  }

  /** A 青山镇 permit case, accepted: receipt and acceptance notice issued. */
  String permitCase() {
    return DocumentCorrectionTest.acceptedCase(api(), tasks);
  }

  /** A 青山镇 enforcement case, walked to its end: filing approval, penalty notice and decision issued. */
  String penaltyCase() {
    ResponseEntity<Map<String, Object>> created = api().post("qs-clerk", "/api/enforcement/reports",
        EnforcementApiTest.complaint("LITTERING"));
    assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
    String caseNo = (String) created.getBody().get("caseNo");
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseNo)
        .processDefinitionKey("joint-enforcement").singleResult();
    new CaseWalker(engine).walkToEnd(instance.getId());
    return caseNo;
  }

  /** A 青山镇 major decision open for comment: its 征求意见公告 issued. */
  String majorDecision() {
    ProcessInstance instance = runtime.startProcessInstanceByKey("major-decision", Variables.createVariables()
        .putValue("townshipId", "qingshan").putValue("subject", "集镇停车场建设").putValue("draft", "集镇停车场建设（草案）")
        .putValue("affectedGroups", "全镇居民").putValue("affectsPublicInterest", true));
    complete(instance, Map.of("isMajor", true, "majorReason", "涉及群众切身利益"));
    complete(instance, Map.of("publicParticipation", true, "expertReview", false, "riskAssessment", false,
        "publicHearing", false, "commentPeriodDays", 30, "planningReasons", "按程序建议", "notDisclosedReason", ""));
    return (String) runtime.getVariable(instance.getId(), "decisionNo");
  }

  void complete(ProcessInstance instance, Map<String, Object> variables) {
    tasks.complete(tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult().getId(),
        Variables.fromMap(variables));
  }

  /** The id of the case's first document of {@code kind} (read as the system). */
  String document(String caseNo, String kind) {
    return documents.forCase(caseNo).stream().filter(d -> d.kind().equals(kind)).findFirst().orElseThrow().id();
  }

  ResponseEntity<Map<String, Object>> reissue(String user, String caseNo, String id) {
    return api().post(user, "/api/cases/" + caseNo + "/documents/" + id + "/reissue", correction(caseNo, id, user));
  }

  @Autowired DocumentCorrections corrections;

  /** A correction of a text the newest version of the document printed (its first one), to a value of {@code user}'s. */
  Map<String, Object> correction(String caseNo, String id, String user) {
    Documents.Document newest = newest(caseNo, id);
    PrintedDocument printed = documents.printed(newest.id()).orElseThrow();
    String field = corrections.correctable(printed).keySet().stream()
        .filter(name -> !printed.kinds().containsKey(name) || "text".equals(printed.kinds().get(name)))
        .findFirst().orElseThrow();
    return Map.of("fields", Map.of(field, "更正后的内容（" + user + "）"), "reason", "测试更正");
  }

  /** The newest version of the document {@code id} is a version of. */
  Documents.Document newest(String caseNo, String id) {
    Documents.Document document = documents.find(caseNo, id).orElseThrow();
    return documents.forCase(caseNo).stream().filter(d -> d.kind().equals(document.kind())
        && java.util.Objects.equals(d.docNo(), document.docNo())).max(java.util.Comparator.comparingInt(
            Documents.Document::version)).orElseThrow();
  }

  /** Each of {@code users} is refused (403 in Chinese, recorded), and nothing is stored. */
  void refused(String caseNo, String kind, String... users) {
    String id = document(caseNo, kind);
    for (String user : users) {
      int before = documents.forCase(caseNo).size();
      int refusedBefore = refusals.of(user).size();
      ResponseEntity<Map<String, Object>> answer = reissue(user, caseNo, id);
      softly.assertThat(answer.getStatusCode()).as("%s corrects %s", user, kind).isEqualTo(HttpStatus.FORBIDDEN);
      softly.assertThat((String) answer.getBody().get("message")).as(user).contains("更正、补发");
      softly.assertThat(documents.forCase(caseNo)).as("%s: nothing stored", user).hasSize(before);
      softly.assertThat(refusals.of(user)).as("%s: recorded", user).hasSize(refusedBefore + 1)
          .extracting(Refusals.Refusal::path).endsWith("/api/cases/" + caseNo + "/documents/" + id + "/reissue");
    }
  }

  /** Each of {@code users} corrects the document: a new version of it. */
  void corrects(String caseNo, String kind, String... users) {
    String id = document(caseNo, kind);
    for (String user : users) {
      String replaced = newest(caseNo, id).id(); // a correction starts from, and replaces, the newest version
      ResponseEntity<Map<String, Object>> answer = reissue(user, caseNo, id);
      assertThat(answer.getStatusCode()).as("%s corrects %s: %s", user, kind, answer.getBody())
          .isEqualTo(HttpStatus.CREATED);
      assertThat(answer.getBody()).containsEntry("type", kind).containsEntry("replaces", replaced);
    }
  }

  @Test
  void aPenaltyDecisionIsCorrectedByTheLeadershipThatDecidedItOnly() {
    String caseNo = penaltyCase();
    refused(caseNo, "PENALTY_DECISION", "qs-reviewer", "qs-clerk", "qs-supervisor", "qs-leader", "qs-captain",
        "qs-officer1", "qs-office");
    corrects(caseNo, "PENALTY_DECISION", "qs-mayor");
    refused(caseNo, "FILING_APPROVAL", "qs-reviewer", "qs-supervisor", "qs-officer1");
    corrects(caseNo, "FILING_APPROVAL", "qs-captain", "qs-mayor");
    assertThat(reissue("bs-mayor", caseNo, document(caseNo, "PENALTY_DECISION")).getStatusCode())
        .as("another township's leadership").isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aPermitsDocumentIsCorrectedByItsWindowReviewerAndLeader() {
    String receiptNo = permitCase();
    refused(receiptNo, "ACCEPTED", "qs-reviewer", "qs-supervisor", "qs-mayor", "qs-office", "qs-captain", "qs-officer1",
        "qs-preexaminer");
    corrects(receiptNo, "ACCEPTED", "qs-clerk", "qs-leader");
    refused(receiptNo, "RECEIPT", "qs-reviewer2");
    assertThat(reissue("bs-leader", receiptNo, document(receiptNo, "ACCEPTED")).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(reissue(null, receiptNo, document(receiptNo, "ACCEPTED")).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  /** The decision on a forwarded case is the deciding department's (the model gives its group by expression). */
  @Test
  void aForwardedCasesDecisionIsCorrectedByTheDepartmentThatDecidedIt() {
    Map<String, Object> created = api().register("qs-clerk", anApplication().forMatter("FOREST_LOGGING").json());
    String receiptNo = (String) created.get("receiptNo");
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(receiptNo)
        .processDefinitionKey("forward-to-county").singleResult();
    new CaseWalker(engine).walkToEnd(instance.getId());
    refused(receiptNo, "DECISION", "qs-preexaminer", "qs-clerk", "qs-leader", "qs-supervisor");
    corrects(receiptNo, "DECISION", "xlj-reviewer");
    refused(receiptNo, "FORWARDING_LETTER", "xlj-reviewer", "qs-clerk");
    corrects(receiptNo, "FORWARDING_LETTER", "qs-preexaminer");
    assertThat(reissue("xmz-reviewer", receiptNo, document(receiptNo, "DECISION")).getStatusCode())
        .as("a department the case was not forwarded to").isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aMajorDecisionsNoticeIsCorrectedByTheDecisionOffice() {
    String decisionNo = majorDecision();
    refused(decisionNo, "COMMENT_NOTICE", "qs-clerk", "qs-reviewer", "qs-supervisor", "qs-officer1", "qs-npc");
    corrects(decisionNo, "COMMENT_NOTICE", "qs-office", "qs-mayor");
  }

  /** Each of {@code users} reads the case's list, a document, the latest of its kind and the case file. */
  void reads(String caseNo, String... users) {
    Documents.Document first = documents.forCase(caseNo).get(0);
    String path = "/api/cases/" + caseNo;
    for (String user : users) {
      assertThat(api().list(user, path + "/documents")).as(user).extracting(d -> d.get("id")).contains(first.id());
      for (String address : List.of(path + "/documents/" + first.id(), path + "/documents/latest/" + first.kind(),
          path + "/case-file")) {
        ResponseEntity<byte[]> pdf = api().as(user).exchange(address, HttpMethod.GET, null, byte[].class);
        assertThat(pdf.getStatusCode()).as("%s %s", user, address).isEqualTo(HttpStatus.OK);
        assertThat(pdf.getHeaders().getContentType()).as("%s %s", user, address)
            .isEqualTo(org.springframework.http.MediaType.APPLICATION_PDF);
      }
    }
  }

  /** Each of {@code users} is told the case does not exist: list, document, latest of its kind, case file. */
  void notFound(String caseNo, String... users) {
    Documents.Document first = documents.forCase(caseNo).get(0);
    String path = "/api/cases/" + caseNo;
    for (String user : users) {
      for (String address : List.of(path + "/documents", path + "/documents/" + first.id(),
          path + "/documents/latest/" + first.kind(), path + "/case-file")) {
        // read as text first: a PDF given out is a failed assertion, not an unreadable answer
        ResponseEntity<String> answer = api().as(user).exchange(address, HttpMethod.GET, null, String.class);
        softly.assertThat(answer.getStatusCode()).as("%s %s", user, address).isEqualTo(HttpStatus.NOT_FOUND);
        if (answer.getStatusCode() == HttpStatus.NOT_FOUND) {
          softly.assertThat(json(answer.getBody())).as("%s %s", user, address)
              .containsEntry("message", DocumentController.NOT_FOUND);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String body) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(body, Map.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /**
   * Found by the fourth attacker's review: township staff of every role read every document of the township's cases
   * (an enforcement officer a permit applicant's file, the window a penalty case). Need to know now: the case's
   * procedure's staff, the township's leaders and supervisors.
   */
  @Test
  void staffReadTheirProceduresCasesAndLeadersAndSupervisorsEveryCase() {
    String permit = permitCase();
    reads(permit, "qs-clerk", "qs-reviewer", "qs-leader", "qs-supervisor", "qs-mayor", "county-supervisor");
    notFound(permit, "qs-officer1", "qs-captain", "qs-office", "qs-legal", "qs-npc", "qs-preexaminer", "bs-reviewer");
    String penalty = penaltyCase();
    reads(penalty, "qs-officer1", "qs-captain", "qs-mayor", "qs-legal", "qs-supervisor", "qs-leader");
    notFound(penalty, "qs-clerk", "qs-reviewer", "qs-office", "qs-npc", "qs-preexaminer", "bs-captain");
    String decision = majorDecision();
    reads(decision, "qs-office", "qs-mayor", "qs-legal", "qs-npc", "qs-supervisor", "qs-leader");
    notFound(decision, "qs-clerk", "qs-reviewer", "qs-officer1", "qs-captain", "qs-preexaminer");
    for (String address : List.of("/documents", "/case-file")) {
      assertThat(api().get(null, "/api/cases/" + penalty + address).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
  }

  @Test
  void malformedCaseNumbersAndDocumentIdsAreNotFoundNeverAFailure() {
    String receiptNo = permitCase();
    for (String address : List.of("/api/cases/" + receiptNo + "/documents/x",
        "/api/cases/" + receiptNo + "/documents/" + "a".repeat(3000), "/api/cases/" + receiptNo + "/documents/%20",
        "/api/cases/" + receiptNo + "/documents/latest/NO_SUCH_KIND", "/api/cases/" + receiptNo + "/documents/latest/%27",
        "/api/cases/%20/documents", "/api/cases/" + "9".repeat(300) + "/documents", "/api/cases/%27%3B/case-file")) {
      for (String user : List.of("qs-clerk", "qs-officer1")) {
        ResponseEntity<String> answer = api().as(user).exchange(address, HttpMethod.GET, null, String.class);
        assertThat(answer.getStatusCode().value()).as("%s %s", user, address).isIn(400, 404);
      }
    }
  }

  /** The analysts' table names documents that exist and steps of the procedure's model that have groups. */
  @Test
  void theCorrectionTableNamesStepsOfEachProceduresModel() {
    assertThat(staff.correctingSteps()).isNotEmpty();
    staff.correctingSteps().forEach((line, steps) -> {
      String procedure = line.split(" ")[0];
      String kind = line.split(" ")[1];
      assertThat(CaseLookup.ALL_PROCEDURES).as(line).contains(procedure);
      assertThat(types.of(NoticeBook.Kind.valueOf(kind))).as(line).isPresent();
      Map<String, String> model = staff.steps(engine.getRepositoryService().createProcessDefinitionQuery()
          .processDefinitionKey(procedure).latestVersion().withoutTenantId().singleResult().getId());
      for (String step : steps) {
        assertThat(model).as("%s: %s", line, step).containsKey(step);
        assertThat(model.get(step)).as("%s: %s has candidate groups", line, step).isNotBlank();
      }
    });
  }

  @Test
  void malformedOrForeignDocumentIdsAreNotFoundNeverAFailure() {
    String receiptNo = permitCase();
    String otherCase = permitCase();
    for (String id : List.of("x", "%20", "..%2F..%2Fx", "a".repeat(3000), document(otherCase, "RECEIPT"))) {
      for (String user : List.of("qs-leader", "qs-supervisor")) {
        ResponseEntity<String> answer = api().as(user).exchange("/api/cases/" + receiptNo + "/documents/" + id
            + "/reissue", HttpMethod.POST, null, String.class);
        assertThat(answer.getStatusCode().value()).as("%s %s", user, id).isIn(400, 404);
      }
    }
  }

  /**
   * Sixth attacker's review (IDOR): a document of another case, asked for under the number of a case the caller reads,
   * is not found; the check is the document's own case, not the caller's right to the case in the address.
   */
  @Test
  void aDocumentOfAnotherCaseUnderTheNumberOfACaseTheCallerReadsIsNotFound() {
    String permit = permitCase();
    String penalty = penaltyCase();
    String penaltyDecision = document(penalty, "PENALTY_DECISION");
    String receipt = document(permit, "RECEIPT");
    // the window clerk reads the permit case, not the penalty case; the leader reads both, still under the wrong number
    for (String user : List.of("qs-clerk", "qs-leader")) {
      ResponseEntity<String> answer = api().as(user).exchange("/api/cases/" + permit + "/documents/" + penaltyDecision,
          HttpMethod.GET, null, String.class);
      softly.assertThat(answer.getStatusCode()).as(user).isEqualTo(HttpStatus.NOT_FOUND);
    }
    ResponseEntity<String> officer = api().as("qs-officer1").exchange("/api/cases/" + penalty + "/documents/" + receipt,
        HttpMethod.GET, null, String.class);
    softly.assertThat(officer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    // and a kind of the other case's procedure, asked for as the newest of the permit case, is not found either
    ResponseEntity<String> latest = api().as("qs-clerk").exchange("/api/cases/" + permit
        + "/documents/latest/PENALTY_DECISION", HttpMethod.GET, null, String.class);
    softly.assertThat(latest.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    // the window clerk who registered the complaint is not among the penalty case's staff: no correction either
    softly.assertThat(reissue("qs-clerk", penalty, penaltyDecision).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    softly.assertThat(documents.forCase(penalty).stream().filter(d -> d.kind().equals("PENALTY_DECISION")).count())
        .isEqualTo(1);
  }
}
