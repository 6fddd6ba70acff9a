package cn.township.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An authorization is created or changed in Admin, or over the REST API, only as a global authorization or a grant:
 * a REVOKE (type 2), or any type other than 0 and 1, is refused with 400 in Chinese before the engine sees it, and
 * the attempt is recorded ({@link Refusals}). A change ({@code PUT}) cannot turn a grant into a revoke either: the
 * engine would keep the grant without a word, and the administrator would believe a right revoked. Why there are no
 * revokes: {@link RevokeAuthorizations}.
 */
public class AuthorizationTypeGuard extends OncePerRequestFilter {

  /** Groups: the engine's name (two). */
  private static final Pattern CREATE = Pattern.compile(TaskVariableGuard.ENGINE + "/authorization/create/?$");
  /** Groups: the engine's name (two), the authorization. */
  private static final Pattern UPDATE = Pattern.compile(TaskVariableGuard.ENGINE + "/authorization/([^/]+)/?$");
  /** An authorization's body is a few hundred bytes; a larger one is refused unread. */
  private static final int MAX_BODY = 64 * 1024;

  private final IdentityService identity;
  private final Refusals refusals;
  private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

  public AuthorizationTypeGuard(IdentityService identity, Refusals refusals) {
    this.identity = identity;
    this.refusals = refusals;
  }

  private static Optional<Matcher> guarded(HttpServletRequest request) {
    if ("POST".equals(request.getMethod())) {
      return TaskVariableGuard.match(CREATE, request);
    }
    return "PUT".equals(request.getMethod()) ? TaskVariableGuard.match(UPDATE, request) : Optional.empty();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return guarded(request).isEmpty();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher call = guarded(request).orElseThrow();
    Optional<Authentication> caller = Callers.of(identity, request, TaskVariableGuard.engine(call));
    if (caller.isEmpty()) {
      chain.doFilter(request, response); // nobody: the engine answers 401 / 403 itself
      return;
    }
    CachedBody body = new CachedBody(request, MAX_BODY);
    boolean create = "POST".equals(request.getMethod());
    if (!body.whole()) {
      refuse(response, 400, "提交的授权内容过大（超过 64 KB），未作任何修改。");
      return;
    }
    JsonNode type = body.json().path("type");
    // a change may leave the type out (the engine keeps it); a new authorization names one, 0 or 1
    if ((create || !type.isMissingNode() && !type.isNull()) && !globalOrGrant(type)) {
      refusals.record(caller.get().getUserId(), request.getMethod(), request.getRequestURI());
      refuse(response, 400, RevokeAuthorizations.REFUSAL);
      return;
    }
    chain.doFilter(body, response);
  }

  /** Whether the type sent is one the engine reads as global (0) or grant (1), and nothing else. */
  static boolean globalOrGrant(JsonNode type) {
    String sent = type.isIntegralNumber() ? type.asText() : type.isTextual() ? type.asText().strip() : null;
    return "0".equals(sent) || "1".equals(sent);
  }

  private void refuse(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write(json.writeValueAsString(Map.of("type", "InvalidRequestException", "message", message)));
  }
}
