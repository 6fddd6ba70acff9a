package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.junit.jupiter.api.Test;

/**
 * Forms and models agree: every form parses with unique, labelled fields; every field a task's conclusion listener
 * reads, as the model declares it on the user task (ConclusionFields, which the listener is held to), is a field of
 * that task's form; every variable a gateway after a user task decides on comes from a form, a decision table, a
 * caller's mapping or a variable the model declares as set before the task. No Java source is read.
 */
class FormFieldsTest {

  static final Path PROCESSES = Path.of("processes");
  static final Path FORMS = Path.of("forms");
  static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.'\"])([a-zA-Z_]\\w*)(?![\\w(])");
  static final Set<String> EL_WORDS = Set.of("true", "false", "null", "empty", "not", "and", "or", "eq", "ne", "lt",
      "gt", "le", "ge", "div", "mod", "instanceof");

  final ObjectMapper json = new ObjectMapper();

  static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** Field keys per form id; fails on a form that does not parse, a duplicate key or a field without label. */
  Map<String, Set<String>> formFields() throws IOException {
    Map<String, Set<String>> fields = new HashMap<>();
    for (Path form : files(FORMS, ".form")) {
      JsonNode schema;
      try {
        schema = json.readTree(form.toFile());
      } catch (IOException e) {
        throw new AssertionError(form + " is not a valid form (JSON): " + e.getMessage(), e);
      }
      assertThat(schema.path("schemaVersion").asInt()).as("%s schemaVersion", form).isGreaterThanOrEqualTo(16);
      Set<String> keys = new LinkedHashSet<>();
      collectKeys(form, schema.path("components"), keys);
      fields.put(schema.path("id").asText(), keys);
    }
    return fields;
  }

  private static void collectKeys(Path form, JsonNode components, Set<String> keys) {
    for (JsonNode component : components) {
      if (component.hasNonNull("key")) {
        String key = component.get("key").asText();
        assertThat(keys.add(key)).as("%s: field key %s appears twice", form, key).isTrue();
        assertThat(component.path("label").asText()).as("%s: field %s has no label", form, key).isNotBlank();
      }
      collectKeys(form, component.path("components"), keys); // groups
    }
  }

