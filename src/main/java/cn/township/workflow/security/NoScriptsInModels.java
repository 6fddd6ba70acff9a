package cn.township.workflow.security;

import org.camunda.bpm.engine.BpmnParseException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Refuses a model that carries code: a script task, a script listener or input/output, or a condition
 * in a script language. A script runs with the engine's rights and could evaluate what users typed;
 * our steps are delegates (Java reviewed with the code) and plain ${...} conditions on variables.
 */
public class NoScriptsInModels extends AbstractBpmnParseListener {

  @Override
  public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
    refuseScripts(processElement, processDefinition.getKey());
  }

  private static void refuseScripts(Element element, String processKey) {
    String where = "流程 " + processKey + " 的元素 " + (element.attribute("id") != null ? element.attribute("id") : element.getTagName());
    if ("scriptTask".equals(element.getTagName())) {
      throw new BpmnParseException(where + " 是脚本任务：本系统不允许模型中含有脚本，请改用服务任务（delegateExpression）。", element);
    }
    if ("script".equals(element.getTagName()) && element.getUri() != null && element.getUri().contains("camunda")) {
      throw new BpmnParseException(where + " 含有脚本（监听器或输入输出）：本系统不允许模型中含有脚本。", element);
    }
    if (("conditionExpression".equals(element.getTagName()) || "condition".equals(element.getTagName()))
        && element.attribute("language") != null) {
      throw new BpmnParseException(where + " 的条件使用脚本语言 " + element.attribute("language")
          + "：请改用 ${...} 表达式。", element);
    }
    for (Element child : element.elements()) {
      refuseScripts(child, processKey);
    }
  }
}
