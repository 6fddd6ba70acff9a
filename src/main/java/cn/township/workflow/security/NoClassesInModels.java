package cn.township.workflow.security;

import cn.township.workflow.system.RefusedModelException;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;

/**
 * Refuses, before the engine parses it (a pre-deployer), a BPMN model that would make the engine load a Java class or
 * run a command by name — the engine creates form handlers while it parses, before any parse listener
 * ({@link NoCodeInModels}) could look, and loading a class runs its static initializer and constructor whatever it then
 * fails to be:
 * <ul>
 *   <li>a class outside {@code cn.township.workflow} in {@code class} or any {@code …Class} attribute of the Camunda
 *   extensions, in the Camunda or the old Activiti namespace (both are read by the engine), also unprefixed on an
 *   extension element ({@code <camunda:taskListener class="…">}): delegates, listeners, variable mappings, form
 *   handlers;</li>
 *   <li>a form field validator named by class ({@code <camunda:constraint name="validator" config="…">}) outside our
 *   packages (an expression there is checked by {@link NoCodeInModels});</li>
 *   <li>a service task of any {@code camunda:type} but {@code external}: {@code shell} runs an operating system
 *   command;</li>
 *   <li>a model this check cannot read (an encoding the JDK's streaming parser does not know): refused rather than
 *   passed unread; a DOCTYPE declaration (400 instead of the engine's 500);</li>
 *   <li>a generated form ({@code camunda:formData}, {@code formField}, {@code formProperty}: the engine writes its
 *   labels into the page unescaped);</li>
 *   <li>a {@code camunda:formKey} (an embedded HTML form runs its scripts in the browser of whoever opens the task;
 *   our forms are Camunda Forms by {@code camunda:formRef}), and any resource that is not a model, decision table or
 *   Camunda Form (the REST API serves a deployed HTML page back as a page);</li>
 *   <li>a Camunda Form ({@code .form}) outside what our forms use ({@link CamundaForms});</li>
 *   <li>any case model (CMMN): none of our procedures is one, the engine checks no authorizations on cases, and a
 *   case model's expressions would run unchecked. (CMMN stays enabled in the engine so that its tables exist for the
 *   webapps and any engine sharing the database.)</li>
 * </ul>
 * Every resource the engine's BPMN deployer takes (a name ending in {@code bpmn} or {@code bpmn20.xml}) is read.
 */
public class NoClassesInModels implements Deployer {

  /** What an analyst may deploy: process models, decision tables, Camunda Forms. */
  static final java.util.List<String> RESOURCE_SUFFIXES = java.util.List.of(".bpmn", ".bpmn20.xml", ".dmn",
      ".dmn11.xml", ".form");
  /** Generated forms (camunda:formData, its fields, the older form properties). */
  static final Set<String> GENERATED_FORMS = Set.of("formData", "formField", "formProperty");
  /** The namespaces the engine reads its extension attributes in. */
  static final Set<String> EXTENSIONS = Set.of(NoCodeInModels.CAMUNDA_NS, "http://activiti.org/bpmn");

  private final String ourPackage;

  public NoClassesInModels(String ourPackage) {
    this.ourPackage = ourPackage;
  }

  @Override
  public void deploy(DeploymentEntity deployment) {
    if (!deployment.isNew() || deployment.getResources() == null) {
      // a deployment already stored (read again into the cache after a restart) was checked when it came: refusing it
      // now would stop the cases that run on it
      return;
    }
    for (ResourceEntity resource : deployment.getResources().values()) {
      String name = resource.getName();
      if (name != null && (name.endsWith("cmmn") || name.endsWith("cmmn10.xml") || name.endsWith("cmmn11.xml"))) {
        // the engine's CMMN deployer takes these: it checks no authorizations on cases, and nothing here reads CMMN
        throw new RefusedModelException("模型 " + name + " 是案例模型（CMMN）：本系统的办理程序只用流程模型（BPMN），不接受案例模型。");
      }
      if (name == null || RESOURCE_SUFFIXES.stream().noneMatch(name::endsWith)) {
        // an HTML page or script would be served back by the REST API and run in a clerk's browser (embedded forms)
        throw new RefusedModelException("部署中的文件“" + name + "”不是流程模型（.bpmn）、决策表（.dmn）或表单（.form）："
            + "本系统只接受这三种文件。");
      }
      if (name != null && (name.endsWith("bpmn") || name.endsWith("bpmn20.xml")) && resource.getBytes() != null) {
        check(name, resource.getBytes());
      }
      if (name.endsWith(".form")) {
        CamundaForms.check(name, resource.getBytes());
      }
    }
  }

