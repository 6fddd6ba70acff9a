package cn.township.workflow.system;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The villages with an agent (村级代办), configured under {@code township.villages}: each is a group of that id, and its
 * agents are members of it and of the role group {@value #AGENT_GROUP}.
 */
@ConfigurationProperties(prefix = "township")
public record Villages(List<Village> villages) {

  /** The role of village agents: they register applications for villagers and see only those. */
  public static final String AGENT_GROUP = "village-agent";
  public static final String AGENT_LABEL = "村级代办员";

  public record Village(String id, String name, String township) {}

  public Villages {
    villages = villages == null ? List.of() : List.copyOf(villages);
  }

  /** The village of an agent: the first configured village among the agent's groups. */
  public Optional<Village> ofGroups(Collection<String> groups) {
    return villages.stream().filter(v -> groups.contains(v.id())).findFirst();
  }

  public static boolean isAgent(Collection<String> groups) {
    return groups != null && groups.contains(AGENT_GROUP);
  }
}
