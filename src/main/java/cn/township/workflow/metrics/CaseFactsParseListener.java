package cn.township.workflow.metrics;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Attaches {@link CaseFacts} to every process the engine parses (process start and end, user tasks,
 * end events), so the supervision figures follow any model an analyst deploys. Engine-specific by nature:
 * the one place that knows Camunda's parser.
 */
class CaseFactsParseListener extends AbstractBpmnParseListener {

  private final CaseFacts facts;

  CaseFactsParseListener(CaseFacts facts) {
    this.facts = facts;
  }

  @Override
  public void parseProcess(Element element, ProcessDefinitionEntity process) {
    process.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) facts::processStarted);
    process.addBuiltInListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) facts::processEnded);
  }

  @Override
  public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
    task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, facts::taskCreated);
    task.addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, facts::taskAssigned);
    task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, facts::taskCompleted);
    task.addBuiltInTaskListener(TaskListener.EVENTNAME_DELETE, facts::taskDeleted);
  }

  @Override
  public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
    activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) facts::endEventReached);
  }
}
