package cn.township.workflow.decision;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the major-decision procedure ({@code township.decision}): the expert pool offered for
 * 专家论证, when the post-decision evaluation opens (ISO-8601 duration), the statutory minimum comment
 * period, and how many public comments one address, and everyone together, may send a minute.
 */
@ConfigurationProperties(prefix = "township.decision")
public record DecisionSettings(List<Expert> experts, String evaluationAfter, Integer minimumCommentDays,
                               Integer commentsPerMinute, Integer commentsPerMinuteOverall) {

  public record Expert(String id, String name) {}

  public DecisionSettings {
    experts = experts == null ? List.of() : List.copyOf(experts);
    evaluationAfter = evaluationAfter == null ? "P1Y" : evaluationAfter;
    minimumCommentDays = minimumCommentDays == null ? 30 : minimumCommentDays;
    commentsPerMinute = commentsPerMinute == null ? 5 : commentsPerMinute;
    commentsPerMinuteOverall = commentsPerMinuteOverall == null ? 300 : commentsPerMinuteOverall;
  }

  public String expertName(String id) {
    return experts.stream().filter(e -> e.id().equals(id)).map(Expert::name).findFirst().orElse(id);
  }
}
