package cn.township.workflow.enforcement;

import java.math.BigDecimal;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * What the public sees of a decision (行政处罚法第四十八条): the authority, the act, the penalty and its basis, the party
 * by name — a natural person's name with all but the family name hidden — and never an identity number or address.
 */
final class Publications {

  private Publications() {}

  /** 刘德华 → 刘**, 刘某 → 刘*; an organisation's name is public. */
  static String maskedParty(String partyType, String name) {
    if (!"citizen".equals(partyType) || name == null || name.length() < 2) {
      return name;
    }
    return name.charAt(0) + "*".repeat(name.length() - 1);
  }

  static String publicText(VariableScope scope, PenaltyKind kind, BigDecimal fine, String decidedOn) {
    return "%s 行政处罚决定（案号 %s）：当事人%s，违法行为：%s。依据%s，决定给予%s%s。作出日期：%s。".formatted(
        scope.getVariable("actingAuthority"), scope.getVariable("caseNo"),
        maskedParty((String) scope.getVariable("partyType"), (String) scope.getVariable("partyName")),
        scope.getVariable("violationName"), scope.getVariable("penaltyBasis"), kind.label,
        fine.signum() > 0 ? (kind == PenaltyKind.FINE ? " " : "，并处罚款 ") + ViolationRules.plain(fine) + " 元" : "", decidedOn);
  }
}
