package cn.township.workflow.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.RejectedInputException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A corrected value is one the printed field takes: a date as a date, a number as a number; the note in order. */
class DocumentCorrectionsTest {

  final DocumentCorrections corrections = new DocumentCorrections(new Deadlines(ZoneId.of("Asia/Shanghai")));

  DocumentCorrectionsTest() throws Exception {
  }

  /** A 送达回证 as printed: a date, a number and texts among its case values. */
  static PrintedDocument serviceReceipt() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("partyName", "李四");
    values.put("serviceReceiptDate", "2026年3月1日");
    values.put("timeLimitDays", 20);
    values.put("queryCode", "12345678");
    return new PrintedDocument("青山镇人民政府", null, "送达回证", null, "QS-ZF-1", "2026年3月2日", "2026-03-02 09:00",
        "李四", List.of("请签收。"), values, Map.of("partyName", "text", "serviceReceiptDate", "date",
        "timeLimitDays", "number", "queryCode", "text"), List.of(), false);
  }

  PrintedDocument corrected(Map<String, String> fields) {
    return corrections.apply(serviceReceipt(), fields, "笔误", false).orElseThrow();
  }

  @Test
  void aDateIsCorrectedAsADateAndPrintedAsOnNotices() {
    assertThat(corrected(Map.of("serviceReceiptDate", "2026-03-03")).caseValues())
        .containsEntry("serviceReceiptDate", "2026年3月3日");
    assertThat(corrected(Map.of("serviceReceiptDate", "2026年3月4日")).caseValues())
        .containsEntry("serviceReceiptDate", "2026年3月4日");
    for (String notADate : List.of("2026-02-30", "2026年2月30日", "三月三日", "03/03/2026")) {
      assertThatThrownBy(() -> corrected(Map.of("serviceReceiptDate", notADate))).as(notADate)
          .isInstanceOf(RejectedInputException.class).hasMessageContaining("签收日期应为日期");
    }
    assertThatThrownBy(() -> corrected(Map.of("serviceReceiptDate", "2026-03-01")))
        .hasMessageContaining("签收日期已是“2026年3月1日”");
  }

  @Test
  void theNoteNamesTheChangesInTheDocumentsOrderAndTheTimeLimitIsNotCorrected() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("serviceReceiptDate", "2026-03-03");
    fields.put("recipient", "李四明");
    PrintedDocument corrected = corrected(fields);
    assertThat(corrected.recipient()).isEqualTo("李四明");
    assertThat(corrected.corrections()).singleElement().satisfies(note -> assertThat(note.changes())
        .extracting(PrintedDocument.Change::label, PrintedDocument.Change::from, PrintedDocument.Change::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("受文人", "李四", "李四明"),
            org.assertj.core.groups.Tuple.tuple("签收日期", "2026年3月1日", "2026年3月3日")));
    // the time limit is the case's figure its timers run on: a document never promises another
    assertThatThrownBy(() -> corrected(Map.of("timeLimitDays", "25"))).hasMessageContaining("不能通过更正文书改变");
    assertThatThrownBy(() -> corrected(Map.of("queryCode", "87654321"))).hasMessageContaining("不能通过更正文书改变");
    assertThatThrownBy(() -> corrected(Map.of("paragraph2", "多出的一段"))).hasMessageContaining("没有印出");
  }

  @Test
  void aNumberIsWrittenOutNoLongerThanTheFieldTakes() {
    // a printed number among the correctable fields (an analyst's line in correction-fields.csv: 窗口电话, 30)
    PrintedDocument printed = serviceReceipt();
    Map<String, Object> values = new LinkedHashMap<>(printed.caseValues());
    values.put("firstResponsiblePhone", 84567890);
    Map<String, String> kinds = new LinkedHashMap<>(printed.kinds());
    kinds.put("firstResponsiblePhone", "number");
    PrintedDocument withNumber = new PrintedDocument(printed.organ(), null, printed.title(), null, printed.caseNo(),
        printed.date(), printed.issuedAt(), printed.recipient(), printed.paragraphs(), values, kinds, List.of(), false);
    assertThat(corrections.apply(withNumber, Map.of("firstResponsiblePhone", "8.4567891E+7"), "笔误", false)
        .orElseThrow().caseValues()).containsEntry("firstResponsiblePhone", new java.math.BigDecimal("84567891"));
    for (String huge : List.of("1E+100000", "1E-100000", "1e99")) {
      assertThatThrownBy(() -> corrections.apply(withNumber, Map.of("firstResponsiblePhone", huge), "笔误", false))
          .as(huge).isInstanceOf(RejectedInputException.class).hasMessageContaining("窗口电话过长");
    }
  }

  @Test
  void aPersonalNumberInACorrectedValueOrReasonIsMaskedAsInTheDocument() {
    PrintedDocument corrected = corrections.apply(serviceReceipt(), Map.of("paragraph1",
        "请签收，联系电话13800138000。"), "身份证号11010519491231002X误记", false).orElseThrow();
    assertThat(corrected.paragraphs()).containsExactly("请签收，联系电话138****8000。");
    assertThat(corrected.corrections().get(0).reason()).isEqualTo("身份证号110105********002X误记");
  }
}