  /**
   * DMN outputs, the fields of every form (start forms and earlier tasks' forms), what a calling process passes into
   * a called one or takes back from it, and what the model declares as set (ConclusionFields: CONTEXT and SETS on
   * user tasks, SERVICE_SETS on service tasks).
   */
  Set<String> producedElsewhere(Map<String, Set<String>> forms) throws IOException {
    Set<String> produced = new HashSet<>();
    for (Path dmn : files(PROCESSES, ".dmn")) {
      Matcher output = Pattern.compile("<output [^>]*name=\"(\\w+)\"").matcher(Files.readString(dmn));
      while (output.find()) {
        produced.add(output.group(1));
      }
      // penalty-procedure.dmn names requirements (\"hearingRight\"), which AssessProcedure sets as flags
      Matcher named = Pattern.compile("<outputEntry [^>]*><text>\"([a-z]\\w+)\"</text>").matcher(Files.readString(dmn));
      while (named.find()) {
        produced.add(named.group(1));
      }
    }
    forms.values().forEach(produced::addAll); // start forms and earlier tasks' forms
    for (Path bpmn : files(PROCESSES, ".bpmn")) { // camunda:in/out targets; context declared on tasks
      Matcher passed = Pattern.compile("<camunda:(?:in|out) [^>]*target=\"(\\w+)\"").matcher(Files.readString(bpmn));
      while (passed.find()) {
        produced.add(passed.group(1));
      }
      BpmnModelInstance model = Bpmn.readModelFromFile(bpmn.toFile());
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        produced.addAll(ConclusionFields.declared(task, ConclusionFields.CONTEXT));
        produced.addAll(ConclusionFields.declared(task, ConclusionFields.SETS));
      }
      for (org.camunda.bpm.model.bpmn.instance.ServiceTask task
          : model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.ServiceTask.class)) {
        produced.addAll(ConclusionFields.declared(task, ConclusionFields.SERVICE_SETS));
      }
    }
    return produced;
  }

  static Set<String> identifiers(String expression) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = Pattern.compile("\\$\\{(.*?)}").matcher(expression);
    while (m.find()) {
      Matcher id = IDENTIFIER.matcher(m.group(1).replaceAll("'[^']*'", "''"));
      while (id.find()) {
        if (!EL_WORDS.contains(id.group(1))) {
          names.add(id.group(1));
        }
      }
    }
    return names;
  }

  /** The conditions on the flows leaving a task, through any gateways that directly follow it. */
  static List<ConditionExpression> conditionsAfter(FlowNode task) {
    List<ConditionExpression> conditions = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<SequenceFlow> todo = new ArrayList<>(task.getOutgoing());
    while (!todo.isEmpty()) {
      SequenceFlow flow = todo.remove(0);
      if (!seen.add(flow.getId())) {
        continue;
      }
      if (flow.getConditionExpression() != null) {
        conditions.add(flow.getConditionExpression());
      }
      if (flow.getTarget() instanceof Gateway gateway) {
        todo.addAll(gateway.getOutgoing());
      }
    }
    return conditions;
  }

  /** The user tasks whose completion a listener checks (a task listener on "complete"). */
  static boolean hasConclusionListener(UserTask task) {
    return task.getExtensionElements() != null && task.getExtensionElements()
        .getChildElementsByType(CamundaTaskListener.class).stream()
        .anyMatch(l -> "complete".equals(l.getCamundaEvent()) && l.getCamundaDelegateExpression() != null);
  }

  @Test
  void everyFieldAListenerReadsIsInTheFormOfItsTask() throws IOException {
    Map<String, Set<String>> forms = formFields();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path file : files(PROCESSES, ".bpmn")) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        if (!hasConclusionListener(task)) {
          continue;
        }
        problems.addAll(declarationProblems(file + ": " + task.getId(), task,
            forms.getOrDefault(task.getCamundaFormRef(), Set.of()), task.getCamundaFormRef()));
        checked++;
      }
    }
    assertThat(checked).as("user tasks with a conclusion listener").isGreaterThanOrEqualTo(50);
    assertThat(problems).isEmpty();
  }

  /**
   * What is wrong with a task's declaration (ConclusionFields): none, a field that is not in its form, or a
   * "context" variable that is a field of its form after all.
   */
  static List<String> declarationProblems(String where, UserTask task, Set<String> fields, String formRef) {
    List<String> problems = new ArrayList<>();
    if (!ConclusionFields.declares(task)) {
      problems.add(where + " has a conclusion listener but declares no " + ConclusionFields.FIELDS);
    }
    for (String key : ConclusionFields.declared(task, ConclusionFields.FIELDS)) {
      if (!fields.contains(key)) {
        problems.add(where + " — its listener reads \"" + key + "\" but form " + formRef
            + " has no field with that key: add it to forms/" + formRef + ".form");
      }
    }
    for (String name : ConclusionFields.declared(task, ConclusionFields.CONTEXT)) {
      if (fields.contains(name)) {
        problems.add(where + " — \"" + name + "\" is a field of form " + formRef + ": declare it in "
            + ConclusionFields.FIELDS);
      }
    }
    return problems;
  }

  @Test
  void everyVariableAGatewayDecidesOnAfterATaskIsProduced() throws IOException {
    Map<String, Set<String>> forms = formFields();
    Set<String> produced = producedElsewhere(forms);
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path file : files(PROCESSES, ".bpmn")) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        Set<String> fields = forms.getOrDefault(task.getCamundaFormRef(), Set.of());
        for (ConditionExpression condition : conditionsAfter(task)) {
          for (String name : identifiers(condition.getTextContent())) {
            checked++;
            if (!fields.contains(name) && !produced.contains(name)) {
              problems.add(file + ": the condition " + condition.getTextContent() + " after " + task.getId()
                  + " reads \"" + name + "\", which neither form " + task.getCamundaFormRef()
                  + " nor any delegate, listener or decision table sets");
            }
          }
        }
      }
    }
    assertThat(checked).as("variables read by conditions after user tasks").isGreaterThan(20);
    assertThat(problems).isEmpty();
  }

  @Test
  void theCheckCanFail() {
    UserTask task = Bpmn.readModelFromStream(new java.io.ByteArrayInputStream("""
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            targetNamespace="t"><process id="example" isExecutable="true">
          <userTask id="Task_Example" camunda:formRef="review"><extensionElements><camunda:properties>
            <camunda:property name="conclusionFields" value="reviewOpinion, urgent" />
            <camunda:property name="conclusionContext" value="receiptNo,reviewResult" />
          </camunda:properties></extensionElements></userTask></process></definitions>
        """.getBytes(java.nio.charset.StandardCharsets.UTF_8))).getModelElementById("Task_Example");
    assertThat(declarationProblems("example", task, Set.of("reviewOpinion", "reviewResult"), "review"))
        .containsExactly("example — its listener reads \"urgent\" but form review has no field with that key: add it "
            + "to forms/review.form", "example — \"reviewResult\" is a field of form review: declare it in "
            + ConclusionFields.FIELDS);
    UserTask undeclared = Bpmn.createExecutableProcess("example").startEvent().userTask("Task_Undeclared")
        .camundaFormRef("review").camundaTaskListenerDelegateExpression("complete", "${checkReviewConclusion}")
        .endEvent().done().getModelElementById("Task_Undeclared");
    assertThat(hasConclusionListener(undeclared)).isTrue();
    assertThat(declarationProblems("example", undeclared, Set.of("reviewOpinion"), "review"))
        .containsExactly("example has a conclusion listener but declares no " + ConclusionFields.FIELDS);
    assertThat(identifiers("${reviewResult == 'approve' && !signOff.required && late(x)}"))
        .containsExactly("reviewResult", "signOff", "x");
  }
}
