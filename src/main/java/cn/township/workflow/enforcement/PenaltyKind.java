package cn.township.workflow.enforcement;

import cn.township.workflow.system.RejectedInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of administrative penalty (行政处罚法第九条) a decision may give, with the order to stop or correct the
 * violation that accompanies them (第二十八条) and "no penalty". {@link #severity} ranks them for the rule that a
 * party is not punished more heavily for defending (第四十五条): the law's categories in its own order, and within a
 * category the lasting consequence above the passing one. Which kinds a violation allows is the analysts' table.
 */
public enum PenaltyKind {
  NONE("none", "不予处罚", 0),
  ORDER("order", "责令停止违法行为、限期改正", 1),
  WARNING("warning", "警告", 2),
  FINE("fine", "罚款", 3),
  CONFISCATION("confiscation", "没收违法所得、没收非法财物", 3),
  DOWNGRADE("downgrade", "降低资质等级", 4),
  RESTRICTION("restriction", "限制从业", 5),
  SUSPENSION("suspension", "责令停产停业", 5),
  REVOCATION("revocation", "吊销许可证件", 6),
  CLOSURE("closure", "责令关闭", 6);

  public final String code;
  public final String label;
  final int severity;

  PenaltyKind(String code, String label, int severity) {
    this.code = code;
    this.label = label;
    this.severity = severity;
  }

  public static PenaltyKind of(String code, String field) {
    return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst()
        .orElseThrow(() -> new RejectedInputException(field, "处罚种类应为" + Arrays.stream(values())
            .map(k -> k.label + "（" + k.code + "）").collect(Collectors.joining("、")) + "之一。"));
  }

  /** A kind the table names (penaltyKinds column); an unknown code is the analysts' mistake, not the clerk's. */
  static PenaltyKind inTable(String code, String violationType) {
    return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst()
        .orElseThrow(() -> new IllegalStateException("执法事项管辖表（enforcement-jurisdiction.dmn）“" + violationType
            + "”一行的处罚种类“" + code + "”无法识别。"));
  }

  boolean heavierThan(PenaltyKind other) {
    return severity > other.severity;
  }
}
