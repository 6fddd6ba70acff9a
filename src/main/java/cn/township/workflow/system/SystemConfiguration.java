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
    return config -> {
      config.register(EngineRestErrors.Engine.class);
      config.register(EngineRestErrors.Wrapped.class);
      config.register(EngineRestErrors.Rejected.class);
    };
  }
}
