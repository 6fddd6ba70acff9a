package cn.township.workflow.metrics;

import cn.township.workflow.catalog.Deadlines;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the supervision tables (tw_case_fact, tw_step_fact) up to date as cases move, inside the engine's
 * transaction: a case and its figures commit or roll back together. Called by {@link CaseFactsParseListener}
 * for every process, so analysts need not add listeners to their models.
 */
@Component
public class CaseFacts {

  /** Where a case's promised date lives: the time limit of window procedures, 90 days of 行政处罚法第六十条. */
  private static final String[] DUE_VARIABLES = {"timeLimitDueAt", "decisionDue"};
  /** Steps that decide an enforcement case: its 90-day period is met once one of them is completed. */
  static final java.util.List<String> DECISION_STEPS = java.util.List.of("Task_Decide", "Task_SummaryDecision");
  static final String LEVEL_REVIEW = "higher-level-review";
  static final String RATING = "satisfaction-rating";

  private final JdbcTemplate jdbc;
  private final Deadlines deadlines;

  public CaseFacts(JdbcTemplate jdbc, Deadlines deadlines) {
    this.jdbc = jdbc;
    this.deadlines = deadlines;
  }

  void processStarted(DelegateExecution execution) {
    ExecutionEntity instance = ((ExecutionEntity) execution).getProcessInstance();
    if (instance.getSuperExecution() != null) {
      return; // a called procedure (intake, rating, county review) counts towards its case
    }
    jdbc.update("INSERT INTO tw_case_fact (process_instance_id, procedure_key, township_id, case_no, started_at) "
            + "VALUES (?, ?, ?, ?, ?)",
        instance.getId(), processKey(instance), instance.getTenantId(), instance.getBusinessKey(), now());
  }

  void processEnded(DelegateExecution execution) {
    ExecutionEntity instance = ((ExecutionEntity) execution).getProcessInstance();
    ExecutionEntity root = root(instance);
    if (root != instance) {
      if (LEVEL_REVIEW.equals(processKey(instance))) {
        jdbc.update("UPDATE tw_case_fact SET waiting_level = NULL, waiting_since = NULL WHERE process_instance_id = ?",
            root.getId());
      }
      refresh(root, instance);
      return;
    }
    refreshNow(root, false);
    // a case deleted by an administrator ends wherever it stood: record it as withdrawn, not as that step
    boolean cancelled = ((ExecutionEntity) execution).isCanceled() || instance.getDeleteReason() != null;
    String endKey = cancelled ? null : execution.getCurrentActivityId();
    String endName = cancelled ? null : execution.getCurrentActivityName();
    Timestamp now = now();
    List<Timestamp> startedAt = jdbc.queryForList(
        "SELECT started_at FROM tw_case_fact WHERE process_instance_id = ?", Timestamp.class, root.getId());
    if (startedAt.isEmpty()) {
      // a case started before the reporting tables existed; or, seen from a transaction that has lost a race, a
      // called procedure whose parent another node has just moved on (the engine then answers with a conflict)
      return;
    }
    Timestamp started = startedAt.get(0);
    Date completedAt = (Date) root.getVariable("completedAt");
    Instant completed = completedAt != null ? completedAt.toInstant() : now.toInstant();
    Object usedDays = root.getVariable("timeLimitUsedDays");
    int handlingDays = usedDays instanceof Number n ? n.intValue()
        : deadlines.workingDaysBetween(started.toInstant(), completed);
    // on time where the case ran against a time limit and ended without RecordCompletion (refused, not forwarded)
    Boolean onTime = root.getVariable("timeLimitDueAt") instanceof Date due ? !completed.isAfter(due.toInstant()) : null;
    // RecordCompletion's date, where it ran (no variable keeps it), else now
    jdbc.update("UPDATE tw_case_fact SET ended_at = ?, completed_at = COALESCE(completed_at, ?), end_key = ?, "
            + "end_name = ?, handling_days = ?, "
            + "clock_paused = FALSE, on_time = COALESCE(on_time, ?) WHERE process_instance_id = ?",
        now, Timestamp.from(completed), endKey, endName == null ? (endKey == null ? "已撤销" : endKey) : endName,
        handlingDays, onTime, root.getId());
  }

