package cn.township.workflow.enforcement;

import cn.township.workflow.system.CaseVariables;
import java.math.BigDecimal;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The penalty the party was notified of (事先告知, 行政处罚法第四十四条), against which a decision may not be heavier
 * because the party stated and defended (第四十五条).
 */
record Notified(PenaltyKind kind, BigDecimal fine, BigDecimal confiscated) {

  static void record(VariableScope scope, PenaltyKind kind, BigDecimal fine, BigDecimal confiscated) {
    scope.setVariable("notifiedPenaltyKind", kind.code);
    scope.setVariable("notifiedFineAmount", fine.doubleValue());
    scope.setVariable("notifiedConfiscatedValue", confiscated.doubleValue());
    scope.setVariable("notifiedPenaltyText", new Notified(kind, fine, confiscated).text());
  }

  /** Empty for a case notified before notices were recorded this way. */
  static Optional<Notified> of(VariableScope scope) {
    Object kind = scope.getVariable("notifiedPenaltyKind");
    if (kind == null) {
      return Optional.empty();
    }
    return Optional.of(new Notified(PenaltyKind.of(kind.toString(), "notifiedPenaltyKind"),
        CaseVariables.amount(scope, "notifiedFineAmount", "告知的罚款数额"),
        CaseVariables.amount(scope, "notifiedConfiscatedValue", "告知的没收价值")));
  }

  /** Whether the decided penalty is heavier than this one: a more severe kind, a higher fine or more confiscated. */
  boolean exceededBy(PenaltyKind decided, BigDecimal decidedFine, BigDecimal decidedConfiscated) {
    return decided.heavierThan(kind) || decidedFine.compareTo(fine) > 0 || decidedConfiscated.compareTo(confiscated) > 0;
  }

  String text() {
    StringBuilder text = new StringBuilder(kind.label);
    if (fine.signum() > 0) {
      text.append(kind == PenaltyKind.FINE ? " " : "，并处罚款 ").append(ViolationRules.plain(fine)).append(" 元");
    }
    if (confiscated.signum() > 0) {
      text.append("，没收价值 ").append(ViolationRules.plain(confiscated)).append(" 元");
    }
    return text.toString();
  }
}
