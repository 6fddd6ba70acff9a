package cn.township.workflow.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.township.workflow.support.Pdfs;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every template in documents/ renders, as the analysts left it, to a one-page A4 PDF that prints the organ, the
 * title, the 文号, the case number and the body in Chinese — with a notice as long as a real one. Which path of which
 * procedure issues each type is checked in the process tests (IssuedDocuments). Each rendering is kept in
 * target/documents/ for the analyst who changed a template to look at.
 */
class DocumentTemplatesTest {

  static final DocumentTypes TYPES;
  static final DocumentRenderer RENDERER;
  static final SealImage SEAL;

  static {
    try {
      TYPES = new DocumentTypes();
      RENDERER = new DocumentRenderer();
      SEAL = new ImageSeals().sealFor(new Organs.Organ("青山镇人民政府", "青政", "seals/qingshan.png", null))
          .orElseThrow(() -> new AssertionError("documents/seals/qingshan.png is missing"));
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static Stream<DocumentTypes.Type> types() {
    return Stream.of(NoticeBook.Kind.values()).map(TYPES::of).flatMap(java.util.Optional::stream);
  }

  /** What Documents hands a template: a case of 青山镇 with a notice of about 300 characters. */
  static Map<String, Object> model(DocumentTypes.Type type) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("organ", "青山镇人民政府");
    model.put("title", type.title());
    model.put("docNo", type.numbered() ? "青政" + type.docCode() + "〔2026〕7号" : null);
    model.put("caseNo", "QS-20261116-0042");
    model.put("date", "2026年11月16日");
    model.put("issuedAt", "2026-11-16 10:05");
    model.put("recipient", "王大山");
    model.put("seal", true);
    String paragraph = "经审查，你于2026年11月16日提出的申请，依据《中华人民共和国行政许可法》第三十二条、第三十八条的规定，"
        + "现将有关事项告知如下。如不服本决定，可以自收到本决定书之日起六十日内向县人民政府申请行政复议，"
        + "或者在六个月内依法向人民法院提起行政诉讼。";
    model.put("paragraphs", List.of(Map.of("text", paragraph), Map.of("text", paragraph), Map.of("text", "特此告知。")));
    model.put("case", Map.of("applicantName", "王大山", "matterName", "农村村民宅基地审批", "queryCode", "483920",
        "partyName", "王大山", "decisionTitle", "关于垃圾分类的决定"));
    return model;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void rendersOnOneA4PageWithItsOrganTitleNumberAndText(DocumentTypes.Type type) throws IOException {
    DocumentRenderer.Pdf pdf = RENDERER.pdf(type.template(), model(type), SEAL);
    // for the analyst who changed a template: each one as printed, in target/documents/
    java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "documents"));
    java.nio.file.Files.write(java.nio.file.Path.of("target", "documents", type.template().replace(".html", ".pdf")),
        pdf.bytes());
    Pdfs.Read read = Pdfs.read(pdf.bytes());
    assertThat(read.size()).isEqualTo("210x297mm");
    assertThat(read.pages()).as("a one-page document stays one page").isEqualTo(1).isEqualTo(pdf.pages());
    assertThat(read.text()).contains("青山镇人民政府", type.title(), "QS-20261116-0042", "第三十二条、第三十八条",
        "向县人民政府申请行政复议");
    if (type.numbered()) {
      assertThat(read.text()).contains("青政" + type.docCode() + "〔2026〕7号");
    }
    assertThat(SealImageTest.stamps(pdf.bytes())).as("the seal, once, over the signature box of _foot.html")
        .singleElement().satisfies(seal -> {
          assertThat(seal.page()).isZero();
          assertThat(seal.width()).isCloseTo(112, within(0.5f));
          assertThat(seal.x()).as("on the right half of the page").isGreaterThan(297);
        });
  }

