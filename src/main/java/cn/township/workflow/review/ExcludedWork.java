package cn.township.workflow.review;

import java.util.Arrays;
import java.util.Optional;

/**
 * The work whose time 行政许可法第四十五条 leaves out of the licensing period, and nothing else: 听证、招标、拍卖、
 * 检验、检测、检疫、鉴定、专家评审.
 */
public enum ExcludedWork {
  HEARING("hearing", "听证"),
  TENDER("tender", "招标"),
  AUCTION("auction", "拍卖"),
  INSPECTION("inspection", "检验"),
  TESTING("testing", "检测"),
  QUARANTINE("quarantine", "检疫"),
  APPRAISAL("appraisal", "鉴定"),
  EXPERT_REVIEW("expertReview", "专家评审");

  public final String code;
  public final String label;

  ExcludedWork(String code, String label) {
    this.code = code;
    this.label = label;
  }

  public static Optional<ExcludedWork> of(Object code) {
    return Arrays.stream(values()).filter(w -> w.code.equals(code)).findFirst();
  }

  static String allLabels() {
    return String.join("、", Arrays.stream(values()).map(w -> w.label + "（" + w.code + "）").toList());
  }
}
