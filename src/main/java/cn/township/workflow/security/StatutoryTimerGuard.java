package cn.township.workflow.security;

import cn.township.workflow.casefile.CaseClock;
import cn.township.workflow.forwarding.PostLevelDecision;
import cn.township.workflow.window.ApplicantRatings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cmd.RecalculateJobDuedateCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A case's statutory periods are its timers' due dates, which the model computes from the statute (the table of
 * periods, the working-day calendar) when the case reaches a step. The engine's job API lets whoever may update a case
 * move them by hand — Cockpit's "recalculate from now" (which restarts a period counted from when the timer was
 * created), "set a due date", a retry with a due date, executing a timer (or signalling the execution that waits at
 * one) before its day (超时默认 before the period is over), deleting it, migrating a case with its event triggers updated (every timer counted again from the day of
 * the migration) — over /engine-rest and the webapps' engine API. On a timer of a case all of these are refused
 * with 403 in Chinese naming the lawful way (the procedure's extension and suspension steps; 行政许可法第四十二条、第四十五条)
 * and nothing changes; a recalculation that gives the date the timer already has (a date read from the case, or
 * counted from the timer's creation) stays allowed, as do these calls on jobs that are not a case's timers (an
 * asynchronous step's retry, a start timer). Nobody, administrators included, is exempt: the statute binds the office,
 * not a role. Since it reads every body that writes a case's variables, it also refuses a {@code Json} value that is
 * not JSON among them ({@link #malformedJson}), as {@link TaskVariableGuard} does on tasks and starts.
 */
public class StatutoryTimerGuard extends OncePerRequestFilter {

  /** Groups: the engine's name (two), the job, the call. */
  private static final Pattern JOB_CALL = Pattern.compile(TaskVariableGuard.ENGINE
      + "/job/([^/]+)/(duedate|duedate/recalculate|retries|execute)/?$");
  /** Groups: the engine's name (two), the job. */
  private static final Pattern JOB = Pattern.compile(TaskVariableGuard.ENGINE + "/job/([^/]+)/?$");
  private static final Pattern JOBS_RETRIES = Pattern.compile(TaskVariableGuard.ENGINE + "/job/retries/?$");
  private static final Pattern CASES_RETRIES = Pattern.compile(TaskVariableGuard.ENGINE
      + "/process-instance/job-retries(?:-historic-query-based)?/?$");
  /** Groups: the engine's name (two), the job definition. */
  private static final Pattern DEFINITION_RETRIES = Pattern.compile(TaskVariableGuard.ENGINE
      + "/job-definition/([^/]+)/retries/?$");
  private static final Pattern MIGRATION = Pattern.compile(TaskVariableGuard.ENGINE
      + "/migration/(?:execute|executeAsync)/?$");
  /** Groups: the engine's name (two), the case. */
  private static final Pattern MODIFICATION = Pattern.compile(TaskVariableGuard.ENGINE
      + "/process-instance/([^/]+)/modification(?:-async)?/?$");
  private static final Pattern BATCH_MODIFICATION = Pattern.compile(TaskVariableGuard.ENGINE
      + "/modification/(?:execute|executeAsync)/?$");
  /** Groups: the engine's name (two), the definition's key and tenant, or its id (as {@link TaskVariableGuard}'s start). */
  private static final Pattern RESTART = Pattern.compile(TaskVariableGuard.ENGINE + TaskVariableGuard.DEFINITION
      + "/restart(?:-async)?/?$");
  /**
   * A timer's date read from the case ({@code ${timeLimitDueAt}}; group: the variable): a step started again gets the
   * same date, and writing the variable moves the timer.
   */
  private static final Pattern READ_FROM_CASE = Pattern.compile("\\s*\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}\\s*");
  /** Groups: the engine's name (two), process-instance or execution, its id, a variable's name, its binary upload. */
  private static final Pattern VARIABLES = Pattern.compile(TaskVariableGuard.ENGINE
      + "/(process-instance|execution)/([^/]+)/(?:variables|localVariables)(?:/([^/]+)(/data)?)?/?$");
  /** Groups: the engine's name (two), the execution, the message of a subscription triggered (none for a signal). */
  private static final Pattern EXECUTION_TRIGGER = Pattern.compile(TaskVariableGuard.ENGINE
      + "/execution/([^/]+)/(?:signal|messageSubscriptions/([^/]+)/trigger)/?$");
  private static final Pattern BATCH_VARIABLES = Pattern.compile(TaskVariableGuard.ENGINE
      + "/process-instance/variables-async/?$");
  private static final Pattern MESSAGE = Pattern.compile(TaskVariableGuard.ENGINE + "/message/?$");
  private static final Pattern SIGNAL = Pattern.compile(TaskVariableGuard.ENGINE + "/signal/?$");
  /** An external task's completion, failure or BPMN error: its variables are written into its case. */
  private static final Pattern EXTERNAL_TASK = Pattern.compile(TaskVariableGuard.ENGINE
      + "/external-task/[^/]+/(?:complete|failure|bpmnError)/?$");
  /** Conditional start events evaluated with variables: the cases they start keep them. */
  private static final Pattern CONDITION = Pattern.compile(TaskVariableGuard.ENGINE + "/condition/?$");
  /** The fields of a message correlation that carry variables written into the case. */
  private static final List<String> MESSAGE_VARIABLES = List.of("processVariables", "processVariablesLocal",
      "processVariablesToTriggeredScope");
  /** The engine's job types of timers that belong to a case (a start timer belongs to none). */
  private static final List<String> CASE_TIMER_TYPES = List.of("timer-transition", "timer-intermediate-transition",
      "timer-start-event-subprocess", "timer-task-listener");

  static final String LAWFUL_WAY = "案件的法定期限由流程按法定期限表和工作日历确定，不能手工设置、重算、提前执行或删除计时器。"
      + "延长办理期限须经本机关负责人批准，通过案件的“负责人批准延期”环节办理（《行政许可法》第四十二条）；"
      + "听证、检验、鉴定等不计入期限的时间，通过案件的“中止计时”环节扣除（第四十五条）；"
      + "节假日安排公布后的期限由系统重算。未作任何修改。";
  static final String NO_JOB = "未找到该作业（或它不属于您所在的乡镇）。未作任何修改。";
  static final String NO_CASE = "未找到该案件（或它不属于您所在的乡镇）。未作任何修改。";

  private final ManagementService management;
  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final IdentityService identity;
  private final CommandExecutor commands;
  private final Refusals refusals;
  /** {@link #clockVariables} by process definition. */
  private final java.util.Map<String, Set<String>> clocks = new java.util.concurrent.ConcurrentHashMap<>();

  public StatutoryTimerGuard(ManagementService management, RuntimeService runtime, RepositoryService repository,
                             IdentityService identity, CommandExecutor commands, Refusals refusals) {
    this.management = management;
    this.runtime = runtime;
    this.repository = repository;
    this.identity = identity;
    this.commands = commands;
    this.refusals = refusals;
  }

  /** What a request does to jobs, read from its method and path; empty for anything else. */
  private record Call(String kind, Matcher path) {}

  private static Optional<Call> call(HttpServletRequest request) {
    String method = request.getMethod();
    if (List.of("PUT", "POST", "DELETE").contains(method)) {
      Optional<Matcher> variables = TaskVariableGuard.match(VARIABLES, request);
      if (variables.isPresent()) {
        return Optional.of(new Call("variables", variables.get()));
      }
    }
    Optional<Matcher> job = TaskVariableGuard.match(JOB_CALL, request);
    if (job.isPresent()) {
      String action = job.get().group(4);
      boolean expected = switch (action) {
        case "duedate", "retries" -> "PUT".equals(method);
        default -> "POST".equals(method); // recalculate, execute
      };
      return expected ? Optional.of(new Call(action, job.get())) : Optional.empty();
    }
    return switch (method) {
      case "DELETE" -> TaskVariableGuard.match(JOB, request).map(m -> new Call("delete", m));
      case "POST" -> TaskVariableGuard.match(JOBS_RETRIES, request).map(m -> new Call("jobs-retries", m))
          .or(() -> TaskVariableGuard.match(CASES_RETRIES, request).map(m -> new Call("cases-retries", m)))
          .or(() -> TaskVariableGuard.match(MIGRATION, request).map(m -> new Call("migration", m)))
          .or(() -> TaskVariableGuard.match(MODIFICATION, request).map(m -> new Call("modification", m)))
          .or(() -> TaskVariableGuard.match(BATCH_MODIFICATION, request).map(m -> new Call("batch-modification", m)))
          .or(() -> TaskVariableGuard.match(RESTART, request).map(m -> new Call("restart", m)))
          .or(() -> TaskVariableGuard.match(BATCH_VARIABLES, request).map(m -> new Call("batch-variables", m)))
          .or(() -> TaskVariableGuard.match(MESSAGE, request).map(m -> new Call("message", m)))
          .or(() -> TaskVariableGuard.match(SIGNAL, request).map(m -> new Call("signal", m)))
          .or(() -> TaskVariableGuard.match(EXTERNAL_TASK, request).map(m -> new Call("external-task", m)))
          .or(() -> TaskVariableGuard.match(CONDITION, request).map(m -> new Call("condition", m)))
          .or(() -> TaskVariableGuard.match(EXECUTION_TRIGGER, request).map(m -> new Call("execution", m)));
      case "PUT" -> TaskVariableGuard.match(DEFINITION_RETRIES, request).map(m -> new Call("definition-retries", m));
      default -> Optional.empty();
    };
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return call(request).isEmpty();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Call call = call(request).orElseThrow();
    // a variable's binary upload (a file of any size; the engine takes no Json value from one) is the engine's to read
    CachedBody body = "variables".equals(call.kind()) && (call.path().group(6) != null
        || "DELETE".equals(request.getMethod())) ? null : new CachedBody(request, TaskVariableGuard.MAX_BODY);
    Optional<Authentication> caller = Callers.of(identity, request, TaskVariableGuard.engine(call.path()));
    Optional<TaskVariableGuard.Refusal> refusal;
    if (caller.isEmpty()) {
      refusal = Optional.empty(); // the engine answers 401 itself
    } else if (body != null && !body.whole()) {
      refusal = Optional.of(TaskVariableGuard.TOO_LARGE);
    } else {
      // a name twice in one object: the engine and this guard would read different instructions (the body read once)
      refusal = body == null ? Optional.empty() : PeriodRestartGuard.repeatedName(body);
      if (refusal.isEmpty()) {
        JsonNode submitted = body == null ? MissingNode.getInstance() : body.json();
        refusal = malformedJson(call, submitted)
            .or(() -> refusal(caller.get(), call, submitted, request.getParameter("creationDateBased")));
      }
    }
    if (refusal.isPresent()) {
      if (refusal.get().status() == HttpServletResponse.SC_FORBIDDEN) {
        EngineCallGuard.forbid(refusals, caller.get(), request, response, refusal.get().message());
      } else {
        TaskVariableGuard.refuse(response, refusal.get());
      }
      return;
    }
    chain.doFilter(body == null ? request : body, response);
  }

  /**
   * A refusal of the applicant's own rating sent through the engine (it ends the rating period before its day and may
   * open a bad rating's verification): only the applicant rates, through /api/cases/{受理编号}/rating or the window's
   * rating device (国办发〔2019〕51号：不代为评价); alike a department's decision its own system posts (a forged one
   * replaced the department's review, and with {@code all: true} every department's waiting in any case).
   */
  private static Optional<TaskVariableGuard.Refusal> applicantsOwn(String message) {
    if (PostLevelDecision.MESSAGE.equals(message)) {
      return forbidden("部门业务系统的决定只能由该部门经 POST /api/cases/{受理编号}/level-decision 回传，"
          + "任何人不能经引擎接口代为回传（《行政许可法》第二十六条）。未作任何修改。");
    }
    return ApplicantRatings.MESSAGE.equals(message) ? forbidden("满意度评价只能由申请人本人通过评价页面或窗口评价器提交，"
        + "任何人不能经引擎接口代为评价，也不能借此提前结束评价期（国办发〔2019〕51号）。未作任何修改。") : Optional.empty();
  }


  /** Why {@code caller} may not make {@code call}, or empty where it is harmless or the engine is to answer. */
  Optional<TaskVariableGuard.Refusal> refusal(Authentication caller, Call call, JsonNode submitted,
                                              String creationDateBased) {
    // a new due date, or no retries left: a timer without retries is never acquired, so it never fires
    boolean withDueDate = submitted.has("dueDate") || submitted.path("retries").asInt(1) < 1;
    switch (call.kind()) {
      case "jobs-retries":
        if (!withDueDate) {
          return Optional.empty();
        }
        if (submitted.hasNonNull("jobQuery")) {
          return forbidden("按查询条件批量重试作业时不能指定到期日或把重试次数设为 0：其中可能有案件的法定期限计时器。请不指定到期日重试，"
              + "或逐个作业重试。" + LAWFUL_WAY);
        }
        for (JsonNode id : submitted.path("jobIds")) {
          // as the system: the engine's batch collects the jobs it names without the caller's checks
          if (visible(null, id.asText()).filter(this::caseTimer).isPresent()) {
            return forbidden(LAWFUL_WAY);
          }
        }
        return Optional.empty();
      case "cases-retries":
        // the batch gives the date to every job of the cases chosen, their statutory timers included
        return withDueDate ? forbidden("按案件批量重试作业时不能指定到期日或把重试次数设为 0：它们会写到案件的全部作业上，包括法定期限"
            + "计时器。请不指定到期日重试。" + LAWFUL_WAY) : Optional.empty();
      case "migration":
        // updated event triggers recalculate every timer of the cases from the day of the migration
        for (JsonNode instruction : submitted.path("migrationPlan").path("instructions")) {
          if (instruction.path("updateEventTrigger").asBoolean()) {
            return forbidden("迁移案件时不能更新事件触发器（updateEventTrigger）：计时器会从迁移之日起重新计算，"
                + "法定期限被重新起算。请用 POST /api/admin/migrations 迁移，案件保留原有期限。" + LAWFUL_WAY);
          }
        }
        return unmappedTimer(submitted.path("migrationPlan")) ? forbidden("迁移案件时，环节上的计时器须与环节一同映射"
            + "（在 sourceActivityIds 中列出计时器事件）：未映射的计时器会被删除，新版本的计时器从迁移之日起重新计时。"
            + "请用 POST /api/admin/migrations 迁移，案件保留原有期限。" + LAWFUL_WAY) : Optional.empty();
      case "message":
        return applicantsOwn(submitted.path("messageName").asText()).or(() -> clockRefusal(caller, call, submitted));
      case "variables", "batch-variables", "signal", "external-task", "condition":
        return clockRefusal(caller, call, submitted);
      case "execution":
        // a signal makes an execution waiting at a timer event leave it: the timer executed before its day
        return applicantsOwn(call.path().group(4)).or(() -> clockRefusal(caller, call, submitted)).or(() -> waitsAtTimer(caller, call.path().group(3))
            ? forbidden("执行正在等待计时器，不能通过 signal 使其离开：这等于在期限届满前执行计时器。" + LAWFUL_WAY)
            : Optional.empty());
      case "modification", "batch-modification", "restart":
        return clockRefusal(caller, call, submitted).or(() -> modificationRefusal(caller, call, submitted));
      case "definition-retries":
        return withDueDate && caseTimers(caller, call.path().group(3)) ? forbidden(LAWFUL_WAY) : Optional.empty();
      case "retries":
        if (!withDueDate) {
          return Optional.empty(); // a retry keeps the date the timer had
        }
        break;
      default:
        break;
    }
    Optional<Job> job = visible(caller, call.path().group(3));
    if (job.isEmpty()) {
      return Optional.of(new TaskVariableGuard.Refusal(404, NO_JOB));
    }
    if (!caseTimer(job.get())) {
      return "duedate/recalculate".equals(call.kind())
          ? Optional.of(new TaskVariableGuard.Refusal(400, "只有计时器的到期日可以重算。未作任何修改。")) : Optional.empty();
    }
    return switch (call.kind()) {
      case "execute" -> job.get().getDuedate() != null && job.get().getDuedate().after(ClockUtil.getCurrentTime())
          ? forbidden("计时器未到期，不能提前执行：期限届满前不发生超时的后果。" + LAWFUL_WAY) : Optional.empty();
      case "duedate/recalculate" -> moves(caller, job.get(), fromCreation(creationDateBased))
          ? forbidden("重算会改变案件的法定期限（" + (fromCreation(creationDateBased) ? "按创建时间" : "从现在起")
              + "重新计算）。" + LAWFUL_WAY) : Optional.empty();
      default -> forbidden(LAWFUL_WAY); // duedate, retries with a due date, delete
    };
  }

  /**
   * Why a process instance modification (one case, a batch, or a restart of ended cases) may not be made: starting a
   * timer event, or the flow leaving one, is the timer executed before its day (超时默认 at once); and cancelling or
   * starting a step whose timer counts from when the step was reached, while it runs (or the call or subprocess that
   * holds it), restarts that period or removes it. Moving a case elsewhere, or where its timers read their dates from
   * the case, stays the administrator's (a decided case sent back while its evaluation period runs). A case or
   * definition the caller cannot see is left to the engine. A restart at a step whose timer counts from its start (the
   * period counted again from the restart) is {@link PeriodRestartGuard}'s.
   */
  private Optional<TaskVariableGuard.Refusal> modificationRefusal(Authentication caller, Call call, JsonNode submitted) {
    JsonNode instructions = submitted.path("instructions");
    Optional<String> definition = switch (call.kind()) {
      case "modification" -> Callers.as(identity, caller, () -> runtime.createProcessInstanceQuery()
          .processInstanceId(call.path().group(3)).list().stream().findFirst().map(ProcessInstance::getProcessDefinitionId));
      case "restart" -> Callers.as(identity, caller, () -> TaskVariableGuard.definition(repository, call.path()));
      default -> Optional.ofNullable(submitted.path("processDefinitionId").textValue());
    };
    if ("modification".equals(call.kind()) && definition.isEmpty()) {
      return Optional.of(new TaskVariableGuard.Refusal(404, NO_CASE)); // the engine answered 500 in English
    }
    if (instructions.isEmpty() || definition.isEmpty()) {
      return Optional.empty(); // the engine answers (400, 403 or 404)
    }
    return Callers.as(identity, null, () -> {
      BpmnModelInstance model;
      try {
        model = repository.getBpmnModelInstance(definition.get());
      } catch (ProcessEngineException noSuchDefinition) {
        return Optional.<TaskVariableGuard.Refusal>empty();
      }
      for (JsonNode instruction : instructions) {
        String type = instruction.path("type").asText();
        ModelElementInstance started = "startTransition".equals(type)
            && model.getModelElementById(instruction.path("transitionId").asText()) instanceof SequenceFlow flow
            ? flow.getSource() : model.getModelElementById(instruction.path("activityId").asText());
        // a timer caught again waits for its date; a boundary timer started, or any timer left, has fired
        boolean waitsAgain = "startBeforeActivity".equals(type) && started instanceof IntermediateCatchEvent;
        if (type.startsWith("start") && timerEvent(started) && !waitsAgain) {
          return forbidden("不能通过流程实例修改启动计时器事件或其后的连线：这等于在期限届满前执行计时器。" + LAWFUL_WAY);
        }
      }
      if ("restart".equals(call.kind()) || !counting(call, submitted, definition.get(), model)) {
        return Optional.<TaskVariableGuard.Refusal>empty();
      }
      return forbidden("案件正处于从到达环节起计算的法定期限中（如受理审查的五个工作日）：修改案件所处的环节会重新起算或取消"
          + "这一期限。请待该环节办结后再修改，或按法定环节办理。" + LAWFUL_WAY);
    });
  }

  /**
   * Why {@code call} may not set or delete these variables: a case's clock ({@link CaseClock#VARIABLES}) and the dates
   * its timers read ({@code ${issueDueAt}}) are the statutory periods themselves — written, they move the deadline the
   * next time a timer is created or recalculated, and the on-time record (CaseFacts) at once. Checked against the case's
   * model, or for a batch, a message or a signal against every deployed model's.
   */
  private Optional<TaskVariableGuard.Refusal> clockRefusal(Authentication caller, Call call, JsonNode submitted) {
    Set<String> names = new TreeSet<>();
    Optional<String> definition = Optional.empty();
    switch (call.kind()) {
      case "variables", "execution" -> {
        boolean variables = "variables".equals(call.kind());
        if (variables) {
          Optional.ofNullable(call.path().group(5)).ifPresent(names::add);
          submitted.path("deletions").forEach(name -> names.add(name.asText()));
        }
        String id = call.path().group(variables ? 4 : 3);
        definition = Callers.as(identity, caller, () -> (!variables || "execution".equals(call.path().group(3))
            ? runtime.createExecutionQuery().executionId(id).list().stream().findFirst()
                .map(org.camunda.bpm.engine.runtime.Execution::getProcessInstanceId) : Optional.of(id))
            .flatMap(instance -> runtime.createProcessInstanceQuery().processInstanceId(instance).list().stream()
                .findFirst().map(ProcessInstance::getProcessDefinitionId)));
        if (definition.isEmpty()) {
          return Optional.of(new TaskVariableGuard.Refusal(404, NO_CASE)); // the engine answered 500 in English
        }
      }
      default -> { } // a message, signal, batch, modification, external task, condition: every model's clock
    }
    written(call, submitted).forEach(values -> values.fieldNames().forEachRemaining(names::add));
    if (names.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> model = definition;
    names.retainAll(Callers.as(identity, null, () -> model.map(this::clockVariables).orElseGet(() -> repository
        .createProcessDefinitionQuery().list().stream().flatMap(each -> clockVariables(each.getId()).stream())
        .collect(Collectors.toSet()))));
    return names.isEmpty() ? Optional.empty() : forbidden("案件的期限变量由流程按法定期限表和工作日历计算，不能通过引擎接口"
        + "设置或删除：" + String.join("、", names) + "。" + LAWFUL_WAY);
  }

  /**
   * The variables {@code call} writes with {@code submitted}, as sent: each an object of name → {value, type, valueInfo}
   * (a case's or execution's modifications, a message's three kinds, a signal's, a batch's, an external task's and its
   * local ones, a condition's, a modification's instructions', a migration plan's). A variable named in the path is
   * the body itself ({@link #malformedJson}).
   */
  static List<JsonNode> written(Call call, JsonNode submitted) {
    List<JsonNode> written = new ArrayList<>();
    switch (call.kind()) {
      case "variables" -> written.add(submitted.path("modifications"));
      case "message" -> MESSAGE_VARIABLES.forEach(field -> written.add(submitted.path(field)));
      case "execution", "batch-variables", "signal", "condition" -> written.add(submitted.path("variables"));
      case "external-task" -> List.of("variables", "localVariables").forEach(field -> written.add(submitted.path(field)));
      case "migration" -> written.add(submitted.path("migrationPlan").path("variables"));
      case "modification", "batch-modification", "restart" -> submitted.path("instructions")
          .forEach(instruction -> written.add(instruction.path("variables")));
      default -> { } // a job's call writes no variables
    }
    return written;
  }

  /**
   * A refusal of variables typed {@code Json} whose text is not JSON ({@link TaskVariableGuard#malformedJson}), on
   * every call that writes a case's variables: stored unread, they made reading the case's variables fail (500) and
   * Tasklist's forms of the case fail for every clerk.
   */
  static Optional<TaskVariableGuard.Refusal> malformedJson(Call call, JsonNode submitted) {
    Set<String> malformed = new TreeSet<>();
    written(call, submitted).forEach(values -> malformed.addAll(TaskVariableGuard.malformedJson(values)));
    if ("variables".equals(call.kind()) && call.path().group(5) != null && TaskVariableGuard.notJson(submitted)) {
      malformed.add(call.path().group(5));
    }
    return malformed.isEmpty() ? Optional.empty() : Optional.of(TaskVariableGuard.malformedRefusal(malformed));
  }

  /** The case clock's variables and those the model's timers read their dates from; a definition never changes. */
  private Set<String> clockVariables(String definitionId) {
    return clocks.computeIfAbsent(definitionId, id -> {
      Set<String> clock = new HashSet<>(CaseClock.VARIABLES);
      for (TimerEventDefinition timer : repository.getBpmnModelInstance(id)
          .getModelElementsByType(TimerEventDefinition.class)) {
        Matcher read = timer.getTimeDate() == null ? null : READ_FROM_CASE.matcher(timer.getTimeDate().getTextContent());
        if (read != null && read.matches()) {
          clock.add(read.group(1));
        }
      }
      return Set.copyOf(clock);
    });
  }

  /**
   * Whether the execution, as {@code caller} sees it, waits at a timer event of its case's model, or at an event-based
   * gateway with one.
   */
  private boolean waitsAtTimer(Authentication caller, String executionId) {
    return Callers.as(identity, caller, () -> runtime.createExecutionQuery().executionId(executionId).list()).stream()
        .map(ExecutionEntity.class::cast).filter(execution -> execution.getActivityId() != null)
        .anyMatch(execution -> Callers.as(identity, null, () -> {
          ModelElementInstance step = repository.getBpmnModelInstance(execution.getProcessDefinitionId())
              .getModelElementById(execution.getActivityId());
          // an event-based gateway waits for its events, a timer among them (the engine answered its signal with 500)
          return timerEvent(step) || step instanceof EventBasedGateway gateway && gateway.getOutgoing().stream()
              .anyMatch(flow -> timerEvent(flow.getTarget()));
        }));
  }

  /** Whether a migration plan maps a step without the timer attached to it ({@link #unmappedTimers}). */
  private boolean unmappedTimer(JsonNode plan) {
    Set<String> mapped = new HashSet<>();
    plan.path("instructions").forEach(instruction -> instruction.path("sourceActivityIds")
        .forEach(id -> mapped.add(id.asText())));
    return Callers.as(identity, null, () -> {
      try {
        return !unmappedTimers(repository.getBpmnModelInstance(plan.path("sourceProcessDefinitionId").asText()), mapped)
            .isEmpty();
      } catch (ProcessEngineException noSuchDefinition) {
        return false; // the engine answers
      }
    });
  }

  /**
   * The boundary timers of {@code source} whose step a migration maps ({@code mapped}: its source activities) but not
   * the timer itself: the engine removes such a timer and creates the target's boundary timer anew, counted from the
   * day of the migration — the period restarted. Also used by ModelMigration (POST /api/admin/migrations).
   */
  public static List<String> unmappedTimers(BpmnModelInstance source, Set<String> mapped) {
    return source.getModelElementsByType(BoundaryEvent.class).stream().filter(boundary -> timerEvent(boundary)
        && mapped.contains(boundary.getAttachedTo().getId()) && !mapped.contains(boundary.getId()))
        .map(BoundaryEvent::getId).sorted().toList();
  }

  /** Whether an element is a timer event (boundary or intermediate catch). */
  private static boolean timerEvent(ModelElementInstance element) {
    return element instanceof CatchEvent event
        && event.getEventDefinitions().stream().anyMatch(TimerEventDefinition.class::isInstance);
  }

  /**
   * Whether the modification cancels or starts a step (or the call or subprocess holding it) whose timer, counted from
   * when the step was reached, is running: in the case named, or the batch's cases by id; a batch chosen by query, in
   * any case of its definition (or a process such a case calls).
   */
  private boolean counting(Call call, JsonNode submitted, String definition, BpmnModelInstance model) {
    JsonNode instructions = submitted.path("instructions");
    List<String> cases = new ArrayList<>();
    if ("modification".equals(call.kind())) {
      cases.add(call.path().group(3));
    }
    submitted.path("processInstanceIds").forEach(id -> cases.add(id.asText()));
    for (String id : cases) {
      Optional<String> root = runtime.createProcessInstanceQuery().processInstanceId(id).list().stream().findFirst()
          .map(ProcessInstance::getRootProcessInstanceId);
      if (root.isPresent()) {
        Set<String> touched = touched(model, instructions, id);
        if (management.createJobQuery().timers().rootProcessInstanceId(root.get()).list().stream()
            .anyMatch(timer -> touches(timer, id.equals(timer.getProcessInstanceId()), touched, model))) {
          return true;
        }
      }
    }
    if (!submitted.hasNonNull("processInstanceQuery") && !submitted.hasNonNull("historicProcessInstanceQuery")) {
      return false;
    }
    // by the timers' job definitions (a few per model) and a count, not every running timer of the installation
    Set<String> touched = touched(model, instructions, null);
    List<JobDefinition> timers = new ArrayList<>(management.createJobDefinitionQuery().processDefinitionId(definition)
        .list());
    model.getModelElementsByType(CallActivity.class).stream()
        .filter(calling -> touched.contains(calling.getId()) && calling.getCalledElement() != null)
        .forEach(calling -> timers.addAll(management.createJobDefinitionQuery()
            .processDefinitionKey(calling.getCalledElement()).list()));
    return timers.stream()
        .filter(timer -> touches(timer, definition.equals(timer.getProcessDefinitionId()), touched, model))
        .anyMatch(timer -> management.createJobQuery().jobDefinitionId(timer.getId()).count() > 0);
  }

  /**
   * The steps a modification's instructions cancel or start in {@code model} (an instance's cancelled activity read from
   * the case's activity tree; a subprocess with every step it holds; the whole case where its root is cancelled).
   */
  private Set<String> touched(BpmnModelInstance model, JsonNode instructions, String instance) {
    Set<String> touched = new HashSet<>();
    ActivityInstance tree = instance == null ? null : runtime.getActivityInstance(instance);
    for (JsonNode instruction : instructions) {
      String activity = PeriodRestartGuard.step(instruction.path("activityId").asText(""));
      touched.add(activity);
      if ("startAfterActivity".equals(instruction.path("type").asText())
          && model.getModelElementById(activity) instanceof FlowNode node) {
        node.getOutgoing().forEach(flow -> touched.add(flow.getTarget().getId()));
      }
      if (model.getModelElementById(instruction.path("transitionId").asText()) instanceof SequenceFlow flow) {
        touched.add(flow.getTarget().getId());
      }
      for (String cancelled : List.of(instruction.path("activityInstanceId").asText(""),
          instruction.path("transitionInstanceId").asText(""))) {
        if (tree != null && tree.getId().equals(cancelled)) {
          model.getModelElementsByType(FlowNode.class).forEach(node -> touched.add(node.getId()));
        } else if (tree != null && !cancelled.isEmpty()) {
          activityOf(tree, cancelled).map(PeriodRestartGuard::step).ifPresent(touched::add);
        }
      }
    }
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      for (ModelElementInstance scope = node.getParentElement(); scope != null; scope = scope.getParentElement()) {
        if (scope instanceof SubProcess sub && touched.contains(sub.getId())) {
          touched.add(node.getId());
        }
      }
    }
    return touched;
  }

  /** The step of an activity or transition instance in a case's activity tree. */
  private static Optional<String> activityOf(ActivityInstance tree, String instanceId) {
    if (tree.getId().equals(instanceId)) {
      return Optional.of(tree.getActivityId());
    }
    for (var transition : tree.getChildTransitionInstances()) {
      if (transition.getId().equals(instanceId)) {
        return Optional.of(transition.getActivityId());
      }
    }
    for (ActivityInstance child : tree.getChildActivityInstances()) {
      Optional<String> found = activityOf(child, instanceId);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code timer} counts from when its step was reached and the modification touches it: in the instance
   * modified ({@code here}), its step (the event, or the activity a boundary event is attached to); in a process the
   * instance calls, the call.
   */
  private boolean touches(Job timer, boolean here, Set<String> touched, BpmnModelInstance model) {
    return timer.getProcessInstanceId() != null && management.createJobDefinitionQuery()
        .jobDefinitionId(timer.getJobDefinitionId()).list().stream()
        .anyMatch(definition -> touches(definition, here, touched, model));
  }

  /** As {@link #touches(Job, boolean, Set, BpmnModelInstance)}, for every timer of a job definition. */
  private boolean touches(JobDefinition timer, boolean here, Set<String> touched, BpmnModelInstance model) {
    Optional<ModelElementInstance> event = fromNow(timer);
    if (event.isEmpty()) {
      return false;
    }
    if (here) {
      return touched.contains(((FlowNode) event.get()).getId()) || event.get() instanceof BoundaryEvent boundary
          && touched.contains(boundary.getAttachedTo().getId());
    }
    return model.getModelElementsByType(CallActivity.class).stream()
        .anyMatch(call -> touched.contains(call.getId()) && timer.getProcessDefinitionKey().equals(call.getCalledElement()));
  }

  /**
   * The timer's event if the job definition is of a case's timer whose date is counted from when its step was
   * reached, not read from the case; empty otherwise.
   */
  private Optional<ModelElementInstance> fromNow(JobDefinition definition) {
    if (!CASE_TIMER_TYPES.contains(definition.getJobType())) {
      return Optional.empty();
    }
    ModelElementInstance element = repository.getBpmnModelInstance(definition.getProcessDefinitionId())
        .getModelElementById(definition.getActivityId());
    TimerEventDefinition timer = element instanceof CatchEvent event ? event.getEventDefinitions().stream()
        .filter(TimerEventDefinition.class::isInstance).map(TimerEventDefinition.class::cast).findFirst().orElse(null)
        : null;
    // a task listener's timeout (its task is the element), or a duration or cycle: counted from when it was created
    boolean counted = timer == null || countedFromNow(timer);
    return counted && element instanceof FlowNode ? Optional.of(element) : Optional.empty();
  }

  /**
   * Whether a timer's date is counted from when the timer is created (a period function, a duration, a cycle), not read
   * from the case ({@code ${timeLimitDueAt}}): created on another day, it gives another date.
   */
  static boolean countedFromNow(TimerEventDefinition timer) {
    return timer.getTimeDate() == null || !READ_FROM_CASE.matcher(timer.getTimeDate().getTextContent()).matches();
  }

  /** The query parameter as the engine's resource reads it: true where absent, else only "true" (any case) is. */
  static boolean fromCreation(String creationDateBased) {
    return creationDateBased == null || Boolean.parseBoolean(creationDateBased);
  }

  private static Optional<TaskVariableGuard.Refusal> forbidden(String message) {
    return Optional.of(new TaskVariableGuard.Refusal(HttpServletResponse.SC_FORBIDDEN, message));
  }

  /**
   * The job, if {@code caller} may see it (its case's township and read rights; the engine's query checks both), or if
   * it exists where {@code caller} is null.
   */
  private Optional<Job> visible(Authentication caller, String jobId) {
    return Callers.as(identity, caller,
        () -> management.createJobQuery().jobId(jobId).list().stream().findFirst());
  }

  /** Whether a job is a timer of a case (not a start timer, not an asynchronous step). */
  private boolean caseTimer(Job job) {
    // the job query maps each row to its type's entity: no second query to ask whether it is a timer
    return job.getProcessInstanceId() != null && job instanceof TimerEntity;
  }

  /** Whether the job definition, as {@code caller} sees it, is of a timer that belongs to cases. */
  private boolean caseTimers(Authentication caller, String definitionId) {
    return Callers.as(identity, caller, () -> management.createJobDefinitionQuery().jobDefinitionId(definitionId)
        .list().stream().map(JobDefinition::getJobType).anyMatch(CASE_TIMER_TYPES::contains));
  }

  /**
   * Whether recalculating {@code job} would give it another due date: the engine's own recalculation, run as the
   * caller and rolled back. Counted from the timer's creation or from now, a timer whose date the model reads from the
   * case (its promised date) gets the same date; one counted from now (a period that starts when the case reaches the
   * step) restarts — even "creation-date based", because the model's date function counts from the clock. A caller
   * the engine refuses (no right to update the case) is left to the engine's answer.
   */
  private boolean moves(Authentication caller, Job job, boolean creationDateBased) {
    try {
      Callers.as(identity, caller, () -> commands.execute(command -> {
        new RecalculateJobDuedateCmd(job.getId(), creationDateBased).execute(command);
        throw new Recalculated(command.getJobManager().findJobById(job.getId()).getDuedate());
      }));
      return false;
    } catch (Recalculated recalculated) {
      Date due = job.getDuedate();
      return recalculated.due == null || due == null ? recalculated.due != due
          : recalculated.due.getTime() != due.getTime();
    } catch (ProcessEngineException refusedByTheEngine) {
      return false;
    }
  }

  /** Ends the trial recalculation with its result, so that its transaction rolls back (logged at debug level). */
  private static final class Recalculated extends BadUserRequestException {
    final Date due;

    Recalculated(Date due) {
      super("trial recalculation");
      this.due = due;
    }
  }
}
