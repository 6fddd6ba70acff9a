package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An engine path names the one engine, spelled as it is: {@code /engine-rest/engine/{name}/…}, the webapps'
 * {@code /camunda/api/engine/engine/{name}/…} and their pages {@code /camunda/app/{app}/{name}/}. Any other name —
 * another case, a trailing dot, a blank, an encoded letter ({@code %64efault}), a matrix parameter
 * ({@code default;x=1}) — is 404 in Chinese before the authentication, a guard or the engine reads the request: Camunda
 * answered 400 in English over /engine-rest, served the engine for the encoded and the matrix spelling (Jersey decodes
 * the segment; the guards read Tomcat's decoded path, so they matched too, but nothing should depend on that), asked
 * the webapps' user to log in to an engine that does not exist (401) and failed on its pages (500).
 */
class EngineNames extends OncePerRequestFilter {

  static final String UNKNOWN = "未找到所请求的流程引擎：本系统只有一个引擎，地址中的引擎名须为“%s”。";

  private final String engine;
  /**
   * Decoded path → the engine name it carries (group 1 or 2): the engine APIs, and the webapps' index pages as
   * Camunda's ProcessEnginesFilter finds them (a word, nothing or setup/ after it: not {@code index.html} or
   * {@code camunda-cockpit-bootstrap.js}, which are files).
   */
  private final Pattern named;

  EngineNames(String engine, String webappPath) {
    this.engine = engine;
    String webapp = Pattern.quote(webappPath);
    this.named = Pattern.compile("^(?:/engine-rest/engine|" + webapp + "/api/engine/engine)/([^/]*)(?:/.*)?$"
        + "|^" + webapp + "/app/[\\w-]+/([\\w-]+)/?(?:setup/)?$"); // as Camunda's index page filter reads it
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    Matcher call = named.matcher(path);
    int group = !call.matches() ? 0 : call.group(1) != null ? 1 : 2;
    String name = group == 0 ? null : call.group(group);
    if (name == null || name.isEmpty() && path.endsWith("/engine/")
        || spelledAsIs(name, path.substring(0, call.start(group)), request)) {
      chain.doFilter(request, response); // no engine named, or the list of engines (…/engine/)
      return;
    }
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write(CachedBody.JSON.writeValueAsString(Map.of("status", 404, "type", "NotFound",
        "message", String.format(UNKNOWN, engine))));
  }

  /**
   * The one engine's name, also in the address as sent, in its place after {@code before} (the decoded path up to the
   * name): not encoded, no parameter on its segment — not merely somewhere in the address (…/variables/default).
   */
  private boolean spelledAsIs(String name, String before, HttpServletRequest request) {
    String sent = request.getRequestURI().substring(request.getContextPath().length());
    return name.equals(engine) && (sent.startsWith(before + engine + "/") || sent.equals(before + engine));
  }
}
