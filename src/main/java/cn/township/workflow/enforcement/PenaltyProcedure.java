package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.DecisionTables;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * What the Administrative Penalty Law requires for a penalty, from the analysts' table (penalty-procedure.dmn):
 * summary procedure allowed, hearing right, legal review, collective discussion. The table's limits and 较大数额 are
 * the rows of the figures table it names, passed in here, so that each amount has one home.
 */
@Component
public class PenaltyProcedure {

  static final String DECISION_KEY = "penalty-procedure";
  /** The figures the table's rules compare with, by the names the rules use. */
  static final List<Key> THRESHOLDS = List.of(Key.SUMMARY_FINE_CITIZEN, Key.SUMMARY_FINE_ORGANIZATION,
      Key.HEARING_FINE_CITIZEN, Key.HEARING_FINE_ORGANIZATION, Key.HEARING_CONFISCATION_CITIZEN,
      Key.HEARING_CONFISCATION_ORGANIZATION);

  /** The requirements the table's rows gave, and their reasons. */
  public record Requirements(Set<String> requirements, List<String> reasons) {
    public boolean has(String requirement) {
      return requirements.contains(requirement);
    }
  }

  private final DecisionTables tables;
  private final EnforcementFigures figures;

  public PenaltyProcedure(DecisionTables tables, EnforcementFigures figures) {
    this.tables = tables;
    this.figures = figures;
  }

  public Requirements evaluate(String partyType, PenaltyKind kind, BigDecimal fine, BigDecimal confiscatedValue,
                               boolean complexCase, boolean majorPublicInterest) {
    VariableMap variables = Variables.createVariables()
        .putValue("partyType", partyType)
        .putValue("penaltyKind", kind.code)
        .putValue("fineAmount", fine.doubleValue())
        .putValue("confiscatedValue", confiscatedValue.doubleValue())
        .putValue("complexCase", complexCase)
        .putValue("majorPublicInterest", majorPublicInterest);
    for (Key threshold : THRESHOLDS) {
      variables.putValue(threshold.row, figures.get(threshold).value().doubleValue());
    }
    Set<String> requirements = new LinkedHashSet<>();
    List<String> reasons = new ArrayList<>();
    for (Map<String, Object> row : tables.rows(DECISION_KEY, variables)) {
      requirements.add((String) row.get("requirement"));
      reasons.add((String) row.get("reason"));
    }
    return new Requirements(requirements, reasons);
  }
}
