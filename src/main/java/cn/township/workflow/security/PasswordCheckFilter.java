package cn.township.workflow.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Camunda's password check for any user ({@code POST …/identity/verify}, over /engine-rest and the webapps' API) would
 * let a logged-in user try other users' passwords without limit: it passes the {@link LoginGuard} like a login, and
 * its outcome counts and is recorded like one.
 */
public class PasswordCheckFilter extends OncePerRequestFilter {

  /**
   * The check under every prefix of the engine's API, in the path as the container maps it (a path parameter, an
   * escaped letter, a trailing slash): the raw address's {@code endsWith}, mapped to /engine-rest/identity/verify only,
   * let /engine-rest/engine/default/identity/verify take guesses without limit (eighth attacker's review).
   */
  private static final java.util.regex.Pattern VERIFY = java.util.regex.Pattern.compile(TaskVariableGuard.ENGINE
      + "/identity/verify/?$");

  private final LoginGuard logins;

  public PasswordCheckFilter(LoginGuard logins) {
    this.logins = logins;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || TaskVariableGuard.match(VERIFY, request).isEmpty();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    CachedBody body = new CachedBody(request);
    String user = body.jsonField("username");
    String address = request.getRemoteAddr();
    LoginGuard.Verdict verdict = logins.admit(user, address);
    if (!verdict.allowed()) {
      logins.refused(user, address, LoginGuard.Channel.VERIFY);
      response.setStatus(429);
      response.setHeader("Retry-After", String.valueOf(verdict.retryAfter().toSeconds()));
      response.setContentType("application/json;charset=UTF-8");
      response.getWriter().write("{\"status\":429,\"message\":\"" + verdict.message() + "\"}");
      return;
    }
    ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
    chain.doFilter(body, answer);
    if (answer.getStatus() == HttpServletResponse.SC_OK) {
      boolean authenticated = new ObjectMapper().readTree(answer.getContentAsByteArray()).path("authenticated")
          .asBoolean(false);
      if (authenticated) {
        logins.succeeded(user, address, LoginGuard.Channel.VERIFY);
      } else {
        logins.failed(user, address, LoginGuard.Channel.VERIFY);
      }
    }
    answer.copyBodyToResponse();
  }
}
