package cn.township.workflow.security;

import cn.township.workflow.system.RefusedModelException;
import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;

/**
 * Refuses a BPMN model naming a Java class outside our own packages in any Camunda attribute the engine instantiates
 * by name: {@code camunda:class} (delegates, listeners), {@code variableMappingClass} (call activities),
 * {@code formHandlerClass} (start events, user tasks) and any later {@code …Class}. Runs before the engine parses the
 * model (a pre-deployer), because the engine creates a form handler while it parses, before any parse listener
 * ({@link NoCodeInModels}) could look: loading a class by name runs its static initializer and constructor, whatever it
 * then fails to be.
 */
public class NoClassesInModels implements Deployer {

  private final String ourPackage;

  public NoClassesInModels(String ourPackage) {
    this.ourPackage = ourPackage;
  }

  @Override
  public void deploy(DeploymentEntity deployment) {
    if (deployment.getResources() == null) {
      return;
    }
    for (ResourceEntity resource : deployment.getResources().values()) {
      String name = resource.getName();
      if (name != null && (name.endsWith(".bpmn") || name.endsWith(".bpmn20.xml")) && resource.getBytes() != null) {
        check(name, resource.getBytes());
      }
    }
  }

  private void check(String resource, byte[] xml) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try {
      XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      try {
        while (reader.hasNext()) {
          if (reader.next() == XMLStreamConstants.START_ELEMENT) {
            checkAttributes(resource, reader);
          }
        }
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      return; // not well-formed: the engine's parser refuses it with its own message
    }
  }

  private void checkAttributes(String resource, XMLStreamReader element) {
    for (int i = 0; i < element.getAttributeCount(); i++) {
      String local = element.getAttributeLocalName(i);
      if (NoCodeInModels.CAMUNDA_NS.equals(element.getAttributeNamespace(i))
          && (local.equals("class") || local.endsWith("Class"))
          && !element.getAttributeValue(i).strip().startsWith(ourPackage + ".")) {
        String id = element.getAttributeValue(null, "id");
        throw new RefusedModelException("模型 " + resource + " 的" + (id != null ? "元素 " + id : " " + element.getLocalName())
            + " 在 camunda:" + local + " 中引用了本系统以外的 Java 类“" + element.getAttributeValue(i).strip()
            + "”：请改用本系统的办理步骤（delegateExpression）。");
      }
    }
  }
}
