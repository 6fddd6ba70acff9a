package cn.township.workflow.support;

import cn.township.workflow.security.Roles;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;

/** The enforcement officers of 青山镇 that process tests designate on cases (the demo users, without the demo profile). */
public final class Officers {

  public static final Map<String, String> QINGSHAN = Map.of("qs-officer1", "郭勇", "qs-officer2", "钱明",
      "qs-officer3", "孙强");

  private Officers() {}

  public static void ensure(IdentityService identity) {
    QINGSHAN.forEach((id, name) -> {
      if (identity.createUserQuery().userId(id).count() == 0) {
        User user = identity.newUser(id);
        user.setFirstName(name);
        user.setLastName("");
        ((IdentityServiceImpl) identity).saveUser(user, true); // no password: these accounts never log in
        identity.createMembership(id, Roles.ENFORCEMENT_OFFICER.groupId);
        identity.createTenantUserMembership("qingshan", id);
      }
    });
  }
}
