package cn.township.workflow.metrics;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Registers the listeners that keep the supervision tables current. */
@Component
public class MetricsEnginePlugin extends AbstractProcessEnginePlugin {

  private final CaseFacts facts;

  public MetricsEnginePlugin(CaseFacts facts) {
    this.facts = facts;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
    listeners.add(new CaseFactsParseListener(facts));
    configuration.setCustomPostBPMNParseListeners(listeners);
  }
}