  void endEventReached(DelegateExecution execution) {
    ExecutionEntity instance = ((ExecutionEntity) execution).getProcessInstance();
    ExecutionEntity root = root(instance);
    insertStep(UUID.randomUUID().toString(), root, instance, execution.getCurrentActivityId(),
        execution.getCurrentActivityName(), "END", null, now(), null);
  }

  void taskCreated(DelegateTask task) {
    ExecutionEntity instance = ((ExecutionEntity) task.getExecution()).getProcessInstance();
    ExecutionEntity root = root(instance);
    insertStep(task.getId(), root, instance, task.getTaskDefinitionKey(), task.getName(), "TASK", holder(task),
        now(), task.getDueDate());
    if (LEVEL_REVIEW.equals(processKey(instance))) {
      Date since = (Date) instance.getVariable("levelReceivedAt");
      jdbc.update("UPDATE tw_case_fact SET waiting_level = ?, waiting_since = ? WHERE process_instance_id = ?",
          instance.getVariable("reviewLevel"), since == null ? now() : new Timestamp(since.getTime()), root.getId());
    }
    refresh(root, instance, beforeCompletion(instance, task.getTaskDefinitionKey()));
  }

  void taskAssigned(DelegateTask task) {
    jdbc.update("UPDATE tw_step_fact SET holder = ? WHERE id = ?", holder(task), task.getId());
  }

  void taskCompleted(DelegateTask task) {
    if (task.getExecution() == null) {
      return; // completed at the same moment elsewhere: the case is gone, the engine answers with a conflict
    }
    endStep(task, "completed");
    ExecutionEntity instance = ((ExecutionEntity) task.getExecution()).getProcessInstance();
    if (DECISION_STEPS.contains(task.getTaskDefinitionKey())) {
      jdbc.update("UPDATE tw_case_fact SET decided_at = COALESCE(decided_at, ?) WHERE process_instance_id = ?", now(),
          root(instance).getId());
    }
    refresh(root(instance), instance);
  }

  /** A task that ends without being completed: a timer or message interrupted it, or the case was cancelled. */
  void taskDeleted(DelegateTask task) {
    endStep(task, "cancelled");
  }

  private void endStep(DelegateTask task, String outcome) {
    Timestamp now = now();
    Instant created = task.getCreateTime().toInstant();
    jdbc.update("UPDATE tw_step_fact SET ended_at = ?, outcome = ?, working_days = ?, holder = COALESCE(?, holder) "
            + "WHERE id = ? AND ended_at IS NULL",
        now, outcome, deadlines.workingDaysBetween(created, now.toInstant()), task.getAssignee(), task.getId());
  }

  private void insertStep(String id, ExecutionEntity root, ExecutionEntity instance, String key, String name,
                          String kind, String holder, Timestamp started, Date due) {
    boolean reached = "END".equals(kind); // an end event is over as soon as it is reached
    jdbc.update("INSERT INTO tw_step_fact (id, process_instance_id, procedure_key, township_id, matter_code, "
            + "step_process_key, step_key, step_name, kind, holder, started_at, due_at, ended_at, outcome, working_days) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id, root.getId(), processKey(root), root.getTenantId(), text(root, "matterCode"), processKey(instance), key,
        name, kind, holder, started, due == null ? null : new Timestamp(due.getTime()), reached ? started : null,
        reached ? "reached" : null, reached ? 0 : null);
  }

  /**
   * Copies what the case's variables say (numbers, matter, clock) into its row once, when the engine's command closes:
   * a step completed and the next one created in the same transaction update the row once, not once each. The rating
   * is written at once. The completion (RecordCompletion's transient completedAt and completedOnTime) is seen only in
   * its own command: later refreshes keep what the row holds.
   */
  private void refresh(ExecutionEntity root, ExecutionEntity current) {
    refresh(root, current, false);
  }

