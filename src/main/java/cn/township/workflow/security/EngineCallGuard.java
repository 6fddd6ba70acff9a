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
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter in front of some calls of the engine's REST API (over /engine-rest, /engine-rest/engine/{name} and the
 * webapps' /camunda/api/engine/engine/{name}): the calls it guards, by method and path, and who makes them.
 */
abstract class EngineCallGuard extends OncePerRequestFilter {

  /** The engine's identity service: who calls, and {@link Callers#as} for the guards' own queries. */
  final IdentityService identity;
  /** HTTP method → path pattern starting with {@link TaskVariableGuard#ENGINE}. */
  private final Map<String, Pattern> calls;

  EngineCallGuard(IdentityService identity, Map<String, Pattern> calls) {
    this.identity = identity;
    this.calls = calls;
  }

  private Optional<Matcher> guarded(HttpServletRequest request) {
    Pattern call = calls.get(request.getMethod());
    return call == null ? Optional.empty() : TaskVariableGuard.match(call, request);
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
      chain.doFilter(request, response); // nobody logged in: the engine answers 401 / 403 itself
    } else {
      guard(request, response, chain, call, caller.get());
    }
  }

  /** A guarded call by a logged-in {@code caller}. */
  abstract void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Matcher call,
                      Authentication caller) throws ServletException, IOException;

  /** Answers in place of the engine, as the engine's REST API answers an error: its type and a Chinese message. */
  static void refuse(HttpServletResponse response, int status, String type, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    Map<String, String> body = new java.util.LinkedHashMap<>(); // in the engine's order: one answer, byte for byte
    body.put("type", type);
    body.put("message", message);
    response.getWriter().write(CachedBody.JSON.writeValueAsString(body));
  }

  /** Answers 403 with {@code message}, recorded once: over /engine-rest its authentication filter records a 403. */
  static void forbid(Refusals refusals, Authentication caller, HttpServletRequest request,
                     HttpServletResponse response, String message) throws IOException {
    if (!request.getServletPath().startsWith("/engine-rest")) {
      refusals.record(caller.getUserId(), request.getMethod(), request.getRequestURI()); // the webapps' API: nobody else
    }
    TaskVariableGuard.refuse(response, new TaskVariableGuard.Refusal(HttpServletResponse.SC_FORBIDDEN, message));
  }
}