  @Test
  void theDocumentTypesNameTheWrittenActsTheLawRequires() {
    Set<NoticeBook.Kind> required = EnumSet.of(NoticeBook.Kind.RECEIPT, NoticeBook.Kind.ACCEPTED,
        NoticeBook.Kind.MISSING_MATERIALS, NoticeBook.Kind.NOT_ACCEPTED, NoticeBook.Kind.DECISION,
        NoticeBook.Kind.TIME_LIMIT_EXTENDED, NoticeBook.Kind.FORWARDING_LETTER, NoticeBook.Kind.TRANSFER,
        NoticeBook.Kind.FILING_APPROVAL, NoticeBook.Kind.PENALTY_NOTICE, NoticeBook.Kind.HEARING_NOTICE,
        NoticeBook.Kind.PENALTY_DECISION, NoticeBook.Kind.SERVICE_RECEIPT, NoticeBook.Kind.DEMAND,
        NoticeBook.Kind.COURT_APPLICATION, NoticeBook.Kind.COMPULSION_DECISION, NoticeBook.Kind.COMMENT_NOTICE,
        NoticeBook.Kind.DECISION_PUBLICATION);
    assertThat(types().map(DocumentTypes.Type::kind)).containsAll(required);
    // what only staff see never goes to the applicant's query-code download
    assertThat(types().filter(t -> t.audience() == DocumentTypes.Audience.INTERNAL).map(DocumentTypes.Type::kind))
        .contains(NoticeBook.Kind.FILING_APPROVAL, NoticeBook.Kind.FORWARDING_LETTER, NoticeBook.Kind.TRANSFER);
  }

  @Test
  void everyDocumentLinkInTheFormsNamesADocumentType() throws IOException {
    java.util.regex.Pattern link = java.util.regex.Pattern.compile("/api/cases/\\{\\{(\\w+)}}/documents/latest/(\\w+)\\)");
    List<String> linked = new java.util.ArrayList<>();
    try (Stream<java.nio.file.Path> forms = java.nio.file.Files.list(java.nio.file.Path.of("forms"))) {
      for (java.nio.file.Path form : forms.filter(p -> p.toString().endsWith(".form")).toList()) {
        java.util.regex.Matcher m = link.matcher(java.nio.file.Files.readString(form));
        while (m.find()) {
          assertThat(m.group(1)).as(form + " links by the case number").isIn("receiptNo", "caseNo", "decisionNo");
          assertThat(TYPES.of(NoticeBook.Kind.valueOf(m.group(2)))).as(form + " links " + m.group(2)).isPresent();
          linked.add(m.group(2));
        }
      }
    }
    assertThat(linked).as("the clerk opens the receipt from the first step").contains("RECEIPT", "DECISION",
        "PENALTY_DECISION");
  }

  @Test
  void renderingsAtOnceEachPrintTheirOwnTextWithTheSharedFonts() throws Exception {
    // more renderings asked at once than the renderer runs at once: they take turns with its parsed fonts
    DocumentRenderer renderer = new DocumentRenderer();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
        DocumentRenderer.RENDERINGS_AT_ONCE + 4);
    try {
      List<java.util.concurrent.Future<String>> texts = new java.util.ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String applicant = "申请人" + "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥鼠牛".charAt(i) + i;
        texts.add(pool.submit(() -> {
          Map<String, Object> model = model(TYPES.of(NoticeBook.Kind.RECEIPT).orElseThrow());
          model.put("recipient", applicant);
          return Pdfs.read(renderer.pdf("receipt.html", model, SEAL).bytes()).text();
        }));
      }
      for (int i = 0; i < texts.size(); i++) {
        String own = "申请人" + "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥鼠牛".charAt(i) + i;
        assertThat(texts.get(i).get()).contains(own, "青山镇人民政府");
      }
      assertThat(renderer.fontsParsed()).as("one parsed font per turn, kept for the next ones, memory bounded")
          .isBetween(1, DocumentRenderer.RENDERINGS_AT_ONCE);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void valuesArePrintedAsTextNeverAsMarkup() {
    Map<String, Object> model = model(TYPES.of(NoticeBook.Kind.RECEIPT).orElseThrow());
    model.put("case", Map.of("applicantName", "<img src=\"http://attacker/x\"/>王大山", "matterName", "宅基地"));
    String html = RENDERER.html("receipt.html", model);
    assertThat(html).doesNotContain("<img src=\"http://attacker").contains("&lt;img");
  }

  @Test
  void aMissingTemplateIsNamedInChinese() {
    assertThatThrownBy(() -> RENDERER.html("no-such-template.html", Map.of()))
        .hasMessageContaining("文书模板 documents/no-such-template.html 无法读取");
  }
}
