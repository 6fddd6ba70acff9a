package cn.township.workflow.system;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * What a user task's conclusion listener reads when the task is completed, as the model declares it on the user
 * task (extension properties, "Properties" in the Modeler):
 * <ul>
 *   <li>{@value #FIELDS}: fields of the task's form (FormFieldsTest checks each is a field of that form);</li>
 *   <li>{@value #CONTEXT}: case variables set before the task (none of them a field of its form);</li>
 *   <li>{@value #SETS}: variables the listener sets besides those fields (for the gateways after the task).</li>
 * </ul>
 * Comma-separated names. The listener reads and writes the task through {@link #guarded}, which refuses any other
 * name, so the declaration FormFieldsTest checks is the one the listener keeps (a task of a model version deployed
 * before these declarations, still running after an upgrade, is read as it is). A service task whose delegate sets a
 * variable a later gateway decides on declares it the same way ({@value #SERVICE_SETS}).
 */
public final class ConclusionFields {

  public static final String FIELDS = "conclusionFields";
  public static final String CONTEXT = "conclusionContext";
  public static final String SETS = "conclusionSets";
  public static final String SERVICE_SETS = "sets";
  private static final Set<String> READS = Set.of("getVariable", "getVariableTyped", "getVariableLocal",
      "getVariableLocalTyped", "hasVariable", "hasVariableLocal");
  private static final Set<String> WRITES = Set.of("setVariable", "setVariableLocal");

  private ConclusionFields() {}

  /** Whether the element declares what its conclusion listener reads ({@value #FIELDS}, even if empty). */
  public static boolean declares(BaseElement element) {
    ExtensionElements extensions = element == null ? null : element.getExtensionElements();
    return extensions != null && extensions.getChildElementsByType(CamundaProperties.class).stream()
        .flatMap(p -> p.getCamundaProperties().stream()).anyMatch(p -> FIELDS.equals(p.getCamundaName()));
  }

  /** The names declared in {@code property} ({@link #FIELDS} or {@link #CONTEXT}) on a model element. */
  public static Set<String> declared(BaseElement element, String property) {
    Set<String> names = new LinkedHashSet<>();
    ExtensionElements extensions = element == null ? null : element.getExtensionElements();
    if (extensions == null) {
      return names;
    }
    for (CamundaProperties properties : extensions.getChildElementsByType(CamundaProperties.class)) {
      for (CamundaProperty declared : properties.getCamundaProperties()) {
        if (property.equals(declared.getCamundaName()) && declared.getCamundaValue() != null) {
          Arrays.stream(declared.getCamundaValue().split(",")).map(String::strip).filter(n -> !n.isEmpty())
              .forEach(names::add);
        }
      }
    }
    return names;
  }

  /**
   * The completed task as its listener may read it: variables the model declares ({@link #FIELDS} and
   * {@link #CONTEXT}), nothing else. At other events the task itself.
   */
  public static DelegateTask guarded(DelegateTask task) {
    if (!TaskListener.EVENTNAME_COMPLETE.equals(task.getEventName())) {
      return task;
    }
    BaseElement element = task.getBpmnModelElementInstance();
    if (!declares(element)) {
      return task; // a case still running on a model version deployed before the declarations (UpgradeTest)
    }
    Set<String> fields = declared(element, FIELDS);
    Set<String> reads = new LinkedHashSet<>(fields);
    reads.addAll(declared(element, CONTEXT));
    Set<String> writes = new LinkedHashSet<>(fields);
    writes.addAll(declared(element, SETS));
    return (DelegateTask) Proxy.newProxyInstance(DelegateTask.class.getClassLoader(),
        new Class<?>[] {DelegateTask.class}, (proxy, method, args) -> {
          if (args != null && args.length > 0 && args[0] instanceof String name) {
            if (READS.contains(method.getName()) && !reads.contains(name)) {
              throw undeclared(task, "reads", name, FIELDS + " (a field of its form) or " + CONTEXT
                  + " (a variable set before the task)");
            }
            if (WRITES.contains(method.getName()) && !writes.contains(name)) {
              throw undeclared(task, "sets", name, FIELDS + " (a field of its form) or " + SETS);
            }
          }
          try {
            return method.invoke(task, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static IllegalStateException undeclared(DelegateTask task, String verb, String name, String where) {
    return new IllegalStateException("The conclusion listener of " + task.getTaskDefinitionKey() + " " + verb + " \""
        + name + "\", which the model does not declare: add it to the user task's extension property " + where);
  }
}