  private void check(String resource, byte[] xml) {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try {
      XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      try {
        // the nearest BPMN element with an id (Task_Review…), named in the message so that the analyst finds the place
        Deque<String> owners = new ArrayDeque<>();
        while (reader.hasNext()) {
          int event = reader.next();
          if (event == XMLStreamConstants.START_ELEMENT) {
            String id = reader.getAttributeValue(null, "id");
            owners.push(id != null && !isExtension(reader.getNamespaceURI()) ? id
                : owners.isEmpty() ? reader.getLocalName() : owners.peek());
            checkElement(resource, owners.peek(), reader);
          } else if (event == XMLStreamConstants.END_ELEMENT) {
            owners.pop();
          } else if (event == XMLStreamConstants.DTD) {
            // the engine's parser refuses a DOCTYPE too, but as a server error (500); this says it
            throw new RefusedModelException("模型 " + resource + " 含有 DOCTYPE 声明，未予部署：Camunda Modeler 保存的模型没有"
                + "这一声明，请删除后重新部署。");
          }
        }
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      throw new RefusedModelException("模型 " + resource + " 无法读取，未予部署：请在 Camunda Modeler 中以 UTF-8 编码保存后重新部署（"
          + e.getMessage() + "）。");
    }
  }

  private void checkElement(String resource, String owner, XMLStreamReader element) {
    boolean extensionElement = isExtension(element.getNamespaceURI());
    for (int i = 0; i < element.getAttributeCount(); i++) {
      String namespace = element.getAttributeNamespace(i);
      boolean extension = isExtension(namespace)
          || (extensionElement && (namespace == null || namespace.isEmpty()));
      if (!extension) {
        continue;
      }
      String local = element.getAttributeLocalName(i);
      String value = element.getAttributeValue(i).strip();
      if ((local.equals("class") || local.endsWith("Class")) && !ours(value)) {
        throw refused(resource, owner, element, local, "引用了本系统以外的 Java 类“" + value + "”：请改用本系统的办理步骤（delegateExpression）。");
      }
      if (local.equals("formKey") && !extensionElement) {
        // embedded:deployment:x.html runs the deployed page's scripts in the Tasklist of whoever opens the task
        throw refused(resource, owner, element, local, "使用了“" + value + "”：本系统的任务表单只用 Camunda 表单"
            + "（camunda:formRef 指向 forms/ 中的 .form 文件）。");
      }
      if (local.equals("type") && !extensionElement && !value.equals("external")) {
        throw refused(resource, owner, element, local, "是“" + value + "”类型的任务：本系统只允许外部任务（external），"
            + "不允许在服务器上运行命令或发送邮件的任务类型。");
      }
    }
    if (extensionElement && GENERATED_FORMS.contains(element.getLocalName())) {
      // the engine renders a generated form's labels as HTML, unescaped, and Tasklist runs its scripts
      throw refused(resource, owner, element, element.getLocalName(), "是生成式表单：其标签以 HTML 原样显示在办理人的"
          + "任务清单中。本系统的任务表单只用 Camunda 表单（camunda:formRef 指向 forms/ 中的 .form 文件）。");
    }
    if (extensionElement && "constraint".equals(element.getLocalName())
        && "validator".equals(element.getAttributeValue(null, "name"))) {
      String config = element.getAttributeValue(null, "config");
      if (config != null && !config.strip().startsWith("${") && !config.strip().startsWith("#{") && !ours(config.strip())) {
        throw refused(resource, owner, element, "config", "以本系统以外的 Java 类“" + config.strip() + "”作校验器：请改用表达式。");
      }
    }
  }

  /** Whether the engine reads its extension attributes and elements in this namespace. */
  static boolean isExtension(String namespace) {
    return namespace != null && EXTENSIONS.contains(namespace);
  }

  private boolean ours(String className) {
    return className.startsWith(ourPackage + ".");
  }

  private static RefusedModelException refused(String resource, String owner, XMLStreamReader element,
                                               String attribute, String reason) {
    return new RefusedModelException("模型 " + resource + " 的元素 " + owner + "（" + element.getLocalName() + " 的 "
        + attribute + "）" + reason);
  }
}
