package cn.township.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * A statutory period started on another day than the one its step began, by the engine's API (beside
 * {@link StatutoryTimerGuard}, which keeps the timers that run): restarting an ended case at a step whose timer counts
 * from when the step is reached ({@code POST …/process-definition/{id}/restart}, or {@code -async}: the new case counts
 * the acceptance deadline or the deemed-consent period again from the day of the restart), and migrating a case that
 * waits in a step onto a version that adds such a timer to it ({@code POST …/migration/execute}, or
 * {@code executeAsync}: the period starts on the day of the migration, weeks after the case reached the step). Both are
 * refused with 403 in Chinese, for everyone; {@code ModelMigration} lists such cases as blocked with the same reason.
 * A timer whose date is read from the case ({@code ${timeLimitDueAt}}) keeps that date in both, and stays allowed.
 */
public class PeriodRestartGuard extends EngineCallGuard {

  /** Groups: the engine's name (two); a restart's definition, by key and tenant or by id (three to five); none else. */
  private static final Pattern CALL = Pattern.compile(TaskVariableGuard.ENGINE + "(?:" + TaskVariableGuard.DEFINITION
      + "/restart(?:-async)?|/migration/(?:execute|executeAsync))/?$");

  static final String RESTART = "不能在计时环节重新开启已结束的案件：重开的案件从重开之日起重新计算%s的期限，已经届满或已经用去的"
      + "法定期限（如受理期限、视为准予的期限）被重新起算。已结束的案件需要重新办理的，由申请人重新提出申请，或依撤销、复议、"
      + "诉讼的决定重新办理，期限自新的申请或决定之日起依法计算。" + StatutoryTimerGuard.LAWFUL_WAY;
  static final String MIGRATION = "迁移计划把案件所在的环节映射到新版本中新增了计时器的环节（%s）：新增的计时器从迁移之日起"
      + "计算期限，而案件到达该环节已有时日，法定期限被推迟起算。请用 POST /api/admin/migrations 迁移：不在这些环节的案件照常"
      + "迁移，在这些环节的案件列为不能迁移并说明原因，留在原版本办结。" + StatutoryTimerGuard.LAWFUL_WAY;

  static final String REPEATED_NAME = "提交的内容中同一对象里的字段“%s”出现了不止一次：每个字段只能写一次。未作任何修改。";

  /** The engine's suffix for the body of a multi-instance step (its activity and activity instances). */
  private static final String MULTI_INSTANCE_BODY = "#multiInstanceBody";

  /** In {@link #addedTimers}, the case itself: a timer of an event subprocess the target adds to the process. */
  public static final String WHOLE_CASE = "案件";

  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final Refusals refusals;

  public PeriodRestartGuard(RepositoryService repository, RuntimeService runtime, IdentityService identity,
                            Refusals refusals) {
    super(identity, Map.of("POST", CALL));
    this.repository = repository;
    this.runtime = runtime;
    this.refusals = refusals;
  }

