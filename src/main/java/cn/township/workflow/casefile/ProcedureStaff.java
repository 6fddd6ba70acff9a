package cn.township.workflow.casefile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricIdentityLinkLog;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.springframework.stereotype.Component;

/**
 * Who works a case's procedure, as its model says: the candidate groups of the user tasks of the case's model and of
 * the models it calls (intake, public notice, rating, level review, compulsion). Who corrects a document: the groups
 * of the steps that make or sign that kind in that procedure, as the analysts' table {@value #FILE} names them.
 */
@Component
public class ProcedureStaff {

  static final String FILE = "processes/document-correction.csv";
  /** Marks a called model's key among a definition's steps (no step id starts with a space). */
  private static final String CALLS = " calls ";

  private final RepositoryService repository;
  private final HistoryService history;
  private final CaseLookup lookup;
  /** "procedure kind" → the steps that make or sign it. */
  private final Map<String, List<String>> correctingSteps;
  /** Per process definition: step id → its candidate groups as written (a model never changes once deployed). */
  private final Map<String, Map<String, String>> stepsOfDefinition = new ConcurrentHashMap<>();

  public ProcedureStaff(RepositoryService repository, HistoryService history, CaseLookup lookup) {
    this.repository = repository;
    this.history = history;
    this.lookup = lookup;
    this.correctingSteps = read();
  }

  static Map<String, List<String>> read() {
    Map<String, List<String>> steps = new LinkedHashMap<>();
    try {
      for (DataFile.Row row : DataFile.read(FILE)) {
        String[] cells = row.fields();
        if (cells.length != 3 || cells[0].isEmpty() || cells[1].isEmpty() || cells[2].isEmpty()
            || steps.putIfAbsent(cells[0] + " " + cells[1], List.of(cells[2].split("\\s+"))) != null) {
          throw new IllegalStateException(FILE + " 第 " + row.line() + " 行无法识别或重复（应为 程序,文书种类,步骤）："
              + String.join(",", cells));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(steps);
  }

  /** The steps the table names for a procedure's documents of {@code kind}; empty where it names none. */
  public List<String> correctingSteps(String procedure, String kind) {
    return correctingSteps.getOrDefault(procedure + " " + kind, List.of());
  }

  /** Every line of the table: "procedure kind" → steps. */
  Map<String, List<String>> correctingSteps() {
    return correctingSteps;
  }

  /** The groups offered a step of the case's procedure, whichever step; groups given by expression are left out. */
  public Set<String> groups(CaseLookup.Case found) {
    Set<String> groups = new LinkedHashSet<>();
    steps(found).values().forEach(written -> groups.addAll(fixed(written)));
    return groups;
  }

  /**
   * The groups that may correct the case's documents of {@code kind}: those of the steps the table names; where the
   * model gives a step's group by expression (${department}), the groups this case's step was offered to.
   */
  public Set<String> correctors(CaseLookup.Case found, String kind) {
    Map<String, String> steps = steps(found);
    Set<String> groups = new LinkedHashSet<>();
    for (String step : correctingSteps(found.procedure(), kind)) {
      String written = steps.get(step);
      if (written != null && written.contains("${")) {
        groups.addAll(offered(found.receiptNo(), step));
      } else if (written != null) {
        groups.addAll(fixed(written));
      }
    }
    return groups;
  }

  /** The groups the case's {@code step} (of whichever of its process instances) was offered to, decided or not. */
  public Set<String> offered(String caseNo, String step) {
    return lookup.withoutCaller(() -> {
      Set<String> offered = new LinkedHashSet<>();
      for (HistoricTaskInstance task : history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(caseNo)
          .taskDefinitionKey(step).list()) {
        for (HistoricIdentityLinkLog link : history.createHistoricIdentityLinkLogQuery().taskId(task.getId())
            .type(IdentityLinkType.CANDIDATE).list()) {
          if (link.getGroupId() != null) {
            offered.add(link.getGroupId());
          }
        }
      }
      return offered;
    });
  }

  /** The user tasks of the case's model (its own version) and of the models it calls (their latest, as it calls them). */
  Map<String, String> steps(CaseLookup.Case found) {
    return lookup.withoutCaller(() -> {
      HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
          .processInstanceId(found.processInstanceId()).singleResult();
      return instance == null ? Map.<String, String>of() : steps(instance.getProcessDefinitionId());
    });
  }

  /** The user tasks of a model and of the models it calls: step id → its candidate groups as written. */
  Map<String, String> steps(String definitionId) {
    Map<String, String> steps = new LinkedHashMap<>();
    collect(definitionId, steps, new LinkedHashSet<>());
    return steps;
  }

  private void collect(String definitionId, Map<String, String> steps, Set<String> seen) {
    if (!seen.add(definitionId)) {
      return;
    }
    Map<String, String> own = stepsOfDefinition.computeIfAbsent(definitionId, this::read);
    // the case's own steps first: a called model's step of the same id does not replace them
    own.forEach((step, written) -> {
      if (!step.startsWith(CALLS)) {
        steps.putIfAbsent(step, written);
      }
    });
    own.forEach((step, calledKey) -> {
      if (step.startsWith(CALLS)) {
        repository.createProcessDefinitionQuery().processDefinitionKey(calledKey).latestVersion().list().stream()
            .min(Comparator.comparing((ProcessDefinition d) -> d.getTenantId() != null))
            .ifPresent(d -> collect(d.getId(), steps, seen));
      }
    });
  }

  private Map<String, String> read(String definitionId) {
    BpmnModelInstance model = repository.getBpmnModelInstance(definitionId);
    Map<String, String> steps = new LinkedHashMap<>();
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      steps.put(task.getId(), task.getCamundaCandidateGroups() == null ? "" : task.getCamundaCandidateGroups());
    }
    for (CallActivity call : model.getModelElementsByType(CallActivity.class)) {
      if (call.getCalledElement() != null && !call.getCalledElement().contains("${")) {
        steps.put(CALLS + call.getId(), call.getCalledElement());
      }
    }
    return Map.copyOf(steps);
  }

  private static List<String> fixed(String written) {
    return Arrays.stream(written.split(",")).map(String::strip).filter(g -> !g.isEmpty() && !g.contains("${"))
        .toList();
  }
}
