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
 * Forms and models agree: every form parses with unique, labelled fields; every field a task's
 * conclusion listener reads is a field of that task's form; every variable a gateway after a user
 * task decides on comes from that task's form or its listener, or is written by our code.
 */
class FormFieldsTest {

  static final Path PROCESSES = Path.of("processes");
  static final Path FORMS = Path.of("forms");
  static final Path CODE = Path.of("src/main/java");
  static final Pattern READ = Pattern.compile("\\((?:task|execution), \"(\\w+)\"");
  static final Pattern NORMALIZED = Pattern.compile("normalizeFlags\\(task((?:, \"\\w+\")+)\\)");
  static final Pattern WRITTEN = Pattern.compile("setVariable(?:Local)?\\(\"(\\w+)\"|setList\\(\\w+, \"(\\w+)\"|setOptions\\(\\w+, \"(\\w+)\"");
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

  /** The source of the listener class a delegate expression such as ${checkReviewConclusion} names. */
  static String sourceOf(String bean) throws IOException {
    String className = Character.toUpperCase(bean.charAt(0)) + bean.substring(1) + ".java";
    Path file = files(CODE, className).stream().findFirst()
        .orElseThrow(() -> new AssertionError("no class " + className + " for bean " + bean));
    return Files.readString(file);
  }

  /** The fields a conclusion listener reads when the task with this key is completed. */
  static Set<String> readsFor(String source, String taskKey) {
    int start = source.indexOf("case \"" + taskKey + "\"");
    if (start < 0 && source.contains("case \"Task_")) {
      return null; // a listener for several tasks without a branch for this one
    }
    if (start < 0) {
      start = 0; // a listener of one task reads what its whole class reads
    }
    int next = source.indexOf("case \"Task_", start + 1);
    int defaultBranch = source.indexOf("default ->", start);
    int end = Stream.of(next, defaultBranch).filter(i -> i > 0).min(Integer::compare).orElse(source.length());
    String branch = source.substring(start, end);
    Matcher helper = Pattern.compile("(\\w+)\\(task\\);").matcher(branch);
    while (helper.find()) { // a private helper such as checkInvestigation(task)
      int body = source.indexOf(" void " + helper.group(1) + "(");
      if (body > 0) {
        int bodyEnd = source.indexOf("\n  }", body);
        branch += source.substring(body, bodyEnd < 0 ? source.length() : bodyEnd);
      }
    }
    Set<String> reads = new LinkedHashSet<>();
    Matcher read = READ.matcher(branch);
    while (read.find()) {
      reads.add(read.group(1));
    }
    Matcher normalized = NORMALIZED.matcher(branch);
    while (normalized.find()) {
      Matcher key = Pattern.compile("\"(\\w+)\"").matcher(normalized.group(1));
      while (key.find()) {
        reads.add(key.group(1));
      }
    }
    return reads;
  }

  static Set<String> written(String source) {
    Set<String> names = new HashSet<>();
    Matcher m = WRITTEN.matcher(source);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          names.add(m.group(g));
        }
      }
    }
    return names;
  }

  /**
   * Every variable written by our code, DMN outputs, the start variables of the APIs and start forms, and what a
   * calling process passes into a called one.
   */
  Set<String> producedElsewhere(Map<String, Set<String>> forms) throws IOException {
    Set<String> produced = new HashSet<>();
    for (Path file : files(CODE, ".java")) {
      produced.addAll(written(Files.readString(file)));
    }
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
    for (Path bpmn : files(PROCESSES, ".bpmn")) { // what a caller passes into a called process (camunda:in target)
      Matcher passed = Pattern.compile("<camunda:in [^>]*target=\"(\\w+)\"").matcher(Files.readString(bpmn));
      while (passed.find()) {
        produced.add(passed.group(1));
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

  @Test
  void everyFieldAListenerReadsIsInTheFormOfItsTask() throws IOException {
    Map<String, Set<String>> forms = formFields();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path file : files(PROCESSES, ".bpmn")) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        Set<String> fields = forms.getOrDefault(task.getCamundaFormRef(), Set.of());
        for (CamundaTaskListener listener : model.getModelElementsByType(CamundaTaskListener.class)) {
          if (listener.getParentElement().getParentElement() != task || listener.getCamundaDelegateExpression() == null) {
            continue;
          }
          String bean = listener.getCamundaDelegateExpression().replaceAll("[${}]", "");
          Set<String> reads = readsFor(sourceOf(bean), task.getId());
          if (reads == null) {
            problems.add(file + ": " + task.getId() + " has listener " + bean + " but it has no branch for this task");
            continue;
          }
          checked++;
          for (String key : reads) {
            if (!fields.contains(key)) {
              problems.add(file + ": " + task.getId() + " — " + bean + " reads \"" + key + "\" but form "
                  + task.getCamundaFormRef() + " has no field with that key: add it to forms/"
                  + task.getCamundaFormRef() + ".form");
            }
          }
        }
      }
    }
    assertThat(checked).as("user tasks with a conclusion listener").isGreaterThanOrEqualTo(20);
    assertThat(problems).isEmpty();
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
    String listener = """
        case "Task_Example" -> {
          CaseVariables.text(task, "reviewOpinion", "意见");
          check(task);
        }
        default -> throw new IllegalStateException();
      }
      private static void check(DelegateTask task) {
        CaseVariables.normalizeFlags(task, "urgent", "complex");
      }
        """;
    assertThat(readsFor(listener, "Task_Example")).containsExactly("reviewOpinion", "urgent", "complex");
    assertThat(identifiers("${reviewResult == 'approve' && !signOff.required && late(x)}"))
        .containsExactly("reviewResult", "signOff", "x");
  }
}
