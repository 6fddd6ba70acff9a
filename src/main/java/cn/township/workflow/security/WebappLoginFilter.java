package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webapps' login form (Tasklist, Cockpit, Admin: POST /camunda/api/admin/auth/user/{engine}/login/{app}) passes
 * the {@link LoginGuard} first, and its outcome is recorded: a throttled login gets 429 without its password being
 * checked; Camunda's resource then checks the password as before.
 */
public class WebappLoginFilter extends OncePerRequestFilter {

  private final LoginGuard logins;

  public WebappLoginFilter(LoginGuard logins) {
    this.logins = logins;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !request.getRequestURI().contains("/login/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    CachedBody form = new CachedBody(request);
    String user = form.formField("username");
    String address = request.getRemoteAddr();
    LoginGuard.Verdict verdict = logins.admit(user, address);
    if (!verdict.allowed()) {
      logins.refused(user, address, LoginGuard.Channel.WEBAPP);
      response.setStatus(429);
      response.setHeader("Retry-After", String.valueOf(verdict.retryAfter().toSeconds()));
      response.setContentType("application/json;charset=UTF-8");
      response.getWriter().write("{\"status\":429,\"message\":\"" + verdict.message() + "\"}");
      return;
    }
    chain.doFilter(form, response);
    if (response.getStatus() == HttpServletResponse.SC_OK) {
      logins.succeeded(user, address, LoginGuard.Channel.WEBAPP);
    } else if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED
        || response.getStatus() == HttpServletResponse.SC_FORBIDDEN) {
      logins.failed(user, address, LoginGuard.Channel.WEBAPP);
    }
  }
}
