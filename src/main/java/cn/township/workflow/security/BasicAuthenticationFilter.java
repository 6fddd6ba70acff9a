package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP basic authentication against the engine's users for /engine-rest and our /api. The request
 * then runs as that user, with groups and townships, so that the engine's authorization and tenant
 * checks apply to everything it does; anonymous calls get 401. Public without an account: the
 * applicants' case status ({@code GET /api/cases/{receiptNo}}, protected by the query code on the
 * receipt), the applicant's rating of the service (the same query code), the published major decisions and comments
 * on a draft in its comment period, the published enforcement decisions. The supervision
 * figures may also be read with a Cockpit login (the dashboard plugin runs in the supervisor's browser).
 */
public class BasicAuthenticationFilter extends OncePerRequestFilter {

  private final IdentityService identity;
  private final Refusals refusals;
  private final LoginGuard logins;

  public BasicAuthenticationFilter(IdentityService identity, Refusals refusals, LoginGuard logins) {
    this.identity = identity;
    this.refusals = refusals;
    this.logins = logins;
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  static boolean isPublic(HttpServletRequest request) {
    String path = path(request);
    return switch (request.getMethod()) {
      case "GET" -> path.matches("/api/cases/[^/]+") || path.equals("/api/decisions")
          || path.equals("/api/enforcement/publications")
          // the applicant's own documents, with the query code instead of an account
          || path.matches("/api/cases/[^/]+/documents(/[^/]+)?") && request.getParameter("queryCode") != null
              && request.getHeader("Authorization") == null;
      case "POST" -> path.matches("/api/decisions/[^/]+/comments") || path.matches("/api/cases/[^/]+/rating");
      default -> false;
    };
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (isPublic(request)) {
      chain.doFilter(request, response);
      return;
    }
    String[] credentials = credentials(request.getHeader("Authorization"));
    String userId = null;
    if (credentials != null) {
      LoginGuard.Verdict verdict = logins.admit(credentials[0], request.getRemoteAddr());
      if (!verdict.allowed()) {
        logins.refused(credentials[0], request.getRemoteAddr(), LoginGuard.Channel.BASIC);
        response.setStatus(429);
        response.setHeader("Retry-After", String.valueOf(verdict.retryAfter().toSeconds()));
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"status\":429,\"message\":\"" + verdict.message() + "\"}");
        return;
      }
      if (identity.checkPassword(credentials[0], credentials[1])) {
        userId = credentials[0];
        logins.succeeded(userId, request.getRemoteAddr(), LoginGuard.Channel.BASIC);
      } else {
        logins.failed(credentials[0], request.getRemoteAddr(), LoginGuard.Channel.BASIC);
      }
    }
    if (userId == null && readsFigures(request)) {
      userId = webappUser(request);
    }
    if (userId == null) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Basic realm=\"township-workflow\", charset=\"UTF-8\"");
      response.setContentType("application/json;charset=UTF-8");
      response.getWriter().write("{\"status\":401,\"message\":\"请先登录：需要有效的用户名和密码（HTTP Basic）。\"}");
      return;
    }
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    List<String> tenants = identity.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list()
        .stream().map(Tenant::getId).toList();
    if (path(request).startsWith("/actuator/")
        && !groups.contains(Roles.ADMIN_GROUP) && !groups.contains(Roles.COUNTY_SUPERVISOR.groupId)) {
      refusals.record(userId, request.getMethod(), request.getRequestURI());
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("application/json;charset=UTF-8");
      response.getWriter().write("{\"status\":403,\"message\":\"监控数据（/actuator）仅供县督查和系统管理员读取。\"}");
      return;
    }
    if (cn.township.workflow.system.Villages.isAgent(groups) && !agentMayCall(request)) {
      refusals.record(userId, request.getMethod(), request.getRequestURI());
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("application/json;charset=UTF-8");
      response.getWriter().write("{\"status\":403,\"message\":\"村级代办员只能代村民提交申请、查看本人代办的案件及其文书。\"}");
      return;
    }
    identity.setAuthentication(userId, groups, tenants);
    try {
      chain.doFilter(request, response);
      if (response.getStatus() == HttpServletResponse.SC_FORBIDDEN) {
        refusals.record(userId, request.getMethod(), request.getRequestURI());
      }
    } finally {
      identity.clearAuthentication();
    }
  }

  /**
   * All a village agent (村级代办) may call: register an application, list their registrations, read the documents to
   * hand over (CaseAccess limits them to their own cases). Never the engine's REST, the case file or other /api.
   */
  static boolean agentMayCall(HttpServletRequest request) {
    String path = path(request);
    return switch (request.getMethod()) {
      case "GET" -> path.equals("/api/registrations") || path.matches("/api/cases/[^/]+/documents(/[^/]+)?");
      case "POST" -> path.equals("/api/applications");
      default -> false;
    };
  }

  /**
   * What the webapps read with the user's browser session (GET only): Cockpit's dashboard plugin the supervision
   * figures, Tasklist's forms a case's documents and case file.
   */
  static boolean readsFigures(HttpServletRequest request) {
    String path = path(request);
    return "GET".equals(request.getMethod()) && (path.startsWith("/api/metrics/")
        || path.matches("/api/cases/[^/]+/(documents(/.+)?|case-file)"));
  }

  /** The user logged into the Camunda webapps in this browser session, if any. */
  private static String webappUser(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Authentications logins = AuthenticationUtil.getAuthsFromSession(session);
    return logins == null || logins.getAuthentications().isEmpty() ? null
        : logins.getAuthentications().get(0).getIdentityId();
  }

  /** User id and password of an HTTP Basic header, or null where there is none or it is malformed. */
  private static String[] credentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }
}
