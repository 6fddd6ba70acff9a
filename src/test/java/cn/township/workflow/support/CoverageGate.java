package cn.township.workflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;

/**
 * The build's coverage gate, run by Maven after the tests (see pom.xml): merges the reports that
 * camunda-process-test-coverage wrote for every test class and fails the build when a process in
 * {@code processes/} has less than 100 % of its flow nodes or 95 % of its sequence flows covered.
 * Merged over all classes because the shared models (intake, rating, level review) are walked by
 * several procedures' tests.
 */
public final class CoverageGate {

  static final double MINIMUM_NODES = 1.0;
  static final double MINIMUM_FLOWS = 0.95;

  /** One process's coverage: what it has, and what no test walked. */
  record Coverage(String processKey, int nodes, int flows, Set<String> uncoveredNodes, Set<String> uncoveredFlows) {

    double nodeRatio() {
      return nodes == 0 ? 1.0 : (nodes - uncoveredNodes.size()) / (double) nodes;
    }

    double flowRatio() {
      return flows == 0 ? 1.0 : (flows - uncoveredFlows.size()) / (double) flows;
    }

    boolean passes() {
      return nodeRatio() >= MINIMUM_NODES && flowRatio() >= MINIMUM_FLOWS;
    }

    String line() {
      return String.format(Locale.ROOT, "%-22s nodes %3d/%3d (%5.1f %%)  flows %3d/%3d (%5.1f %%)  %s", processKey,
          nodes - uncoveredNodes.size(), nodes, 100 * nodeRatio(), flows - uncoveredFlows.size(), flows,
          100 * flowRatio(), passes() ? "ok" : "BELOW THE GATE");
    }
  }

  private CoverageGate() {}

  /** args: the models folder, the reports folder, and the -Dtest filter Maven was given (skip when set). */
  public static void main(String[] args) throws IOException {
    String testFilter = args.length > 2 ? args[2] : "";
    if (!testFilter.isBlank() && !testFilter.startsWith("${")) {
      System.out.println("[coverage] gate skipped: only the tests matching '" + testFilter + "' ran");
      return;
    }
    List<Coverage> all = check(Path.of(args[0]), Path.of(args[1]));
    all.forEach(c -> System.out.println("[coverage] " + c.line()));
    List<String> failures = new ArrayList<>();
    for (Coverage c : all) {
      if (!c.passes()) {
        failures.add(c.processKey() + ": no test walks nodes " + c.uncoveredNodes() + " / flows " + c.uncoveredFlows()
            + " — add a process test for that path (camunda-bpm-assert), or remove the element if it is dead");
      }
    }
    if (!failures.isEmpty()) {
      System.err.println("[coverage] below 100 % of flow nodes or 95 % of sequence flows:");
      failures.forEach(f -> System.err.println("[coverage]   " + f));
      System.exit(1);
    }
  }

  /** The coverage of every process in every model under {@code models}, from the reports under {@code reports}. */
  static List<Coverage> check(Path models, Path reports) throws IOException {
    Map<String, Set<String>> walked = walkedElements(reports);
    List<Coverage> result = new ArrayList<>();
    try (Stream<Path> files = Files.list(models)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
        BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
        for (Process process : model.getModelElementsByType(Process.class)) {
          result.add(coverage(process, walked.getOrDefault(process.getId(), Set.of())));
        }
      }
    }
    return result;
  }

  static Coverage coverage(Process process, Set<String> walked) {
    Set<String> nodes = new TreeSet<>();
    Set<String> flows = new TreeSet<>();
    collect(process.getFlowElements(), nodes, flows);
    Set<String> uncoveredNodes = new TreeSet<>(nodes);
    uncoveredNodes.removeAll(walked);
    Set<String> uncoveredFlows = new TreeSet<>(flows);
    uncoveredFlows.removeAll(walked);
    return new Coverage(process.getId(), nodes.size(), flows.size(), uncoveredNodes, uncoveredFlows);
  }

  private static void collect(Collection<FlowElement> elements, Set<String> nodes, Set<String> flows) {
    for (FlowElement element : elements) {
      if (element instanceof SequenceFlow) {
        flows.add(element.getId());
      } else if (element instanceof FlowNode) {
        nodes.add(element.getId());
      }
      if (element instanceof SubProcess sub) {
        collect(sub.getFlowElements(), nodes, flows);
      }
    }
  }

  /** Element ids walked per process key, over every test class's report.json. */
  static Map<String, Set<String>> walkedElements(Path reports) throws IOException {
    Map<String, Set<String>> walked = new HashMap<>();
    if (!Files.isDirectory(reports)) {
      return walked;
    }
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.walk(reports)) {
      for (Path report : files.filter(f -> f.getFileName().toString().equals("report.json")).toList()) {
        for (JsonNode suite : json.readTree(report.toFile()).path("suites")) {
          for (JsonNode run : suite.path("runs")) {
            for (JsonNode event : run.path("events")) {
              walked.computeIfAbsent(event.path("modelKey").asText(), k -> new HashSet<>())
                  .add(event.path("definitionKey").asText());
            }
          }
        }
      }
    }
    return walked;
  }
}
