package cn.township.workflow.window;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.Variables;

/**
 * The case's heading as the rating shows it (受理编号, 事项, 乡镇, 申请人, 联系电话): the invitation and its text message
 * print it, the bad-rating forms show it above their task. The calling case no longer copies it into every rating
 * (3 statements a value); the rating reads it from its case and keeps a copy only when a rating turns bad, because a
 * Tasklist form sees only the variables of its own process instance. A rating called by an earlier version of a case
 * (camunda:in variables="all", or these five in-copies) holds the heading already and uses its own.
 */
final class RatingHeading {

  static final List<String> NAMES = List.of("receiptNo", "matterName", "townshipName", "applicantName",
      "applicantPhone");

  private RatingHeading() {}

  /** The heading from the case for this transaction only (transient): the invitation prints it, nothing keeps it. */
  static void lend(DelegateExecution rating) {
    copy(rating, true);
  }

  /** The heading from the case, kept on the rating: its bad-rating forms show it weeks later. */
  static void keep(DelegateExecution rating) {
    copy(rating, false);
  }

  private static void copy(DelegateExecution rating, boolean forThisTransaction) {
    DelegateExecution instance = rating.getProcessInstance();
    DelegateExecution caseExecution = instance.getSuperExecution();
    if (caseExecution == null) {
      return; // started on its own (tests): it holds what it was started with
    }
    for (String name : NAMES) {
      Object value = instance.hasVariableLocal(name) ? null : caseExecution.getVariable(name);
      if (value != null) {
        instance.setVariableLocal(name, Variables.untypedValue(value, forThisTransaction));
      }
    }
  }
}
