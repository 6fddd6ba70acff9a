package cn.township.workflow.metrics;

import cn.township.workflow.security.Callers;
import cn.township.workflow.security.Roles;
import cn.township.workflow.system.Townships;
import cn.township.workflow.system.Townships.Township;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Whose figures the caller may see: a township supervisor their own township(s), a county supervisor and an
 * administrator every township. Everyone else is refused.
 */
@Component
public class SupervisionScope {

  private final IdentityService identity;
  private final Townships townships;

  public SupervisionScope(IdentityService identity, Townships townships) {
    this.identity = identity;
    this.townships = townships;
  }

  /** Whether the caller sees the whole county (county supervisor, administrator): the 排名 is theirs. */
  public boolean county() {
    Authentication caller = identity.getCurrentAuthentication();
    return Callers.everywhere(caller);
  }

  /** The townships to count: the one asked for (if allowed) or all the caller may see. */
  public List<Township> resolve(String requested) {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null) {
      throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "请先登录。");
    }
    List<String> groups = Callers.groups(caller);
    List<Township> allowed;
    if (Callers.overseesAll(groups)) {
      allowed = townships.townships();
    } else if (groups.contains(Roles.SUPERVISOR.groupId)) {
      List<String> tenants = Callers.townships(caller);
      allowed = townships.townships().stream().filter(t -> tenants.contains(t.id())).toList();
    } else {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN,
          "督查数据仅供督查人员（乡镇督查、县督查）和系统管理员查看，用户 " + caller.getUserId() + " 不在这些组中。");
    }
    if (requested == null || requested.isBlank()) {
      return allowed;
    }
    if (townships.find(requested).isEmpty()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "未知的乡镇：" + requested + "。");
    }
    return allowed.stream().filter(t -> t.id().equals(requested)).findFirst().map(List::of)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN,
            "无权查看" + townships.get(requested).name() + "的督查数据：只能查看本乡镇。"));
  }
}
