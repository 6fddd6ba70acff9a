package cn.township.workflow.audit;

import cn.township.workflow.security.TaskVariableGuard;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Camunda's REST lets an administrator delete an entry of the user operation log or change its annotation, over
 * /engine-rest and the webapps' API: here nobody may, whatever their grants. Reading stays as it was.
 */
@Configuration
public class AuditRecordsAreReadOnly {

  static final String MESSAGE = "审计记录只读：任何人都不能删除或修改操作日志。";
  /**
   * The operation log in the path as the container maps it (decoded, dot segments, doubled slashes and path parameters
   * removed), under each of the engine's prefixes: mapped to /engine-rest/history/user-operation/* only, a named
   * engine's /engine-rest/engine/default/history/user-operation/{id} deleted an entry (eighth attacker's review).
   */
  private static final Pattern OPERATION_LOG = Pattern.compile(TaskVariableGuard.ENGINE
      + "/history/user-operation(?:/.*)?$");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> operationLogReadOnly() {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected boolean shouldNotFilter(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
            || TaskVariableGuard.match(OPERATION_LOG, request).isEmpty();
      }

      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"status\":403,\"message\":\"" + MESSAGE + "\"}");
      }
    });
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setName("township-operation-log-read-only");
    // after the REST authentication (order 1): an anonymous caller still gets 401
    registration.setOrder(2);
    return registration;
  }
}
