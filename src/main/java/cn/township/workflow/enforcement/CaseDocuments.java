package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;

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
}
