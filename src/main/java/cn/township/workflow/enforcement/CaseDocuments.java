package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.Documents;
import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.catalog.Deadlines;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;

/** Enforcement documents and internal records, each naming the case and the authority in whose name it acts. */
final class CaseDocuments {

  /** How a document is served (民事诉讼法的送达方式), as the service forms offer them. */
  static final Set<String> SERVICE_METHODS = Set.of("direct", "post", "lodged", "announcement");
  static final String SERVICE_METHODS_TEXT = "直接送达、邮寄送达、留置送达或公告送达";
  static final java.util.Map<Object, String> SERVICE_METHOD_LABELS = java.util.Map.of("direct", "直接送达",
      "post", "邮寄送达", "lodged", "留置送达", "announcement", "公告送达");

  private CaseDocuments() {}

  static void give(NoticeBook notices, DelegateExecution execution, List<String> recipients, String text) {
    give(notices, execution, recipients, NoticeBook.Kind.ENFORCEMENT_RECORD, text);
  }

  /** A written act of the kind given: its document is issued (documents/document-types.csv). */
  static void give(NoticeBook notices, DelegateExecution execution, List<String> recipients, NoticeBook.Kind kind,
                   String text) {
    notices.giveAll(execution, recipients, kind,
        "%s 案号 %s：%s".formatted(execution.getVariable("actingAuthority"), execution.getVariable("caseNo"), text));
  }

  /**
   * 送达回证 of a served document: which one (with its 文号), to whom, how ({@code methodVariable}) and the day the
   * party signed for it.
   */
  static void issueServiceReceipt(Documents documents, Deadlines deadlines, DelegateTask task, NoticeBook.Kind served,
                                  String methodVariable, LocalDate servedOn) {
    Object docNo = task.getVariable(Documents.docNoVariable(served));
    task.setVariable("servedDocument", served.title + (docNo == null ? "" : "（" + docNo + "）"));
    task.setVariable("serviceMethodLabel", SERVICE_METHOD_LABELS.get(task.getVariable(methodVariable)));
    String day = deadlines.formatDate(deadlines.endOf(servedOn));
    task.setVariable("serviceReceiptDate", day);
    documents.issue(task.getExecution(), NoticeBook.Kind.SERVICE_RECEIPT, (String) task.getVariable("partyName"),
        "上述文书已于" + day + "送达受送达人。");
  }
}
