package cn.township.workflow.security;

import java.util.Locale;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRequirementsGraph;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableInputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableOutputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.camunda.bpm.dmn.engine.impl.spi.transform.DmnTransformListener;
import cn.township.workflow.system.RefusedModelException;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.Definitions;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.camunda.bpm.model.xml.instance.DomElement;

/**
 * Decision tables are FEEL only. FEEL cannot reach Java (Camunda runs it with external functions switched off);
 * JUEL and script languages (JavaScript, Groovy…) could, so a table that names any other expression language, on
 * the table or on any cell, is refused when it is deployed.
 */
public class NoCodeInDecisions implements DmnTransformListener {

  @Override
  public void transformDecisionRequirementsGraph(Definitions definitions, DmnDecisionRequirementsGraph graph) {
    refuseOtherLanguages(definitions.getDomElement(), definitions.getName());
  }

  @Override
  public void transformDecision(Decision decision, DmnDecision dmnDecision) {
    refuseOtherLanguages(decision.getDomElement(), decision.getName());
  }

  private static void refuseOtherLanguages(DomElement element, String where) {
    String language = element.getAttribute("expressionLanguage");
    if (language != null && !language.isBlank() && !language.toLowerCase(Locale.ROOT).contains("feel")) {
      String id = element.getAttribute("id");
      throw new RefusedModelException("决策表“" + where + "”" + (id != null ? "的 " + id : "") + " 使用表达式语言 "
          + language + "：本系统的决策表只允许 FEEL 表达式（不能执行 Java 或脚本）。");
    }
    for (DomElement child : element.getChildElements()) {
      refuseOtherLanguages(child, where);
    }
  }

  @Override
  public void transformDecisionTableInput(Input input, DmnDecisionTableInputImpl dmnInput) {
  }

  @Override
  public void transformDecisionTableOutput(Output output, DmnDecisionTableOutputImpl dmnOutput) {
  }

  @Override
  public void transformDecisionTableRule(Rule rule, DmnDecisionTableRuleImpl dmnRule) {
  }
}
