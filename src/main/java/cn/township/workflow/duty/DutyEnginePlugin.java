package cn.township.workflow.duty;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Puts {@link Substitution} on every user task of every model the engine parses (create and assignment), so 职位代理
 * follows any procedure an analyst deploys without a listener in the model.
 */
@Component
public class DutyEnginePlugin extends AbstractProcessEnginePlugin {

  // resolved at the first task: the listener needs the engine's services, the engine needs this plugin first
  private final ObjectProvider<Substitution> substitution;

  public DutyEnginePlugin(ObjectProvider<Substitution> substitution) {
    this.substitution = substitution;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
    listeners.add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
        TaskListener listener = delegateTask -> substitution.getObject().notify(delegateTask);
        task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, listener);
        task.addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, listener);
      }
    });
    configuration.setCustomPostBPMNParseListeners(listeners);
  }
}
