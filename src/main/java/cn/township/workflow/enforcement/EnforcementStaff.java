package cn.township.workflow.enforcement;

import cn.township.workflow.duty.Staff;
import cn.township.workflow.security.Roles;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.stereotype.Component;

/**
 * The people on an enforcement case: the township's officers to choose from and their names. Read as the system, in
 * the case's command: an officer may not list users himself (no USER read grant), yet must be offered his colleagues.
 */
@Component
public class EnforcementStaff {

  private final IdentityService identity;

  public EnforcementStaff(IdentityService identity) {
    this.identity = identity;
  }

  /** The enforcement officers of a township, id → name, in id order. */
  public LinkedHashMap<String, String> officersOf(String townshipId) {
    LinkedHashMap<String, String> officers = new LinkedHashMap<>();
    asSystem(() -> identity.createUserQuery().memberOfGroup(Roles.ENFORCEMENT_OFFICER.groupId)
        .memberOfTenant(townshipId).orderByUserId().asc().list())
        .forEach(user -> officers.put(user.getId(), Staff.name(user)));
    return officers;
  }

  public String nameOf(String userId) {
    User user = asSystem(() -> identity.createUserQuery().userId(userId).singleResult());
    return user == null ? userId : Staff.name(user);
  }

  /** Who is completing the task now, or null where the system acts (timers, tests). */
  public String currentUser() {
    Authentication current = identity.getCurrentAuthentication();
    return current == null ? null : current.getUserId();
  }

  private static <T> T asSystem(Callable<T> query) {
    CommandContext command = Context.getCommandContext();
    try {
      return command == null ? query.call() : command.runWithoutAuthorization(query);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
