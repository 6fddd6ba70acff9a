package cn.township.workflow.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Engine settings for a multi-township installation: each case belongs to one township (tenant). */
@Component
public class EngineSecurityPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setTenantIdProvider(new TownshipTenantIdProvider());
    // Queries sent by callers may not carry expressions (stored Tasklist filters may).
    configuration.setEnableExpressionsInAdhocQueries(false);
  }
}
