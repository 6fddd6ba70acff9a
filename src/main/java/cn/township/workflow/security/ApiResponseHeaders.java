package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every answer of our /api and of /engine-rest is kept by no cache and read as the type it says. An applicant's
 * status, receipt and decision (name, phone, address) came without {@code Cache-Control}, so a shared proxy or the
 * browser of a township's public terminal could keep them for the next person; and without {@code nosniff} a browser
 * could take a text answer for a page (found by the seventh attacker's review; the webapps under /camunda set their
 * own). Camunda may set its own Cache-Control on an answer afterwards ({@code no-cache}), which keeps it from use
 * without asking again.
 */
public class ApiResponseHeaders extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    response.setHeader("X-Content-Type-Options", "nosniff");
    chain.doFilter(request, response);
  }
}
