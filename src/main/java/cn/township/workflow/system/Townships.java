package cn.township.workflow.system;

import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The townships this installation serves; each is a Camunda tenant. Configured under {@code township.townships}. */
@ConfigurationProperties(prefix = "township")
public record Townships(List<Township> townships, String zone) {

  /** {@code windowPhone}: the service window's phone, printed with the first-responsible clerk (首问负责). */
  public record Township(String id, String name, String code, String windowPhone) {}

  public Townships {
    townships = townships == null ? List.of() : List.copyOf(townships);
    zone = zone == null ? "Asia/Shanghai" : zone;
  }

  public Optional<Township> find(String id) {
    return townships.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  public Township get(String id) {
    return find(id).orElseThrow(() -> new RejectedInputException("townshipId", "未知的乡镇：" + id));
  }
}
