package cn.township.workflow.decision;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the major-decision procedure ({@code township.decision}): the expert pool offered for
 * 专家论证, when the post-decision evaluation opens (ISO-8601 duration), and how many public comments one address
 * may send a minute. The statutory periods (the minimum comment period, the legality review's time) live in
 * {@code processes/statutory-periods.dmn}: the old {@code minimum-comment-days} setting is refused at start rather
 * than silently ignored.
 */
@ConfigurationProperties(prefix = "township.decision")
public record DecisionSettings(List<Expert> experts, String evaluationAfter, Integer minimumCommentDays,
                               Integer commentsPerMinute, Integer commentsPerMinuteOverall) {

  public record Expert(String id, String name) {}

  public DecisionSettings {
    experts = experts == null ? List.of() : List.copyOf(experts);
    evaluationAfter = evaluationAfter == null ? "P1Y" : evaluationAfter;
    if (minimumCommentDays != null) {
      throw new IllegalStateException("township.decision.minimum-comment-days 已不再使用：征求意见期的最短天数只在 "
          + "processes/statutory-periods.dmn（decision-comment-minimum）中维护，请删除该配置。");
    }
    commentsPerMinute = commentsPerMinute == null ? 5 : commentsPerMinute;
    commentsPerMinuteOverall = commentsPerMinuteOverall == null ? 300 : commentsPerMinuteOverall;
  }

  public String expertName(String id) {
    return experts.stream().filter(e -> e.id().equals(id)).map(Expert::name).findFirst().orElse(id);
  }
}
