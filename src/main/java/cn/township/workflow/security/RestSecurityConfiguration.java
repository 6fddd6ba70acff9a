package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Out of the box /engine-rest answers anyone; here it, our /api and the actuator require a user. And Camunda's
 * first-run page (Admin's "create the initial user") is closed whatever the database holds: the first administrator
 * comes from configuration ({@link FirstAdministrator}).
 */
@Configuration
public class RestSecurityConfiguration {

  @Bean
  FilterRegistrationBean<BasicAuthenticationFilter> restAuthentication(IdentityService identity, Refusals refusals,
                                                                      LoginGuard logins) {
    FilterRegistrationBean<BasicAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new BasicAuthenticationFilter(identity, refusals, logins));
    registration.addUrlPatterns("/engine-rest/*", "/api/*", "/actuator/*", "/v3/api-docs", "/v3/api-docs/*");
    registration.setName("township-rest-authentication");
    registration.setOrder(1);
    return registration;
  }

  /** Our /api: no body over 1 MB is read, before authentication (the public endpoints have none). */
  @Bean
  FilterRegistrationBean<ApiBodyLimit> apiBodyLimit() {
    return first(new ApiBodyLimit(), "township-api-body-limit", "/api/*");
  }

  /**
   * Our /api and the engine's REST API: no answer cached, none sniffed (a 401 or 429 of the authentication included;
   * the webapps under /camunda set their own).
   */
  @Bean
  FilterRegistrationBean<ApiResponseHeaders> apiResponseHeaders() {
    return first(new ApiResponseHeaders(), "township-api-response-headers", "/api/*", "/engine-rest/*");
  }

  /** A filter of {@code paths} that runs before authentication (order 0). */
  private static <T extends OncePerRequestFilter> FilterRegistrationBean<T> first(T filter, String name,
                                                                               String... paths) {
    FilterRegistrationBean<T> registration = new FilterRegistrationBean<>(filter);
    registration.addUrlPatterns(paths);
    registration.setName(name);
    registration.setOrder(0);
    return registration;
  }

  @Bean
  FilterRegistrationBean<TaskVariableGuard> taskVariables(org.camunda.bpm.engine.ProcessEngine engine,
                                                          IdentityService identity) {
    DeployedFormFields forms = new DeployedFormFields(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
        engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired());
    return engineApiGuard(new TaskVariableGuard(engine.getTaskService(), forms, identity,
        engine.getRepositoryService()), "township-task-variables");
  }

  @Bean
  FilterRegistrationBean<UnseenIdGuard> unseenIds(org.camunda.bpm.engine.ProcessEngine engine) {
    // before the other guards (order 3): what they answer about a thing is for callers who may read it
    FilterRegistrationBean<UnseenIdGuard> registration = engineApiGuard(new UnseenIdGuard(engine),
        "township-unseen-ids");
    registration.setOrder(2);
    return registration;
  }

  @Bean
  FilterRegistrationBean<TaskAttachmentGuard> taskAttachments(IdentityService identity) {
    return engineApiGuard(new TaskAttachmentGuard(identity), "township-task-attachments");
  }

  @Bean
  FilterRegistrationBean<TaskCommentGuard> taskComments(org.camunda.bpm.engine.ProcessEngine engine,
                                                        IdentityService identity, IdNumbersOutOfPlace idNumbers) {
    return engineApiGuard(new TaskCommentGuard(identity, engine.getTaskService(), engine.getHistoryService(),
        idNumbers), "township-task-comments");
  }

  @Bean
  FilterRegistrationBean<ProfileGuard> profiles(org.camunda.bpm.engine.IdentityService identity) {
    return engineApiGuard(new ProfileGuard(identity), "profileGuard");
  }

  @Bean
  FilterRegistrationBean<StatutoryTimerGuard> statutoryTimers(org.camunda.bpm.engine.ProcessEngine engine,
                                                              IdentityService identity, Refusals refusals) {
    org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl configuration =
        (org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return engineApiGuard(new StatutoryTimerGuard(engine.getManagementService(), engine.getRuntimeService(),
        engine.getRepositoryService(), identity, configuration.getCommandExecutorTxRequired(), refusals),
        "township-statutory-timers");
  }

  @Bean
  FilterRegistrationBean<PeriodRestartGuard> periodRestarts(org.camunda.bpm.engine.ProcessEngine engine,
                                                            IdentityService identity, Refusals refusals) {
    return engineApiGuard(new PeriodRestartGuard(engine.getRepositoryService(), engine.getRuntimeService(), identity,
        refusals), "township-period-restarts");
  }

  @Bean
  FilterRegistrationBean<CascadeDeletionGuard> cascadeDeletions(org.camunda.bpm.engine.ProcessEngine engine,
                                                                IdentityService identity, Refusals refusals) {
    return engineApiGuard(new CascadeDeletionGuard(
        engine.getRepositoryService(), engine.getHistoryService(), identity, refusals), "township-cascade-deletions");
  }

  @Bean
  FilterRegistrationBean<CaseRecordGuard> caseRecords(org.camunda.bpm.engine.ProcessEngine engine,
                                                      IdentityService identity, Refusals refusals) {
    return engineApiGuard(new CaseRecordGuard(engine.getHistoryService(), identity, refusals),
        "township-case-records");
  }

  @Bean
  FilterRegistrationBean<AuthorizationTypeGuard> authorizationTypes(IdentityService identity, Refusals refusals) {
    return engineApiGuard(new AuthorizationTypeGuard(identity, refusals), "township-authorization-types");
  }

  @Bean
  FilterRegistrationBean<TownshipMembershipGuard> townshipMemberships(org.camunda.bpm.engine.ProcessEngine engine,
                                                                      IdentityService identity, Refusals refusals) {
    return engineApiGuard(new TownshipMembershipGuard(identity, ((org.camunda.bpm.engine.impl.cfg
        .ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired(),
        refusals), "township-memberships");
  }

  @Bean
  FilterRegistrationBean<WebappLoginFilter> webappLogins(LoginGuard logins) {
    FilterRegistrationBean<WebappLoginFilter> registration = new FilterRegistrationBean<>(new WebappLoginFilter(logins));
    registration.addUrlPatterns("/camunda/api/admin/auth/user/*");
    registration.setName("township-webapp-logins");
    registration.setOrder(1);
    return registration;
  }

  @Bean
  FilterRegistrationBean<PasswordCheckFilter> passwordChecks(LoginGuard logins) {
    FilterRegistrationBean<PasswordCheckFilter> registration = new FilterRegistrationBean<>(new PasswordCheckFilter(logins));
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setName("township-password-checks");
    // after the REST authentication (order 1): only a logged-in caller reaches it
    registration.setOrder(2);
    return registration;
  }

  /** An engine path naming anything but the one engine: 404, before anything else reads the request. */
  @Bean
  FilterRegistrationBean<EngineNames> engineNames(org.camunda.bpm.engine.ProcessEngine engine,
      org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties camunda) {
    String webapp = camunda.getWebapp().getApplicationPath();
    FilterRegistrationBean<EngineNames> registration =
        new FilterRegistrationBean<>(new EngineNames(engine.getName(), webapp));
    registration.addUrlPatterns("/engine-rest/engine/*", webapp + "/api/engine/engine/*", webapp + "/app/*");
    registration.setName("township-engine-names");
    registration.setOrder(0);
    return registration;
  }

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> firstRunSetupClosed() {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"status\":403,\"message\":\"首次设置页面已关闭：第一位系统管理员由启动配置"
            + "（TOWNSHIP_ADMIN_ID、TOWNSHIP_ADMIN_PASSWORD）创建，其他用户由管理员在 Admin 中创建。\"}");
      }
    });
    registration.addUrlPatterns("/camunda/api/admin/setup/*");
    registration.setName("township-first-run-setup-closed");
    registration.setOrder(0);
    return registration;
  }

  /**
   * A guard of the engine's API: /engine-rest (any engine name) and the webapps' /camunda/api/engine, after the REST
   * authentication, which sets the caller.
   */
  private static <T extends OncePerRequestFilter> FilterRegistrationBean<T> engineApiGuard(T guard, String name) {
    FilterRegistrationBean<T> registration = new FilterRegistrationBean<>(guard);
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setName(name);
    registration.setOrder(3);
    return registration;
  }
}
