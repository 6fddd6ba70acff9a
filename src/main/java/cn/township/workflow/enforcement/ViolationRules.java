package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.DecisionTables;
import cn.township.workflow.system.RejectedInputException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A violation type as the analysts' table {@code processes/enforcement-jurisdiction.dmn} describes it: who has
 * jurisdiction, in whose name the township acts, the legal basis and the penalties that basis gives (kinds and fine
 * range), who enforces an unheeded decision, and the reconsideration body.
 */
@Component
public class ViolationRules {

  static final String DECISION_KEY = "enforcement-jurisdiction";

  /** One row of the table. A null bound is no bound. */
  public record Rule(String violationType, String violationName, String jurisdiction, String entrustingDepartment,
                     String penaltyBasis, String fineAccountLevel, Set<PenaltyKind> kinds, BigDecimal fineMinimumCitizen,
                     BigDecimal fineMaximumCitizen, BigDecimal fineMinimumOrganization,
                     BigDecimal fineMaximumOrganization, BigDecimal fineMaximumTimesValue, String compulsionPower,
                     String reconsiderationBody) {

    /** 罚款、警告… as a notice lists them. */
    public String kindsText() {
      return kinds.stream().map(k -> k.label).collect(Collectors.joining("、"));
    }

    /**
     * Refuses a penalty its legal basis does not give: a kind the basis does not name, a fine where it names none, or
     * a fine outside its range (行政处罚法第三十八条: a penalty without a legal basis is void).
     *
     * @param value the value the fine is a multiple of (涉案价值), where the basis counts it so
     */
    public void checkLawful(PenaltyKind kind, BigDecimal fine, String partyType, BigDecimal value, String field) {
      if (kind != PenaltyKind.NONE && !kinds.contains(kind)) {
        throw new RejectedInputException(field, "%s对“%s”只规定了%s，不能给予“%s”（《行政处罚法》第三十八条：没有依据的行政处罚无效）。"
            .formatted(penaltyBasis, violationName, kindsText(), kind.label));
      }
      if (fine.signum() < 0) {
        throw new RejectedInputException("fineAmount", "罚款数额不能为负数。");
      }
      if (kind == PenaltyKind.FINE && fine.signum() == 0) {
        throw new RejectedInputException("fineAmount", "处罚种类为罚款的，请填写罚款数额。");
      }
      if (fine.signum() == 0) {
        return;
      }
      if (kind == PenaltyKind.NONE || !kinds.contains(PenaltyKind.FINE)) {
        throw new RejectedInputException("fineAmount", "%s对“%s”没有规定罚款，不能罚款（《行政处罚法》第三十八条）。"
            .formatted(penaltyBasis, violationName));
      }
      boolean citizen = "citizen".equals(partyType);
      BigDecimal minimum = citizen ? fineMinimumCitizen : fineMinimumOrganization;
      BigDecimal maximum = citizen ? fineMaximumCitizen : fineMaximumOrganization;
      String party = citizen ? "公民" : "法人或者其他组织";
      if (minimum != null && fine.compareTo(minimum) < 0) {
        throw new RejectedInputException("fineAmount", "%s对%s的罚款不得低于%s元。".formatted(penaltyBasis, party, plain(minimum)));
      }
      if (maximum != null && fine.compareTo(maximum) > 0) {
        throw new RejectedInputException("fineAmount", "%s对%s的罚款不得超过%s元。".formatted(penaltyBasis, party, plain(maximum)));
      }
      if (fineMaximumTimesValue != null) {
        if (value == null || value.signum() <= 0) {
          throw new RejectedInputException("violationValue", "%s的罚款以涉案价值的倍数计算，请填写涉案价值（元）。"
              .formatted(penaltyBasis));
        }
        BigDecimal cap = value.multiply(fineMaximumTimesValue);
        if (fine.compareTo(cap) > 0) {
          throw new RejectedInputException("fineAmount", "%s的罚款不得超过涉案价值%s元的%s倍，即%s元。".formatted(penaltyBasis,
              plain(value), plain(fineMaximumTimesValue), plain(cap)));
        }
      }
    }
  }

  private final DecisionTables tables;

  public ViolationRules(DecisionTables tables) {
    this.tables = tables;
  }

  /** The row for the violation type, which must exist; otherwise the report is refused. */
  public Rule require(String violationType) {
    Map<String, Object> row = tables.row(DECISION_KEY, Collections.singletonMap("violationType", violationType))
        .orElseThrow(() -> new RejectedInputException("violationType",
            "执法事项管辖表中没有“" + violationType + "”，请核对违法行为类型。"));
    Set<PenaltyKind> kinds = EnumSet.noneOf(PenaltyKind.class);
    String listed = (String) row.get("penaltyKinds");
    if (listed != null) {
      Arrays.stream(listed.split("[;；]")).map(String::strip).filter(s -> !s.isEmpty())
          .forEach(code -> kinds.add(PenaltyKind.inTable(code, violationType)));
    }
    return new Rule(violationType, (String) row.get("violationName"), (String) row.get("jurisdiction"),
        (String) row.get("entrustingDepartment"), (String) row.get("penaltyBasis"), (String) row.get("fineAccountLevel"),
        Collections.unmodifiableSet(kinds), amount(row, "fineMinimumCitizen"), amount(row, "fineMaximumCitizen"),
        amount(row, "fineMinimumOrganization"), amount(row, "fineMaximumOrganization"),
        amount(row, "fineMaximumTimesValue"), (String) row.get("compulsionPower"),
        (String) row.get("reconsiderationBody"));
  }

  private static BigDecimal amount(Map<String, Object> row, String column) {
    return row.get(column) instanceof Number n ? new BigDecimal(n.toString()) : null;
  }

  static String plain(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }
}
