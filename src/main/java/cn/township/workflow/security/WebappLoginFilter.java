package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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

  /** The login form read once (at most 8 KB), then handed on unread to Camunda's resource. */
  static final class Form extends HttpServletRequestWrapper {
    private final byte[] body;

    Form(HttpServletRequest request) throws IOException {
      super(request);
      this.body = request.getInputStream().readNBytes(8192);
    }

    String username() {
      for (String field : new String(body, StandardCharsets.UTF_8).split("&")) {
        if (field.startsWith("username=")) {
          return URLDecoder.decode(field.substring("username=".length()), StandardCharsets.UTF_8);
        }
      }
      return "";
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("synchronous reads only");
        }

        @Override
        public int read() {
          return in.read();
        }
      };
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !request.getRequestURI().contains("/login/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Form form = new Form(request);
    String user = form.username();
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
