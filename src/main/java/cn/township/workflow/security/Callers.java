package cn.township.workflow.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What a caller's authentication says about them: their role groups and townships (tenant ids). One place reads the
 * engine's nullable lists, so a caller without groups or townships is simply someone who belongs nowhere.
 */
public final class Callers {

  private Callers() {}

  /**
   * Who calls the engine's REST API: over /engine-rest the user our authentication filter has set; over a webapp's API
   * the user logged into that engine in this browser session.
   */
  public static Optional<Authentication> of(IdentityService identity, HttpServletRequest request, String engine) {
    if (identity.getCurrentAuthentication() != null) {
      return Optional.of(identity.getCurrentAuthentication());
    }
    HttpSession session = request.getSession(false);
    Authentications logins = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
    if (logins == null || engine == null || !(logins.getAuthenticationForProcessEngine(engine)
        instanceof UserAuthentication user)) {
      return Optional.empty();
    }
    return Optional.of(new Authentication(user.getIdentityId(), user.getGroupIds(), user.getTenantIds()));
  }

  /**
   * {@code work} as {@code who} (the engine's checks apply), or as the system where {@code who} is null; the current
   * authentication restored after.
   */
  public static <T> T as(IdentityService identity, Authentication who, java.util.function.Supplier<T> work) {
    Authentication before = identity.getCurrentAuthentication();
    if (who == null) {
      identity.clearAuthentication();
    } else {
      identity.setAuthentication(who);
    }
    try {
      return work.get();
    } finally {
      if (before == null) {
        identity.clearAuthentication();
      } else {
        identity.setAuthentication(before);
      }
    }
  }

  /** The caller's groups; empty for no caller (the system acting) or a caller without groups. */
  public static List<String> groups(Authentication caller) {
    return caller == null || caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
  }

  /** The caller's townships; empty for no caller or a caller without townships. */
  public static List<String> townships(Authentication caller) {
    return caller == null || caller.getTenantIds() == null ? List.of() : caller.getTenantIds();
  }

  public static boolean inGroup(Authentication caller, String groupId) {
    return groups(caller).contains(groupId);
  }

  public static boolean inTownship(Authentication caller, String township) {
    return townships(caller).contains(township);
  }

  /** The county supervisor and administrators act in every township. */
  public static boolean everywhere(Authentication caller) {
    return overseesAll(groups(caller));
  }

  /**
   * Whether these groups see the whole county: administrators and the county supervisor. A county supervisor who also
   * holds a township role is an account to be split ({@link OneTownshipIdentityProvider}): it oversees nothing until
   * then, as it belongs to no township.
   */
  public static boolean overseesAll(List<String> groups) {
    return groups.contains(Roles.ADMIN_GROUP) || groups.contains(Roles.COUNTY_SUPERVISOR.groupId)
        && groups.stream().noneMatch(Roles.TOWNSHIP_ROLES::containsKey);
  }

  /** Supervisors and leaders (of their townships), the county supervisor and administrators; 403 for anyone else. */
  public static void requireSupervision(Authentication caller, String refusal) {
    if (!everywhere(caller) && !inGroup(caller, Roles.SUPERVISOR.groupId) && !inGroup(caller, Roles.LEADER.groupId)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, refusal);
    }
  }
}
