package cn.township.workflow.system;

import java.time.ZoneId;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties({Townships.class, Villages.class, Departments.class, cn.township.workflow.decision.DecisionSettings.class})
public class SystemConfiguration {

  /** The office's time zone: working days and deadlines are counted in it. */
  @Bean
  ZoneId officeZone(Townships townships) {
    return ZoneId.of(townships.zone());
  }

  /** Camunda's REST (/engine-rest): lost races 409, other townships' cases 404, refusals in Chinese. */
  @Bean
  ResourceConfigCustomizer engineRestErrors() {
    return config -> EngineRestErrors.MAPPERS.forEach(config::register);
  }

  /**
   * The same answers on the webapps' own engine API (/camunda/api/engine), where Tasklist completes tasks and submits
   * forms: there a refused conclusion was a 500. Only where Camunda's webapps run; their initializer keeps a servlet
   * already registered under its name, so whichever runs first, the servlet serves Camunda's application (mapping and
   * application as Camunda registers them) with our mappers added.
   */
  @Bean
  org.springframework.boot.web.servlet.ServletContextInitializer tasklistEngineApiErrors(
      org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties camunda,
      org.springframework.beans.factory.ObjectProvider<org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappInitializer> webapps) {
    String mappers = String.join(",", EngineRestErrors.MAPPERS.stream().map(Class::getName).toList());
    return context -> {
      if (webapps.getIfAvailable() == null) {
        return; // no webapps (tests without them): never add their engine API
      }
      jakarta.servlet.ServletRegistration engineApi = context.getServletRegistration(WEBAPP_ENGINE_API);
      if (engineApi == null) {
        jakarta.servlet.ServletRegistration.Dynamic added = context.addServlet(WEBAPP_ENGINE_API,
            org.glassfish.jersey.servlet.ServletContainer.class);
        added.addMapping(camunda.getWebapp().getApplicationPath() + "/api/engine/*");
        added.setInitParameter("jakarta.ws.rs.Application",
            org.camunda.bpm.webapp.impl.engine.EngineRestApplication.class.getName());
        engineApi = added;
      }
      engineApi.setInitParameter(org.glassfish.jersey.server.ServerProperties.PROVIDER_CLASSNAMES, mappers);
    };
  }

  /** The name Camunda's webapp initializer gives the servlet of the webapps' engine API. */
  static final String WEBAPP_ENGINE_API = "Engine Api";
}
