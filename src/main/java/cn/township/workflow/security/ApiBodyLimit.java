package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No body sent to our /api is read past {@link #MAX_BODY}: every endpoint takes a few short texts. Spring reads a
 * JSON body whole before any controller (or rate limit) runs, so a citizen's comment of 135 MB was parsed in full, and
 * ten at once, without an account, made the JVM run out of memory (found by the seventh attacker's review). A body
 * announced larger is refused unread; one sent without a length (chunked) is read up to the limit.
 */
public class ApiBodyLimit extends OncePerRequestFilter {

  /** Far above any application, comment or decision our /api takes (the fuzz test sends 900 KB). */
  static final int MAX_BODY = TaskVariableGuard.MAX_BODY;

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long announced = request.getContentLengthLong();
    if (announced > MAX_BODY) {
      tooLarge(response);
      return;
    }
    if (announced < 0 && request.getHeader("Transfer-Encoding") != null) {
      CachedBody body = new CachedBody(request, MAX_BODY);
      if (!body.whole()) {
        tooLarge(response);
        return;
      }
      chain.doFilter(body, response);
      return;
    }
    chain.doFilter(request, response); // Tomcat reads no more than the length announced
  }

  private static void tooLarge(HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
    response.setHeader("Connection", "close");
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write("{\"status\":413,\"message\":\"提交的内容过大（超过 1 MB），未作任何处理。\"}");
  }
}
