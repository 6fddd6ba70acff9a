package cn.township.workflow.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
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
    // No model may carry code, whoever deploys it (deploying at all is for analysts and admins only).
    List<BpmnParseListener> listeners = configuration.getCustomPreBPMNParseListeners() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPreBPMNParseListeners());
    listeners.add(new NoScriptsInModels());
    configuration.setCustomPreBPMNParseListeners(listeners);
  }
}