  /**
   * As above; {@code reopened}: a step before 办结 started again (an administrator moved a decided case back into
   * review), so the row's completion goes until the case is completed again.
   */
  private void refresh(ExecutionEntity root, ExecutionEntity current, boolean reopened) {
    if (RATING.equals(processKey(current)) && current.getVariable("ratingLevel") instanceof String level) {
      jdbc.update("UPDATE tw_case_fact SET rating_level = ?, rated_at = COALESCE(rated_at, ?) "
          + "WHERE process_instance_id = ?", level, now(), root.getId());
    }
    CommandContext command = Context.getCommandContext();
    PendingRefreshes pending = command == null ? null
        : this.pending.computeIfAbsent(command, c -> new PendingRefreshes(c));
    if (pending == null || pending.closed) {
      refreshNow(root, reopened);
    } else {
      pending.roots.put(root.getId(), root);
      if (reopened) {
        pending.reopened.add(root.getId());
      }
    }
  }

  /**
   * The command's case rows still to refresh; written when it closes (before the engine flushes), dropped if it fails.
   * A closed command keeps its entry (weakly held, gone with the command) so that a refresh asked for after its close
   * listeners ran is written at once instead of waiting for a close that already happened.
   */
  private final java.util.Map<CommandContext, PendingRefreshes> pending =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private final class PendingRefreshes implements CommandContextListener {
    final java.util.Map<String, ExecutionEntity> roots = new java.util.LinkedHashMap<>();
    final java.util.Set<String> reopened = new java.util.HashSet<>();
    boolean closed;

    PendingRefreshes(CommandContext command) {
      command.registerCommandContextListener(this);
    }

    @Override
    public void onCommandContextClose(CommandContext command) {
      try {
        while (!roots.isEmpty()) { // a refresh can ask for another (a listener of the flush's own work)
          ExecutionEntity root = roots.values().iterator().next();
          roots.remove(root.getId());
          refreshNow(root, reopened.contains(root.getId()));
        }
      } finally {
        closed = true;
      }
    }

    @Override
    public void onCommandFailed(CommandContext command, Throwable t) {
      pending.remove(command);
    }
  }

  /**
   * Copies what the case's variables say now into its row (and forgets a refresh the command still had for it);
   * {@code reopened} clears the completion (date, on time, days) unless the case is completed in this same command.
   */
  private void refreshNow(ExecutionEntity root, boolean reopened) {
    CommandContext command = Context.getCommandContext();
    PendingRefreshes waiting = command == null ? null : pending.get(command);
    if (waiting != null) {
      waiting.roots.remove(root.getId());
    }
    Date due = null;
    for (String name : DUE_VARIABLES) {
      if (root.getVariable(name) instanceof Date date) {
        due = date;
        break;
      }
    }
    boolean clock = root.hasVariable("timeLimitDueAt");
    Object completedOnTime = root.getVariable("completedOnTime");
    Object limitDays = root.getVariable("timeLimitDays");
    Object usedDays = root.getVariable("timeLimitUsedDays");
    Date completedAt = (Date) root.getVariable("completedAt");
    boolean undone = reopened && completedAt == null;
    jdbc.update("UPDATE tw_case_fact SET case_no = ?, township_id = COALESCE(township_id, ?), "
            + "matter_code = COALESCE(?, matter_code), matter_name = COALESCE(?, matter_name), limit_days = ?, "
            + "due_at = ?, clock_paused = (? AND (? OR completed_at IS NULL)), "
            + "on_time = CASE WHEN ? THEN NULL ELSE COALESCE(?, on_time) END, "
            + "completed_at = CASE WHEN ? THEN NULL ELSE COALESCE(?, completed_at) END, "
            + "handling_days = CASE WHEN ? THEN NULL ELSE COALESCE(?, handling_days) END "
            + "WHERE process_instance_id = ?",
        root.getBusinessKey(), root.getTenantId(), text(root, "matterCode"), text(root, "matterName"),
        limitDays instanceof Number n ? n.intValue() : null, due == null ? null : new Timestamp(due.getTime()),
        clock && root.getVariable("timeLimitRunningSince") == null && completedAt == null, undone,
        undone, completedOnTime instanceof Boolean b ? b : null,
        undone, completedAt == null ? null : new Timestamp(completedAt.getTime()),
        undone, completedAt != null && usedDays instanceof Number n ? n.intValue() : null, root.getId());
  }

