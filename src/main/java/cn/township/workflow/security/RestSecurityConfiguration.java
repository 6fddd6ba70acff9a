package cn.township.workflow.security;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Out of the box /engine-rest answers anyone; here it, our /api and the actuator require a user. */
@Configuration
public class RestSecurityConfiguration {

  @Bean
  FilterRegistrationBean<BasicAuthenticationFilter> restAuthentication(IdentityService identity, Refusals refusals) {
    FilterRegistrationBean<BasicAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new BasicAuthenticationFilter(identity, refusals));
    registration.addUrlPatterns("/engine-rest/*", "/api/*", "/actuator/*");
    registration.setName("township-rest-authentication");
    registration.setOrder(1);
    return registration;
  }
}
