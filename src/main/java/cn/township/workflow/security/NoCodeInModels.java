package cn.township.workflow.security;

import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.BpmnParseException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Refuses, when it is deployed (from Modeler, REST or at start), a model that could make the server run code:
 * a script task, a script listener or input/output, a condition in a script language, or an expression outside
 * {@link ModelExpressions} — wherever it stands (delegate and service task expressions, conditions, listeners,
 * timers, input/output mappings, call activity mappings, form field defaults, message names…). A Java class outside
 * our own packages is refused before parsing ({@link NoClassesInModels}). Every attribute and every text of the model
 * is read, so a new place for an expression is covered too. The message names the element and the reason in Chinese; the engine adds the file.
 */
public class NoCodeInModels extends AbstractBpmnParseListener {

  static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
  static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  /**
   * Texts the engine never evaluates: BPMN's annotation texts, outside extension elements. Not documentation: a user
   * task's documentation is its description, an expression evaluated whenever the task is created.
   */
  private static final Set<String> NOT_EVALUATED = Set.of("text");

  private final ModelExpressions expressions;

  public NoCodeInModels(ModelExpressions expressions) {
    this.expressions = expressions;
  }

  @Override
  public void parseRootElement(Element rootElement, List<ProcessDefinitionEntity> processDefinitions) {
    refuseCode(rootElement, "模型", false);
  }

  /**
   * {@code owner} is the nearest BPMN element with an id (Task_Review, Flow_Accepted…), named in every message so that
   * the analyst finds the place in Modeler. Below an extension element ({@code insideExtension}) the engine takes the
   * text of a child element of any name and namespace as an expression, so there every text is checked. The diagram
   * (shapes and edges) is read like the rest: nothing in it is an expression.
   */
  private void refuseCode(Element element, String owner, boolean insideExtension) {
    String id = element.attribute("id");
    boolean bpmnElement = id != null && !CAMUNDA_NS.equals(element.getUri());
    String where = bpmnElement ? "元素 " + id : owner + " 的 " + element.getTagName() + (id != null ? " " + id : "");
    if ("scriptTask".equals(element.getTagName())) {
      throw new BpmnParseException(where + " 是脚本任务：本系统不允许模型中含有脚本，请改用服务任务（delegateExpression）。", element);
    }
    if ("script".equals(element.getTagName())
        || element.attributes().stream().anyMatch(name -> name.endsWith("scriptFormat"))) {
      // in any namespace: the engine finds an input/output's script by the element's name alone
      throw new BpmnParseException(where + " 含有脚本（监听器或输入输出）：本系统不允许模型中含有脚本。", element);
    }
    if (("conditionExpression".equals(element.getTagName()) || "condition".equals(element.getTagName()))
        && element.attribute("language") != null) {
      throw new BpmnParseException(where + " 的条件使用脚本语言 " + element.attribute("language")
          + "：请改用 ${...} 表达式。", element);
    }
    for (String attribute : element.attributes()) {
      String value = element.attribute(attribute);
      String named = where + " 的属性 " + attribute.substring(attribute.lastIndexOf(':') + 1);
      refuseTemplate(value, named, element);
      check(value, named, element);
    }
    refuseTemplate(element.getText(), where, element);
    if (insideExtension || !BPMN_NS.equals(element.getUri()) || !NOT_EVALUATED.contains(element.getTagName())) {
      check(element.getText(), where, element);
    }
    boolean extension = insideExtension || "extensionElements".equals(element.getTagName())
        || NoClassesInModels.isExtension(element.getUri());
    for (Element child : element.elements()) {
      refuseCode(child, bpmnElement ? "元素 " + id : owner, extension);
    }
  }

  /**
   * Cockpit's variable table writes the name of the process and of each step into its page as an AngularJS template
   * (escaped as HTML, then compiled): {@code {{constructor.constructor('…')()}}} in a name ran in the page of every
   * supervisor and administrator who opened the case's variables. No text of a model needs the template marker.
   */
  private static void refuseTemplate(String text, String where, Element element) {
    if (text != null && text.contains("{{")) {
      throw new BpmnParseException(where + " 含有“{{”：Cockpit 会把流程和环节的名称当作网页模板执行，"
          + "模型的名称和文字中不能使用“{{”。", element);
    }
  }

  private void check(String text, String where, Element element) {
    try {
      expressions.check(text);
    } catch (Expressions.Unsafe unsafe) {
      throw new BpmnParseException(where + " 的表达式“" + QueryExpressions.abbreviate(text.strip())
          + "”不被允许：" + unsafe.getMessage() + "。模型只能引用本系统的办理步骤、调用登记的函数（如 deadlines），"
          + "并对案件变量作比较和计算。", element);
    }
  }
}
