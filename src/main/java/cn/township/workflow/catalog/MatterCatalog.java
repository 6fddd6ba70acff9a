package cn.township.workflow.catalog;

import cn.township.workflow.system.RejectedInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Looks matters up in the analysts' catalog table (decision {@code matter-catalog}). */
@Component
public class MatterCatalog {

  static final String DECISION_KEY = "matter-catalog";
  static final String LIST_SEPARATOR = "[；;]";

  private final DecisionTables tables;

  public MatterCatalog(DecisionTables tables) {
    this.tables = tables;
  }

  public Optional<Matter> find(String code) {
    if (code == null || code.isBlank()) {
      return Optional.empty();
    }
    return tables.row(DECISION_KEY, Map.of("matterCode", code.strip())).map(row -> new Matter(code.strip(),
        (String) row.get("matterName"),
        (String) row.get("procedure"),
        (String) row.get("powerSource"),
        (String) row.get("entrustingDepartment"),
        number(row, "timeLimitDays"),
        number(row, "warningPercent"),
        Boolean.TRUE.equals(row.get("leaderSignOff")),
        number(row, "supplementDays"),
        split((String) row.get("requiredMaterials")),
        (String) row.get("legalBasis"),
        split((String) row.get("countyDepartments")),
        split((String) row.get("cityDepartments")),
        number(row, "levelTimeLimitDays"),
        Boolean.TRUE.equals(row.get("deemedAgreeAllowed")),
        (String) row.get("countyLeadDepartment"),
        (String) row.get("cityLeadDepartment"),
        number(row, "coReviewDays"),
        Boolean.TRUE.equals(row.get("hearingRequired")),
        number(row, "publicNoticeDays")));
  }

  /** The matter, which must exist; otherwise the intake is refused. */
  public Matter require(String code) {
    if (code == null || code.isBlank()) {
      throw new RejectedInputException("matterCode", "请填写申请事项编码。");
    }
    return find(code).orElseThrow(() -> new RejectedInputException("matterCode",
        "事项目录中没有编码为“" + code.strip() + "”的事项，请核对事项编码。"));
  }

  /** The matter, which must exist and be handled by {@code procedure}; otherwise the intake is refused. */
  public Matter require(String code, String procedure) {
    Matter matter = require(code);
    if (!procedure.equals(matter.procedure())) {
      throw new RejectedInputException("matterCode",
          "事项“" + matter.name() + "”不由本流程办理（应走“" + matter.procedure() + "”流程）。");
    }
    return matter;
  }

  private static int number(Map<String, Object> row, String name) {
    Object value = row.get(name);
    if (!(value instanceof Number n)) {
      throw new IllegalStateException("事项目录的“" + name + "”列缺少数值，请分析员补全 matter-catalog.dmn。");
    }
    return n.intValue();
  }

  /** A catalog cell listing several items, separated by "；". */
  static List<String> split(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(LIST_SEPARATOR)).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
