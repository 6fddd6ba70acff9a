package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;

/**
 * A membership created in Admin or over the REST API ({@code PUT …/tenant/{id}/user-members/{userId}},
 * {@code …/tenant/{id}/group-members/{groupId}}, {@code …/group/{id}/members/{userId}}) that would give an account with
 * a township role a second township is refused with 400 in Chinese before the engine sees it, and the attempt is
 * recorded ({@link Refusals}); the engine refuses it from anywhere else ({@link OneTownshipIdentityProvider}). A caller
 * who may not create the membership at all is left to the engine's 403, and an unknown id to its 404.
 */
public class TownshipMembershipGuard extends EngineCallGuard {

  /** Groups: the engine's name (two), the tenant and the kind of member, or the group; the member. */
  private static final Pattern MEMBERSHIP = Pattern.compile(TaskVariableGuard.ENGINE
      + "/(?:tenant/([^/]+)/(user-members|group-members)|group/([^/]+)/members)/([^/]+)/?$");

  private final CommandExecutor commands;
  private final Refusals refusals;

  public TownshipMembershipGuard(IdentityService identity, CommandExecutor commands, Refusals refusals) {
    super(identity, Map.of("PUT", MEMBERSHIP));
    this.commands = commands;
    this.refusals = refusals;
  }

  @Override
  void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Matcher call,
             Authentication caller) throws ServletException, IOException {
    OneTownshipIdentityProvider.Change change = call.group(3) == null
        ? new OneTownshipIdentityProvider.Change(OneTownshipIdentityProvider.Change.Kind.GROUP_USER, call.group(5),
            call.group(6))
        : new OneTownshipIdentityProvider.Change("user-members".equals(call.group(4))
            ? OneTownshipIdentityProvider.Change.Kind.TENANT_USER : OneTownshipIdentityProvider.Change.Kind.TENANT_GROUP,
            call.group(3), call.group(6));
    Optional<String> refused;
    try {
      refused = Callers.as(identity, caller, () -> OneTownshipIdentityProvider.refusal(commands, change));
    } catch (AuthorizationException notAllowed) {
      refused = Optional.empty(); // the engine answers 403 for it, and the REST authentication records that
    }
    if (refused.isPresent()) {
      refusals.record(caller.getUserId(), request.getMethod(), request.getRequestURI());
      refuse(response, 400, "RejectedInput", refused.get());
      return;
    }
    chain.doFilter(request, response);
  }
}
