package cn.township.workflow.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * What is kept of an issued document for its corrections (tw_document.printed): what its template printed and no more
 * (no case value it did not print, no personal number in clear), and a label for every value a correction may change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class PrintedDocumentTest {

  @Autowired TestRestTemplate rest;
  @Autowired TaskService tasks;
  @Autowired Documents documents;
  @Autowired JdbcTemplate jdbc;

  String acceptedCase() {
    return DocumentCorrectionTest.acceptedCase(new Api(rest), tasks);
  }

  Documents.Document first(String caseNo, String kind) {
    return documents.forCase(caseNo).stream().filter(d -> d.kind().equals(kind)).findFirst().orElseThrow();
  }

  @Test
  void whatIsKeptOfAnIssuedDocumentIsWhatItPrintedAndNoMore() {
    String receiptNo = acceptedCase();
    PrintedDocument receipt = documents.printed(first(receiptNo, "RECEIPT").id()).orElseThrow();
    assertThat(receipt.caseValues()).containsKeys("applicantName", "matterName", "queryCode", "timeLimitDays")
        .doesNotContainKeys("applicantPhone", "applicantIdNumber", "materials", "actingAuthority");
    assertThat(receipt.kinds()).containsEntry("timeLimitDays", "number").containsEntry("applicantName", "text");
    String json = jdbc.queryForObject("SELECT printed FROM tw_document WHERE id = ?", String.class,
        first(receiptNo, "RECEIPT").id());
    assertThat(json).doesNotContainPattern("1[3-9]\\d{9}").doesNotContainPattern("\\d{17}[\\dXx]");
    PrintedDocument notice = documents.printed(first(receiptNo, "ACCEPTED").id()).orElseThrow();
    assertThat(notice.caseValues()).as("the acceptance notice prints no case value").isEmpty();
    assertThat(notice.recipient()).isEqualTo("王大山");
  }

  @Autowired DocumentCorrections corrections;

  /** A value a template prints is named in documents/correction-fields.csv, or deliberately not correctable. */
  @Test
  void everyCaseValueATemplatePrintsHasALabelForTheNoteOrIsDeliberatelyLeftOut() throws Exception {
    java.util.Set<String> printed = new java.util.TreeSet<>();
    java.util.regex.Pattern value = java.util.regex.Pattern.compile("\\{\\{[#^]?case\\.(\\w+)\\}\\}");
    // the analysts' templates themselves: a classpath pattern reads only the first root with a documents folder, and
    // tests that stamp seals leave templates of their own in target/test-classes/documents
    java.util.List<java.nio.file.Path> templates;
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("documents"))) {
      templates = files.filter(file -> file.toString().endsWith(".html")).toList();
    }
    assertThat(templates).as("documents/*.html").hasSizeGreaterThan(10);
    for (java.nio.file.Path template : templates) {
      java.util.regex.Matcher found = value.matcher(java.nio.file.Files.readString(template));
      while (found.find()) {
        printed.add(found.group(1));
      }
    }
    printed.removeAll(corrections.fields().keySet());
    assertThat(printed).as("printed, without a line in correction-fields.csv")
        .containsExactlyInAnyOrder("queryCode", "docNoPenaltyDecision", "timeLimitDays");
  }

}
