package cn.township.workflow.decision;

import cn.township.workflow.casefile.NoticeBook;
import java.util.Collection;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** The decision procedure's written records: each names the decision case; recipients are groups or "public". */
final class DecisionNotices {

  private DecisionNotices() {}

  static void give(NoticeBook notices, DelegateExecution execution, Collection<String> recipients,
                   NoticeBook.Kind kind, String text) {
    String full = "决策案号 %s（%s）：%s".formatted(execution.getVariable("decisionNo"), execution.getVariable("subject"),
        text);
    notices.giveAll(execution, recipients, kind, full);
  }
}