  /** Where a case is completed (办结): the model's step that records it ({@code review.RecordCompletion}). */
  static final String COMPLETION = "${recordCompletion}";
  /** Per definition and step: whether the step lies before 办结 (its model leads from it to {@link #COMPLETION}). */
  private final java.util.Map<String, Boolean> beforeCompletion = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Whether step {@code activityId} of {@code instance} comes before the case's completion: its model leads from it to
   * the completion step, or, in a called procedure (intake, a supplement, the county's review), the call does in the
   * calling model. Steps after it (issuing, rating, supervision of the issue) do not.
   */
  boolean beforeCompletion(ExecutionEntity instance, String activityId) {
    ExecutionEntity process = instance;
    String step = activityId;
    while (true) {
      ExecutionEntity at = process;
      String from = step;
      if (beforeCompletion.computeIfAbsent(at.getProcessDefinitionId() + "#" + from,
          key -> leadsToCompletion(at.getBpmnModelInstance(), from))) {
        return true;
      }
      if (process.getSuperExecution() == null) {
        return false;
      }
      step = process.getSuperExecution().getActivityId();
      process = process.getSuperExecution().getProcessInstance();
    }
  }

  /** Whether {@code model} leads from {@code activityId} (its flows, sub-processes and boundary events) to 办结. */
  static boolean leadsToCompletion(org.camunda.bpm.model.bpmn.BpmnModelInstance model, String activityId) {
    java.util.Deque<FlowNode> todo = new java.util.ArrayDeque<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    if (model.getModelElementById(activityId) instanceof FlowNode start) {
      todo.push(start);
    }
    java.util.Collection<BoundaryEvent> boundaries = model.getModelElementsByType(BoundaryEvent.class);
    while (!todo.isEmpty()) {
      FlowNode node = todo.pop();
      if (!seen.add(node.getId())) {
        continue;
      }
      if (node instanceof ServiceTask task && COMPLETION.equals(task.getCamundaDelegateExpression())) {
        return true;
      }
      node.getOutgoing().forEach(flow -> todo.push(flow.getTarget()));
      boundaries.stream().filter(b -> b.getAttachedTo() == node).forEach(todo::push);
      if (node instanceof SubProcess sub) {
        sub.getChildElementsByType(StartEvent.class).forEach(todo::push);
      }
      if (node instanceof EndEvent && node.getParentElement() instanceof SubProcess sub) {
        sub.getOutgoing().forEach(flow -> todo.push(flow.getTarget()));
      }
    }
    return false;
  }

  /** Whether the case's decision is made (RecordCompletion ran): its row's completion date, which no variable keeps. */
  public boolean completed(String processInstanceId) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM tw_case_fact WHERE process_instance_id = ? "
        + "AND completed_at IS NOT NULL", Long.class, processInstanceId) > 0;
  }

  private static String holder(DelegateTask task) {
    if (task.getAssignee() != null) {
      return task.getAssignee();
    }
    String candidates = task.getCandidates().stream()
        .map(link -> link.getGroupId() != null ? link.getGroupId() : link.getUserId())
        .filter(Objects::nonNull).distinct().sorted().collect(Collectors.joining(","));
    return candidates.isEmpty() ? null : candidates;
  }

  private static ExecutionEntity root(ExecutionEntity instance) {
    ExecutionEntity root = instance;
    while (root.getSuperExecution() != null) {
      root = root.getSuperExecution().getProcessInstance();
    }
    return root;
  }

  /** From the engine's deployment cache where it holds the definition: the execution's own getter reads it again. */
  private static String processKey(ExecutionEntity instance) {
    ProcessDefinitionEntity cached = Context.getCommandContext() == null ? null : Context.getProcessEngineConfiguration()
        .getDeploymentCache().getProcessDefinitionCache().get(instance.getProcessDefinitionId());
    return (cached != null ? cached : instance.getProcessDefinition()).getKey();
  }

  private static String text(VariableScope scope, String name) {
    return scope.getVariable(name) instanceof String value ? value : null;
  }

  private Timestamp now() {
    return Timestamp.from(deadlines.now());
  }
}
