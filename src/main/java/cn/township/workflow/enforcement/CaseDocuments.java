package cn.township.workflow.enforcement;

import cn.township.workflow.window.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** Enforcement documents and internal records, each naming the case and the authority in whose name it acts. */
final class CaseDocuments {

  private CaseDocuments() {}

  static void give(NoticeBook notices, DelegateExecution execution, List<String> recipients, String text) {
    notices.giveAll(execution, recipients, NoticeBook.Kind.ENFORCEMENT_RECORD,
        "%s 案号 %s：%s".formatted(execution.getVariable("actingAuthority"), execution.getVariable("caseNo"), text));
  }
}
