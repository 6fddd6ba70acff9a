package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ScriptTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the analysts' files must satisfy beyond parsing: forms that exist, ids that mean something, one catalog. */
class ModelConsistencyTest {

  static final Path PROCESSES = Path.of("processes");
  static final Path FORMS = Path.of("forms");
  final ObjectMapper json = new ObjectMapper();

  static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }

  @Test
  void everyUserTaskHasAGroupAndAFormThatExists() throws IOException {
    Set<String> formIds = new HashSet<>();
    for (Path form : files(FORMS, ".form")) {
      JsonNode schema = json.readTree(form.toFile());
      assertThat(schema.path("id").asText()).as("form id of %s", form).isEqualTo(form.getFileName().toString()
          .replace(".form", ""));
      assertThat(schema.path("components").isArray()).isTrue();
      formIds.add(schema.path("id").asText());
    }
    List<String> problems = new ArrayList<>();
    for (Path file : files(PROCESSES, ".bpmn")) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (Process process : model.getModelElementsByType(Process.class)) {
        if (process.getCamundaHistoryTimeToLiveString() == null) {
          problems.add(file + ": process " + process.getId() + " has no camunda:historyTimeToLive");
        }
      }
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        boolean candidates = task.getCamundaCandidateGroups() != null
            || (task.getCamundaCandidateUsers() != null && task.getCamundaCandidateUsers().startsWith("${"));
        if (!candidates || task.getCamundaAssignee() != null) {
          problems.add(file + ": " + task.getId() + " needs candidate groups (or users chosen on the case), no fixed assignee");
        }
        if (!formIds.contains(task.getCamundaFormRef())) {
          problems.add(file + ": " + task.getId() + " refers to missing form " + task.getCamundaFormRef());
        }
      }
      for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
        String formRef = start.getCamundaFormRef();
        if (formRef != null && !formIds.contains(formRef)) {
          problems.add(file + ": " + start.getId() + " refers to missing form " + formRef);
        }
      }
      for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
        String id = element.getId();
        if (id != null && id.matches("(Activity|Gateway|Event|Flow|Task|StartEvent|EndEvent)_[0-9a-z]{7}")) {
          problems.add(file + ": generated id " + id);
        }
      }
      for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
        if (!(element instanceof org.camunda.bpm.model.bpmn.instance.SequenceFlow)
            && (element.getName() == null || element.getName().isBlank())) {
          problems.add(file + ": " + element.getId() + " has no Chinese name");
        }
      }
      if (!model.getModelElementsByType(ScriptTask.class).isEmpty()) {
        problems.add(file + ": script tasks are not allowed");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void eachStartFormOffersExactlyTheCatalogsMattersOfItsProcedure() throws IOException {
    DmnModelInstance catalog = Dmn.readModelFromFile(PROCESSES.resolve("matter-catalog.dmn").toFile());
    Map<String, Set<String>> codesByProcedure = new HashMap<>();
    for (Rule rule : catalog.getModelElementsByType(Rule.class)) {
      String code = unquote(rule.getInputEntries().iterator().next().getTextContent());
      String procedure = unquote(new ArrayList<>(rule.getOutputEntries()).get(1).getTextContent());
      codesByProcedure.computeIfAbsent(procedure, p -> new HashSet<>()).add(code);
    }
    Map<String, Set<String>> offeredByProcedure = new HashMap<>();
    for (Path file : files(PROCESSES, ".bpmn")) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
        if (start.getCamundaFormRef() == null) {
          continue;
        }
        Set<String> offered = new HashSet<>();
        for (JsonNode component : json.readTree(FORMS.resolve(start.getCamundaFormRef() + ".form").toFile())
            .path("components")) {
          if ("matterCode".equals(component.path("key").asText())) {
            component.path("values").forEach(v -> offered.add(v.path("value").asText()));
          }
        }
        if (!offered.isEmpty()) { // a window procedure's start form (major decisions have no matter)
          offeredByProcedure.put(((Process) start.getParentElement()).getId(), offered);
        }
      }
    }
    assertThat(offeredByProcedure).as("matters offered at each window start form = matters of that procedure in "
        + "matter-catalog.dmn").containsOnlyKeys("delegated-review", "forward-to-county").isEqualTo(codesByProcedure);
  }

  private static String unquote(String text) {
    return text.strip().replace("\"", "");
  }

  /** Every webapp a clerk, supervisor, analyst or administrator opens: Chinese for every label the webjar ships. */
  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void chineseLocaleCoversEveryLabel(String app) throws IOException {
    String folder = "META-INF/resources/webjars/camunda/app/" + app + "/locales/";
    JsonNode en = readClasspathJson(folder + "en.json", true);
    JsonNode zh = readClasspathJson(folder + "zh.json", false);
    List<String> missing = new ArrayList<>();
    List<String> placeholdersLost = new ArrayList<>();
    en.path("labels").fieldNames().forEachRemaining(key -> {
      if (!zh.path("labels").has(key)) {
        missing.add(key);
      } else if (!placeholders(en.path("labels").path(key).asText())
          .equals(placeholders(zh.path("labels").path(key).asText()))) {
        placeholdersLost.add(key); // {{name}} left out or renamed: the message would show a hole or a raw name
      }
    });
    assertThat(missing).as("labels of the Camunda " + app + " webjar without a Chinese translation").isEmpty();
    assertThat(placeholdersLost).as(app + " translations that lost a {{placeholder}}").isEmpty();
    List<String> dateKeys = new ArrayList<>();
    en.path("dateLocales").fieldNames().forEachRemaining(dateKeys::add);
    for (String key : dateKeys) {
      assertThat(zh.path("dateLocales").has(key)).as(app + " dateLocales." + key).isTrue();
    }
    if (!dateKeys.isEmpty()) { // dates as 2026-12-06 and 2026年12月6日
      assertThat(zh.path("dateLocales").path("longDateFormat").path("L").asText()).isEqualTo("YYYY-MM-DD");
      assertThat(zh.path("dateLocales").path("longDateFormat").path("LL").asText()).isEqualTo("YYYY年M月D日");
    }
    // the end-of-life banner speaks to operators (README), not to the people using the webapps
    assertThat(zh.path("labels").path("BANNER_CE_EOL_TEXT").asText("")).isEmpty();
  }

  @Test
  void chineseLabelsOfTheScreensPeopleSee() throws IOException {
    JsonNode tasklist = readClasspathJson("META-INF/resources/webjars/camunda/app/tasklist/locales/zh.json", false);
    JsonNode cockpit = readClasspathJson("META-INF/resources/webjars/camunda/app/cockpit/locales/zh.json", false);
    assertThat(tasklist.path("labels").path("COMPLETE").asText()).isEqualTo("办结");
    assertThat(cockpit.path("labels").path("COCKPIT_PROCESSES").asText()).isEqualTo("流程");
    assertThat(cockpit.path("labels").path("COCKPIT_HUMAN_TASKS").asText()).isEqualTo("人工任务");
    assertThat(cockpit.path("labels").path("DASHBOARD_RIGHT_NOW").asText()).isEqualTo("当前概况");
  }

  private static List<String> placeholders(String text) {
    List<String> found = new ArrayList<>();
    var matcher = java.util.regex.Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}").matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    java.util.Collections.sort(found);
    return found;
  }

  private JsonNode readClasspathJson(String path, boolean fromWebjar) throws IOException {
    // our zh.json and the webjar's en.json share a folder; pick the right jar or directory
    var resources = getClass().getClassLoader().getResources(path);
    while (resources.hasMoreElements()) {
      var url = resources.nextElement();
      if (url.toString().contains("camunda-webapp-webjar") == fromWebjar) {
        try (InputStream in = url.openStream()) {
          String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", "");
          return json.readTree(text);
        }
      }
    }
    throw new IllegalStateException("not on the classpath: " + path);
  }
}
