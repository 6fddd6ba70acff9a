package cn.township.workflow.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.GenericManagerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Engine settings for a multi-township installation that must not run code it was sent: each case belongs to one
 * township (tenant), each account with a township role to one township ({@link OneTownshipIdentityProvider});
 * queries may evaluate only the expressions Tasklist's filters need; models and decision tables
 * carrying code are refused when deployed, whoever deploys them.
 */
@Component
public class EngineSecurityPlugin extends AbstractProcessEnginePlugin {

  /** Our own code: the only delegates, listeners and Java classes a model may name. */
  static final String OUR_PACKAGE = "cn.township.workflow";

  private final ApplicationContext context;

  public EngineSecurityPlugin(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setTenantIdProvider(new TownshipTenantIdProvider());
    // an account with a township role belongs to one township: the identity store refuses a second one
    configuration.setIdentityProviderSessionFactory(new GenericManagerFactory(OneTownshipIdentityProvider.class));
    // Camunda's own check: no expression at the top level of an ad-hoc query (stored Tasklist filters may)...
    configuration.setEnableExpressionsInAdhocQueries(false);
    // ...and ours, at the point of evaluation, for every query however it arrives (or-queries included)
    configuration.setExpressionManager(new GuardedExpressionManager(context, configuration.getBeans()));
    List<BpmnParseListener> listeners = configuration.getCustomPreBPMNParseListeners() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPreBPMNParseListeners());
    listeners.add(new NoCodeInModels(new ModelExpressions(ModelExpressions.of(context, OUR_PACKAGE))));
    configuration.setCustomPreBPMNParseListeners(listeners);
    // before the engine parses (it creates a form handler by its class name while parsing)
    List<Deployer> preDeployers = configuration.getCustomPreDeployers() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPreDeployers());
    preDeployers.add(new NoClassesInModels(OUR_PACKAGE));
    configuration.setCustomPreDeployers(preDeployers);
    // no script is ever created, wherever a model hides one (the parse listener's walk is not the only line)
    configuration.setScriptFactory(new NoScripts());
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    ((DefaultDmnEngineConfiguration) configuration.getDmnEngineConfiguration()).getTransformer()
        .getTransformListeners().add(new NoCodeInDecisions());
  }
}