  @Override
  void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Matcher call,
             Authentication caller) throws ServletException, IOException {
    CachedBody body = new CachedBody(request, TaskVariableGuard.MAX_BODY);
    if (!body.whole()) {
      TaskVariableGuard.refuse(response, TaskVariableGuard.TOO_LARGE);
      return;
    }
    Optional<TaskVariableGuard.Refusal> ambiguous = repeatedName(body);
    if (ambiguous.isPresent()) {
      TaskVariableGuard.refuse(response, ambiguous.get());
      return;
    }
    boolean restart = call.group(3) != null || call.group(5) != null;
    Optional<String> refusal = restart ? restartRefusal(caller, call, body.json()) : migrationRefusal(body.json());
    if (refusal.isPresent()) {
      forbid(refusals, caller, request, response, refusal.get());
      return;
    }
    chain.doFilter(body, response);
  }

  /**
   * 400 for a body with a name twice in one object: the engine reads an instruction's type from the first, the guards
   * from the last (a restart or modification at a timed step passed as a "cancel"). Also StatutoryTimerGuard's.
   */
  static Optional<TaskVariableGuard.Refusal> repeatedName(CachedBody body) {
    return body.repeatedName().map(name -> new TaskVariableGuard.Refusal(HttpServletResponse.SC_BAD_REQUEST,
        String.format(REPEATED_NAME, name)));
  }

  /** Why the restart may not be made: the timers counted from now that its instructions start. */
  private Optional<String> restartRefusal(Authentication caller, Matcher call, JsonNode submitted) {
    // a definition the caller cannot see is the engine's to answer
    Optional<String> definition = Callers.as(identity, caller, () -> TaskVariableGuard.definition(repository, call));
    if (definition.isEmpty()) {
      return Optional.empty();
    }
    Set<String> timers = Callers.as(identity, null, () -> {
      Set<String> found = new TreeSet<>();
      try {
        BpmnModelInstance model = repository.getBpmnModelInstance(definition.get());
        for (JsonNode instruction : submitted.path("instructions")) {
          started(model, instruction).stream().flatMap(step -> reachedAtOnce(step).stream())
              .forEach(step -> found.addAll(timersStartedWith(step)));
        }
      } catch (ProcessEngineException noSuchDefinition) {
        found.clear(); // the engine answers
      }
      return found;
    });
    return timers.isEmpty() ? Optional.empty() : Optional.of(String.format(RESTART, String.join("、", timers)));
  }

  /**
   * The model's id of the step an engine activity id names: a multi-instance step's body ({@code Task_Sign#multiInstanceBody},
   * which the engine starts and cancels like the step) is the step. Also StatutoryTimerGuard's.
   */
  static String step(String activityId) {
    return activityId.endsWith(MULTI_INSTANCE_BODY)
        ? activityId.substring(0, activityId.length() - MULTI_INSTANCE_BODY.length()) : activityId;
  }

  /** The steps an instruction of a restart starts: the activity, those after it, or the transition's target. */
  private static List<FlowNode> started(BpmnModelInstance model, JsonNode instruction) {
    ModelElementInstance element = model.getModelElementById(step(instruction.path("activityId").asText("")));
    return switch (instruction.path("type").asText("")) {
      case "startBeforeActivity" -> element instanceof FlowNode node ? List.of(node) : List.of();
      case "startAfterActivity" -> element instanceof FlowNode node
          ? node.getOutgoing().stream().map(SequenceFlow::getTarget).toList() : List.of();
      case "startTransition" -> model.getModelElementById(instruction.path("transitionId").asText(""))
          instanceof SequenceFlow flow ? List.of(flow.getTarget()) : List.of();
      default -> List.of();
    };
  }

  /**
   * The steps a new case reaches from {@code first} before anything waits: {@code first}, and through start events,
   * gateways, throw and end events and automatic tasks the steps after them (every branch of a gateway: the case's data
   * decides which, and is not read here), into a subprocess by its start event and out of it at its end. A restart at
   * the start event or a gateway before the acceptance step starts its period as surely as one at the step itself.
   * Stops at what waits for a person, a message or a date (a user or receive task, a catch event, an event-based
   * gateway, a call: {@link #timersStartedWith} reads those).
   */
  static Set<FlowNode> reachedAtOnce(FlowNode first) {
    Set<FlowNode> reached = new LinkedHashSet<>();
    java.util.Deque<FlowNode> next = new java.util.ArrayDeque<>(List.of(first));
    while (!next.isEmpty()) {
      FlowNode node = next.pop();
      if (!reached.add(node) || node instanceof UserTask || node instanceof ReceiveTask
          || node instanceof IntermediateCatchEvent || node instanceof EventBasedGateway || node instanceof CallActivity) {
        continue;
      }
      if (node instanceof SubProcess inner && !inner.triggeredByEvent()) {
        inner.getChildElementsByType(StartEvent.class).forEach(next::push); // its boundary timers: timersStartedWith
        continue;
      }
      if (node.getOutgoing().isEmpty() && node.getParentElement() instanceof SubProcess outer
          && !outer.triggeredByEvent()) {
        outer.getOutgoing().forEach(flow -> next.push(flow.getTarget()));
        continue;
      }
      node.getOutgoing().forEach(flow -> next.push(flow.getTarget()));
    }
    return reached;
  }

  /**
   * The timers counted from now that start with {@code step} in a new case: its own (an intermediate timer, the timers
   * after an event-based gateway), those attached to it and to the subprocesses holding it, those starting an event
   * subprocess of these scopes or of the process, and those of the process a call starts. A boundary timer started by itself has fired: {@link StatutoryTimerGuard} refuses that.
   */
  private Set<String> timersStartedWith(FlowNode step) {
    Set<String> timers = new TreeSet<>();
    if (!(step instanceof BoundaryEvent) && timerFromNow(step)) {
      timers.add(step.getId());
    }
    if (step instanceof EventBasedGateway gateway) {
      gateway.getOutgoing().stream().map(SequenceFlow::getTarget).filter(PeriodRestartGuard::timerFromNow)
          .forEach(timer -> timers.add(timer.getId()));
    }
    for (ModelElementInstance scope = step; scope != null; scope = scope.getParentElement()) {
      timers.addAll(scopeTimers(scope));
    }
    if (step instanceof CallActivity calling && calling.getCalledElement() != null) {
      repository.createProcessDefinitionQuery().processDefinitionKey(calling.getCalledElement()).latestVersion().list()
          .stream().findFirst().map(ProcessDefinition::getId).map(repository::getBpmnModelInstance)
          .ifPresent(called -> called.getModelElementsByType(CatchEvent.class).stream()
              .filter(PeriodRestartGuard::timerFromNow)
              .forEach(timer -> timers.add(calling.getId() + "（" + calling.getCalledElement() + " 的 " + timer.getId()
                  + "）")));
    }
    return timers;
  }

  /**
   * The timers counted from now that start when {@code scope} does: attached to it (a step, a subprocess), or starting
   * an event subprocess it holds (a subprocess, the process).
   */
  private static List<String> scopeTimers(ModelElementInstance scope) {
    List<String> timers = new ArrayList<>();
    if (scope instanceof Activity step) {
      step.getModelInstance().getModelElementsByType(BoundaryEvent.class).stream()
          .filter(boundary -> boundary.getAttachedTo().getId().equals(step.getId()) && timerFromNow(boundary))
          .forEach(boundary -> timers.add(boundary.getId()));
    }
    if (scope instanceof SubProcess || scope instanceof Process) {
      scope.getChildElementsByType(SubProcess.class).stream().filter(SubProcess::triggeredByEvent)
          .flatMap(events -> events.getChildElementsByType(StartEvent.class).stream())
          .filter(PeriodRestartGuard::timerFromNow).forEach(start -> timers.add(start.getId()));
    }
    return timers.stream().sorted().toList();
  }

  /** Whether an element is a timer event whose date is counted from when the timer is created. */
  private static boolean timerFromNow(ModelElementInstance element) {
    return element instanceof CatchEvent event && event.getEventDefinitions().stream()
        .filter(TimerEventDefinition.class::isInstance).map(TimerEventDefinition.class::cast)
        .anyMatch(StatutoryTimerGuard::countedFromNow);
  }

  /**
   * Why the migration may not be made: a case it moves (by id; by query, any case of the source version) waits in a step
   * that the target version gives a new timer counted from now.
   */
  private Optional<String> migrationRefusal(JsonNode submitted) {
    JsonNode plan = submitted.path("migrationPlan");
    Map<String, String> mapping = new HashMap<>();
    for (JsonNode instruction : plan.path("instructions")) {
      JsonNode sources = instruction.path("sourceActivityIds");
      JsonNode targets = instruction.path("targetActivityIds");
      for (int i = 0; i < Math.min(sources.size(), targets.size()); i++) {
        mapping.put(sources.get(i).asText(), targets.get(i).asText());
      }
    }
    Set<String> blocking = Callers.as(identity, null, () -> {
      Map<String, List<String>> added;
      try {
        String target = plan.path("targetProcessDefinitionId").asText();
        added = addedTimers(repository.getBpmnModelInstance(target), repository.getProcessDefinition(target).getKey(),
            mapping);
      } catch (ProcessEngineException noSuchDefinition) {
        return Set.<String>of(); // the engine answers
      }
      Set<String> cases = new LinkedHashSet<>();
      submitted.path("processInstanceIds").forEach(id -> cases.add(id.asText()));
      if (!added.isEmpty() && (submitted.hasNonNull("processInstanceQuery")
          || submitted.hasNonNull("historicProcessInstanceQuery"))) {
        runtime.createProcessInstanceQuery().processDefinitionId(plan.path("sourceProcessDefinitionId").asText())
            .list().stream().map(ProcessInstance::getId).forEach(cases::add);
      }
      Set<String> found = new TreeSet<>();
      for (String id : added.isEmpty() ? Set.<String>of() : cases) {
        found.addAll(blocking(added, runtime.getActivityInstance(id)));
      }
      return found;
    });
    return blocking.isEmpty() ? Optional.empty() : Optional.of(String.format(MIGRATION, String.join("；", blocking)));
  }

  /**
   * The timers counted from now that {@code target} (its process {@code targetKey}) gives a step a migration maps
   * ({@code mapping}: source activity → target activity) or a subprocess it adds around that step, or the process
   * itself ({@link #WHOLE_CASE}), and that no source timer is mapped onto: the engine creates them when it migrates a case waiting in the step, counted from that
   * day. By source step. Also used by ModelMigration.
   */
  public static Map<String, List<String>> addedTimers(BpmnModelInstance target, String targetKey,
                                                      Map<String, String> mapping) {
    Map<String, List<ModelElementInstance>> scopes = new HashMap<>();
    mapping.forEach((source, step) -> {
      if (target.getModelElementById(step) instanceof Activity activity) {
        List<ModelElementInstance> created = new ArrayList<>(List.of(activity));
        // a subprocess the target wraps around the step, onto which nothing is mapped: the engine creates it with the
        // case, and its timers, counted from the migration
        for (ModelElementInstance outer = activity.getParentElement(); outer instanceof SubProcess subProcess
            && !mapping.containsValue(subProcess.getId()); outer = outer.getParentElement()) {
          created.add(subProcess);
        }
        scopes.put(source, created);
      }
    });
    if (target.getModelElementById(targetKey) instanceof Process process) {
      scopes.put(WHOLE_CASE, List.of(process));
    }
    Map<String, List<String>> added = new TreeMap<>();
    scopes.forEach((source, created) -> {
      List<String> timers = new ArrayList<>(created.stream().flatMap(scope -> scopeTimers(scope).stream()).toList());
      timers.removeAll(mapping.values());
      if (!timers.isEmpty()) {
        added.put(source, timers);
      }
    });
    return added;
  }

  /**
   * The steps of a case (its activity tree; null for no case) that {@link #addedTimers} would give a timer on the day of
   * the migration, each as "step → timers". Also used by ModelMigration.
   */
  public static List<String> blocking(Map<String, List<String>> added, ActivityInstance tree) {
    Set<String> steps = new TreeSet<>();
    if (tree != null) {
      steps.add(WHOLE_CASE);
      collect(tree, steps);
    }
    steps.retainAll(added.keySet());
    return steps.stream().map(step -> step + " → " + String.join("、", added.get(step))).toList();
  }

  private static void collect(ActivityInstance tree, Set<String> steps) {
    for (ActivityInstance child : tree.getChildActivityInstances()) {
      steps.add(child.getActivityId());
      collect(child, steps);
    }
    for (TransitionInstance transition : tree.getChildTransitionInstances()) {
      steps.add(transition.getActivityId());
    }
  }
}
