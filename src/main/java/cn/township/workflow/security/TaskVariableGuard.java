package cn.township.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.rest.mapper.JacksonConfigurator;
import org.camunda.bpm.engine.task.Task;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Whoever may work a task may set, with it, only what the task's form asks: completing it, submitting its form,
 * resolving it, throwing a BPMN error or escalation from it, or setting or deleting its variables (over /engine-rest
 * and Tasklist's own API) with any other name is refused with 400 in Chinese and changes nothing. Without this a clerk could complete a step with, say,
 * {@code timeLimitDueAt}, {@code hearingRequired} or {@code applicantName} and so move a statutory deadline, skip a
 * mandatory step or rewrite the applicant's application. A task outside any case (a standalone task) keeps its own
 * variables and is not checked; a task of a case without a deployed form may be completed without variables only.
 * Alike, a case is started only at its start with its start form's fields ({@link #startRefusal}), a case's task keeps
 * the name, deadline, case and township the model gave it ({@link #updateRefusal}), and no variable is sent as a
 * serialized object ({@link #serializedObjects}).
 */
public class TaskVariableGuard extends OncePerRequestFilter {

  /** A submission is a form's values: far below this; anything larger is refused unread. */
  static final int MAX_BODY = 1 << 20;
  /** The answer to a body over {@link #MAX_BODY}, unread. */
  static final Refusal TOO_LARGE = new Refusal(413, "提交的内容过大（超过 1 MB），未作任何修改。");
  /** Groups: the engine's name (/engine-rest/engine/{name}, or the webapps'), the task, the call, a variable's name. */
  public static final String ENGINE = "^(?:/engine-rest(?:/engine/([^/]+))?|/camunda/api/engine/engine/([^/]+))";
  /** A process definition in a path, groups after {@link #ENGINE}'s two: its key and tenant, or its id. */
  static final String DEFINITION = "/process-definition/(?:key/([^/]+)(?:/tenant-id/([^/]+))?|([^/]+))";
  private static final Pattern TASK_CALL = Pattern.compile(ENGINE + "/task/([^/]+)/(complete|submit-form|resolve"
      + "|bpmnError|bpmnEscalation|variables|localVariables)(?:/([^/]+)(?:/data)?)?/?$");
  /** Groups: the engine's name (two), the task, the call (claim, assignee, delegate, identity-links[/delete]). */
  private static final Pattern TASK_HOLDER = Pattern.compile(ENGINE + "/task/([^/]+)/(claim|assignee|delegate"
      + "|identity-links(?:/delete)?)/?$");
  /** Groups: the engine's name (two), the task. */
  private static final Pattern TASK_UPDATE = Pattern.compile(ENGINE + "/task/([^/]+)/?$");
  /** Groups: the engine's name (two), the definition's key and tenant, or its id. */
  private static final Pattern START = Pattern.compile(ENGINE + DEFINITION + "/(?:start|submit-form)/?$");
  /** What {@code PUT /task/{id}} sets that only the model sets: the step, its deadline, its case and township. */
  private static final Set<String> SET_BY_MODEL = Set.of("name", "description", "priority", "due", "parentTaskId",
      "caseInstanceId", "tenantId");
  /** Start variables read before any form: the township a case is registered for ({@link TownshipTenantIdProvider}). */
  private static final Set<String> START_TOWNSHIP = Set.of("townshipId", TownshipTenantIdProvider.HANDLING);
  /** A multipart part named {@code type}: the engine's binary variable upload then deserializes into that class. */
  private static final Pattern MULTIPART_OBJECT = Pattern.compile("(?i)content-disposition:[^\\r\\n]*\\bname=\"?type\"?(?:[;\\s]|$)");

  private final TaskService tasks;
  private final DeployedFormFields forms;
  private final IdentityService identity;
  private final RepositoryService repository;

  TaskVariableGuard(TaskService tasks, DeployedFormFields forms, IdentityService identity,
                    RepositoryService repository) {
    this.tasks = tasks;
    this.forms = forms;
    this.identity = identity;
    this.repository = repository;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
        || "OPTIONS".equals(request.getMethod()) || call(request).isEmpty() && update(request).isEmpty()
        && start(request).isEmpty() && holder(request).isEmpty();
  }

  /**
   * The task and what is called on it, from the path as the container maps it (decoded, dot segments, doubled slashes
   * and path parameters removed), so that what is checked is what the resource receives.
   */
  private static Optional<Matcher> call(HttpServletRequest request) {
    return match(TASK_CALL, request);
  }

  /** {@code PUT /task/{id}}: a task's name, deadline, case or township rewritten (the engine lets any candidate). */
  private static Optional<Matcher> update(HttpServletRequest request) {
    return "PUT".equals(request.getMethod()) ? match(TASK_UPDATE, request) : Optional.empty();
  }

  /** Who holds a task: claimed for, assigned or delegated to, or its candidates changed. */
  private static Optional<Matcher> holder(HttpServletRequest request) {
    return "POST".equals(request.getMethod()) ? match(TASK_HOLDER, request) : Optional.empty();
  }

  /** Starting a case ({@code start}, {@code submit-form}) by the definition's id or key. */
  private static Optional<Matcher> start(HttpServletRequest request) {
    return "POST".equals(request.getMethod()) ? match(START, request) : Optional.empty();
  }

  /** The path as the container maps it, matched whole against a pattern of the engine's REST API. */
  public static Optional<Matcher> match(Pattern pattern, HttpServletRequest request) {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    Matcher matcher = pattern.matcher(path);
    return matcher.matches() ? Optional.of(matcher) : Optional.empty();
  }

  /** The engine a call matched by a pattern starting with {@link #ENGINE} names (groups one and two). */
  static String engine(Matcher call) {
    return call.group(2) != null ? call.group(2) : call.group(1) != null ? call.group(1) : "default";
  }

  /** A refusal: the status and the Chinese message. */
  record Refusal(int status, String message) {}

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    CachedBody body = new CachedBody(request, MAX_BODY);
    Optional<Refusal> refusal;
    if (!body.whole()) {
      refusal = Optional.of(TOO_LARGE);
    } else if (holder(request).isPresent()) {
      Matcher holder = holder(request).get();
      refusal = holderRefusal(caller(request, engine(holder)), holder.group(3), holder.group(4), body.json());
    } else if (update(request).isPresent()) {
      Matcher update = update(request).get();
      refusal = updateRefusal(caller(request, engine(update)), update.group(3), body.json());
    } else if (start(request).isPresent()) {
      Matcher start = start(request).get();
      refusal = startRefusal(caller(request, engine(start)), start, body.json());
    } else {
      refusal = callRefusal(request, call(request).orElseThrow(), body);
    }
    if (refusal.isPresent()) {
      refuse(response, refusal.get());
      return;
    }
    chain.doFilter(body, response);
  }

  /** Why a call that sets or deletes a task's variables ({@link #TASK_CALL}) may not be made, or empty. */
  private Optional<Refusal> callRefusal(HttpServletRequest request, Matcher call, CachedBody body) {
    Optional<Authentication> caller = caller(request, engine(call));
    String action = call.group(4);
    Set<String> names = new LinkedHashSet<>();
    Set<String> objects = new TreeSet<>();
    Set<String> malformed = new TreeSet<>();
    JsonNode submitted = body.json();
    if (call.group(5) != null) {
      names.add(call.group(5));
      boolean binary = request.getPathInfo() != null && request.getPathInfo().matches(".*/data/?");
      if (binary ? MULTIPART_OBJECT.matcher(new String(body.bytes(), StandardCharsets.ISO_8859_1)).find()
          : serializedObject(submitted)) {
        objects.add(call.group(5));
      }
      if (!binary && notJson(submitted)) {
        malformed.add(call.group(5));
      }
    } else if ("POST".equals(request.getMethod())) {
      JsonNode values = "variables".equals(action) || "localVariables".equals(action)
          ? submitted.path("modifications") : submitted.path("variables");
      values.fieldNames().forEachRemaining(names::add);
      objects.addAll(serializedObjects(values));
      malformed.addAll(malformedJson(values));
      submitted.path("deletions").forEach(name -> names.add(name.asText()));
    }
    if (!objects.isEmpty() && caller.isPresent()) {
      return Optional.of(objectRefusal(objects));
    }
    if (!malformed.isEmpty() && caller.isPresent()) {
      return Optional.of(malformedRefusal(malformed));
    }
    return names.isEmpty() ? Optional.empty() : refusal(caller, call.group(3), names);
  }

  /**
   * Who calls: over /engine-rest the user our authentication filter has set; over a webapp's API the user logged into
   * that engine in this browser session.
   */
  private Optional<Authentication> caller(HttpServletRequest request, String engine) {
    return Callers.of(identity, request, engine);
  }


  /**
   * Why {@code names} may not be set with task {@code taskId} by {@code caller}, or empty if they may or if the engine
   * is to refuse the call itself (no caller, or a task the caller cannot see: 401, 403 or 404 as elsewhere).
   */
  Optional<Refusal> refusal(Optional<Authentication> caller, String taskId, Set<String> names) {
    if (caller.isEmpty()) {
      return Optional.empty();
    }
    if (caseTask(caller.get(), taskId).isEmpty()) {
      return Optional.empty();
    }
    Set<String> other = new TreeSet<>(names);
    other.removeAll(as(caller.get(), () -> formFields(taskId)));
    return other.isEmpty() ? Optional.empty() : Optional.of(new Refusal(400, "办理任务只能提交本任务表单的内容，"
        + "不能修改：" + String.join("、", other) + "。未作任何修改。"));
  }

  /**
   * The task, if {@code caller} may see it and it belongs to a case; empty for a task the caller cannot see (the engine
   * answers 401, 403 or 404 as elsewhere) and for a standalone task, whose data is its own.
   */
  private Optional<Task> caseTask(Authentication caller, String taskId) {
    return as(caller, () -> Optional.ofNullable(tasks.createTaskQuery().taskId(taskId).singleResult()))
        .filter(task -> task.getProcessInstanceId() != null || task.getCaseInstanceId() != null);
  }

  /**
   * Why a case's task may not be held so: claimed for, assigned or delegated to someone who is not among its
   * candidates (the engine lets anyone who may work a task name any user: a window clerk could hand the review to
   * another clerk, and role separation would be gone), or its candidates changed (the model sets them; 职位代理 goes
   * through /api/absences). Unclaiming, and holding it oneself or handing it to another candidate, stay the engine's.
   */
  Optional<Refusal> holderRefusal(Optional<Authentication> caller, String taskId, String action, JsonNode submitted) {
    if (caller.isEmpty()) {
      return Optional.empty();
    }
    Optional<Task> task = caseTask(caller.get(), taskId);
    if (task.isEmpty()) {
      return Optional.empty();
    }
    String user = submitted.path("userId").isTextual() ? submitted.path("userId").asText() : null;
    if (action.startsWith("identity-links")) {
      String type = submitted.path("type").asText();
      if (!"assignee".equals(type) && !"owner".equals(type)) {
        return Optional.of(new Refusal(400, "任务的候选岗位和候选人由流程设定，不能增删。未作任何修改。"));
      }
      if (action.endsWith("delete")) {
        return Optional.empty();
      }
    }
    if (user == null || user.isBlank() || user.equals(caller.get().getUserId()) && !"delegate".equals(action)) {
      return Optional.empty();
    }
    return notCandidate(task.get(), user);
  }

  /**
   * A refusal unless {@code user} is a candidate of {@code task}: named, or in a candidate group, and of the task's
   * township (the task's candidates and the user's groups read whoever asks).
   */
  private Optional<Refusal> notCandidate(Task task, String user) {
    boolean candidate = as(null, () -> {
      List<String> groups = identity.createGroupQuery().groupMember(user).list().stream()
          .map(org.camunda.bpm.engine.identity.Group::getId).toList();
      boolean named = tasks.getIdentityLinksForTask(task.getId()).stream()
          .filter(link -> org.camunda.bpm.engine.task.IdentityLinkType.CANDIDATE.equals(link.getType()))
          .anyMatch(link -> user.equals(link.getUserId()) || groups.contains(link.getGroupId()));
      return named && (task.getTenantId() == null || identity.createTenantQuery().userMember(user)
          .includingGroupsOfUser(true).tenantId(task.getTenantId()).count() > 0);
    });
    return candidate ? Optional.empty() : Optional.of(new Refusal(400, "只能交给本任务的候选岗位中同一乡镇的人员办理："
        + user + "不是“" + task.getName() + "”的候选人。未作任何修改。"));
  }

  /**
   * Why {@code PUT /task/{id}} with {@code submitted} may not change task {@code taskId}: it would change what only the
   * model sets ({@link #SET_BY_MODEL}: the statutory due date Tasklist and the overdue views show, the township the
   * task belongs to, its case). Assignee, owner, delegation and follow-up date stay the engine's to check.
   */
  Optional<Refusal> updateRefusal(Optional<Authentication> caller, String taskId, JsonNode submitted) {
    if (caller.isEmpty()) {
      return Optional.empty();
    }
    Optional<Task> task = caseTask(caller.get(), taskId);
    if (task.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> current = new java.util.HashMap<>();
    current.put("name", task.get().getName());
    current.put("description", task.get().getDescription());
    current.put("priority", task.get().getPriority());
    current.put("due", task.get().getDueDate() == null ? null : task.get().getDueDate().getTime());
    current.put("parentTaskId", task.get().getParentTaskId());
    current.put("caseInstanceId", task.get().getCaseInstanceId());
    current.put("tenantId", task.get().getTenantId());
    Set<String> changed = new TreeSet<>();
    for (String field : SET_BY_MODEL) {
      if (!java.util.Objects.equals(current.get(field), asSent(field, submitted.path(field)))) {
        changed.add(field);
      }
    }
    if (!changed.isEmpty()) {
      return Optional.of(new Refusal(400, "任务的名称、说明、优先级、办理期限、所属案件和乡镇由流程设定，办理人不能修改："
          + String.join("、", changed) + "。未作任何修改。"));
    }
    // the holder named in the update is held to the same rule as a claim or an assignment (holderRefusal)
    for (String holder : List.of("assignee", "owner")) {
      Object sent = asSent(holder, submitted.path(holder));
      String now = "assignee".equals(holder) ? task.get().getAssignee() : task.get().getOwner();
      if (sent != null && !sent.equals(now) && !sent.equals(caller.get().getUserId())) {
        Optional<Refusal> refusal = notCandidate(task.get(), sent.toString());
        if (refusal.isPresent()) {
          return refusal;
        }
      }
    }
    return Optional.empty();
  }

  /** A field of {@code PUT /task/{id}} as the engine would store it (absent is null, priority 0, a date its instant). */
  private static Object asSent(String field, JsonNode value) {
    if ("priority".equals(field)) {
      return value.isMissingNode() || value.isNull() ? 0 : value.isInt() ? value.intValue() : value.toString();
    }
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if ("due".equals(field)) {
      try {
        return new java.text.SimpleDateFormat(JacksonConfigurator.dateFormatString).parse(value.asText()).getTime();
      } catch (java.text.ParseException notADate) {
        return value.asText();
      }
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  /**
   * Why a case may not be started so: starting it at a later step or without its listeners ({@code startInstructions},
   * {@code skipCustomListeners}, {@code skipIoMappings}: the engine asks only for the right to start it) would skip
   * registration, intake, review and hearing; start variables other than the start form's fields and the township
   * would seed what a later step reads before it is ever set (as a task's variables would, {@link #refusal}); a
   * business key would stand for the receipt number registration gives.
   */
  Optional<Refusal> startRefusal(Optional<Authentication> caller, Matcher start, JsonNode submitted) {
    if (caller.isEmpty()) {
      return Optional.empty();
    }
    if (submitted.path("startInstructions").size() > 0 || submitted.path("skipCustomListeners").asBoolean()
        || submitted.path("skipIoMappings").asBoolean()) {
      return Optional.of(new Refusal(400, "案件只能从流程的开始环节启动，不能指定或跳过环节（startInstructions、"
          + "skipCustomListeners、skipIoMappings）。未作任何修改。"));
    }
    if (!submitted.path("businessKey").asText("").isBlank()) {
      // the receipt number registration assigns; a key sent with the start was stored first (a longer one failed, 500)
      return Optional.of(new Refusal(400, "受理编号（businessKey）由系统在登记时编号，启动案件时不能指定。未作任何修改。"));
    }
    Set<String> objects = serializedObjects(submitted.path("variables"));
    if (!objects.isEmpty()) {
      return Optional.of(objectRefusal(objects));
    }
    Set<String> malformed = malformedJson(submitted.path("variables"));
    if (!malformed.isEmpty()) {
      return Optional.of(malformedRefusal(malformed));
    }
    Set<String> other = new TreeSet<>();
    submitted.path("variables").fieldNames().forEachRemaining(other::add);
    if (other.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> definition = as(caller.get(), () -> definition(repository, start));
    if (definition.isEmpty()) {
      return Optional.empty(); // the engine answers (404, or 403 for a definition the caller may not see)
    }
    other.removeAll(START_TOWNSHIP);
    other.removeAll(startFormFields(definition.get()));
    return other.isEmpty() ? Optional.empty() : Optional.of(new Refusal(400, "启动案件只能提交开始表单的内容，"
        + "不能预设：" + String.join("、", other) + "。未作任何修改。"));
  }

  /**
   * The id of the definition a call addresses (groups three to five: key and tenant, or id): by id, or the latest of its
   * key (shared, or of the tenant named).
   */
  static Optional<String> definition(RepositoryService repository, Matcher start) {
    if (start.group(5) != null) {
      return repository.createProcessDefinitionQuery().processDefinitionId(start.group(5)).list().stream()
          .map(org.camunda.bpm.engine.repository.ProcessDefinition::getId).findFirst();
    }
    org.camunda.bpm.engine.repository.ProcessDefinitionQuery query = repository.createProcessDefinitionQuery()
        .processDefinitionKey(start.group(3)).latestVersion();
    query = start.group(4) == null ? query.withoutTenantId() : query.tenantIdIn(start.group(4));
    return query.list().stream().map(org.camunda.bpm.engine.repository.ProcessDefinition::getId).findFirst();
  }


  /** {@code work} as {@code who}, or as the system where {@code who} is null ({@link Callers#as}). */
  private <T> T as(Authentication who, java.util.function.Supplier<T> work) {
    return Callers.as(identity, who, work);
  }

  /**
   * The variables among {@code values} sent as serialized Java objects ({@code "type": "Object"} or an
   * {@code objectTypeName}): the engine would build an object of whatever class is named when the value is read (or, for
   * a binary upload with a {@code type} part, at once), and a class such as Spring's XML application context runs
   * code it fetches. A form submits strings, numbers, booleans, dates and JSON, never objects.
   */
  static Set<String> serializedObjects(JsonNode values) {
    return namesOf(values, TaskVariableGuard::serializedObject);
  }

  /** The names of the submitted variables (name → {value, type, valueInfo}) whose value is {@code such}, sorted. */
  private static Set<String> namesOf(JsonNode values, java.util.function.Predicate<JsonNode> such) {
    Set<String> names = new TreeSet<>();
    values.fields().forEachRemaining(value -> {
      if (such.test(value.getValue())) {
        names.add(value.getKey());
      }
    });
    return names;
  }

  private static boolean serializedObject(JsonNode value) {
    return "object".equalsIgnoreCase(value.path("type").asText())
        || !value.path("valueInfo").path("objectTypeName").asText().isEmpty();
  }

  /**
   * The variables among {@code values} typed {@code Json} whose text is not JSON. The engine stores the text unread;
   * Tasklist parses it whenever a form with that field opens, and the form then fails for every clerk ("表单错误：
   * Unexpected token …", seen in Chromium). A form submits JSON it wrote itself.
   */
  static Set<String> malformedJson(JsonNode values) {
    return namesOf(values, TaskVariableGuard::notJson);
  }

  static boolean notJson(JsonNode value) {
    if (!"json".equalsIgnoreCase(value.path("type").asText()) || !value.path("value").isTextual()) {
      return false;
    }
    try (com.fasterxml.jackson.core.JsonParser parser = CachedBody.JSON.createParser(value.path("value").asText())) {
      JsonNode tree = CachedBody.JSON.readTree(parser);
      return tree == null || tree.isMissingNode() || parser.nextToken() != null; // nothing, or more after one value
    } catch (IOException notJson) {
      return true;
    }
  }

  static Refusal malformedRefusal(Set<String> malformed) {
    return new Refusal(400, "以 Json 类型提交的变量必须是有效的 JSON：" + String.join("、", malformed) + "。未作任何修改。");
  }

  private static Refusal objectRefusal(Set<String> objects) {
    return new Refusal(400, "变量不能以序列化对象（Object 类型）提交：" + String.join("、", objects) + "。未作任何修改。");
  }

  /** The names the task's deployed form submits (its fields' keys, a group's or list's path), or none. */
  private Set<String> formFields(String taskId) {
    return forms.ofTask(taskId);
  }

  /** The names a definition's deployed start form submits, or none. */
  private Set<String> startFormFields(String definitionId) {
    return forms.ofStart(definitionId);
  }

  /** Answers with the refusal: its status, and the engine's JSON error shape with the Chinese message. */
  static void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
    EngineCallGuard.refuse(response, refusal.status(), "InvalidRequestException", refusal.message());
  }
}
