package cn.township.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Whoever may work a task may set, with it, only what the task's form asks: completing it, submitting its form,
 * resolving it, throwing a BPMN error or escalation from it, or setting or deleting its variables (over /engine-rest and Tasklist's own API) with any other name
 * is refused with 400 in Chinese and changes nothing. Without this a clerk could complete a step with, say,
 * {@code timeLimitDueAt}, {@code hearingRequired} or {@code applicantName} and so move a statutory deadline, skip a
 * mandatory step or rewrite the applicant's application. A task outside any case (a standalone task) keeps its own
 * variables and is not checked; a task of a case without a deployed form may be completed without variables only.
 */
public class TaskVariableGuard extends OncePerRequestFilter {

  /** A submission is a form's values: far below this; anything larger is refused unread. */
  static final int MAX_BODY = 1 << 20;
  /** Groups: the engine's name (/engine-rest/engine/{name}, or the webapps'), the task, the call, a variable's name. */
  private static final Pattern TASK_CALL = Pattern.compile("^(?:/engine-rest(?:/engine/([^/]+))?"
      + "|/camunda/api/engine/engine/([^/]+))/task/([^/]+)/(complete|submit-form|resolve|bpmnError|bpmnEscalation|variables|localVariables)"
      + "(?:/([^/]+)(?:/data)?)?/?$");
  private static final Set<String> INPUTLESS = Set.of("text", "button", "image", "spacer", "separator", "html",
      "iframe", "table", "documentPreview", "expression");

  private final TaskService tasks;
  private final FormService forms;
  private final IdentityService identity;
  private final ObjectMapper json = new ObjectMapper();

  public TaskVariableGuard(TaskService tasks, FormService forms, IdentityService identity) {
    this.tasks = tasks;
    this.forms = forms;
    this.identity = identity;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
        || "OPTIONS".equals(request.getMethod()) || call(request).isEmpty();
  }

  /**
   * The task and what is called on it, from the path as the container maps it (decoded, dot segments, doubled slashes
   * and path parameters removed), so that what is checked is what the resource receives.
   */
  private static Optional<Matcher> call(HttpServletRequest request) {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    Matcher matcher = TASK_CALL.matcher(path);
    return matcher.matches() ? Optional.of(matcher) : Optional.empty();
  }

  /** A refusal: the status and the Chinese message. */
  record Refusal(int status, String message) {}

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher call = call(request).orElseThrow();
    String engine = call.group(2) != null ? call.group(2) : call.group(1) != null ? call.group(1) : "default";
    String taskId = call.group(3);
    String action = call.group(4);
    Set<String> names = new LinkedHashSet<>();
    HttpServletRequest forward = request;
    if (call.group(5) != null) {
      names.add(call.group(5));
    } else if ("POST".equals(request.getMethod())) {
      CachedBody body = new CachedBody(request, MAX_BODY);
      if (!body.whole()) {
        refuse(response, new Refusal(413, "提交的内容过大（超过 1 MB），未作任何修改。"));
        return;
      }
      JsonNode submitted = body.json();
      if ("variables".equals(action) || "localVariables".equals(action)) {
        submitted.path("modifications").fieldNames().forEachRemaining(names::add);
        submitted.path("deletions").forEach(name -> names.add(name.asText()));
      } else {
        submitted.path("variables").fieldNames().forEachRemaining(names::add);
      }
      forward = body;
    }
    Optional<Refusal> refusal = names.isEmpty() ? Optional.empty()
        : refusal(caller(request, engine), taskId, names);
    if (refusal.isPresent()) {
      refuse(response, refusal.get());
      return;
    }
    chain.doFilter(forward, response);
  }

  /**
   * Who calls: over /engine-rest the user our authentication filter has set; over a webapp's API the user logged into
   * that engine in this browser session.
   */
  private Optional<Authentication> caller(HttpServletRequest request, String engine) {
    if (identity.getCurrentAuthentication() != null) {
      return Optional.of(identity.getCurrentAuthentication());
    }
    HttpSession session = request.getSession(false);
    Authentications logins = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
    if (logins == null || engine == null || !(logins.getAuthenticationForProcessEngine(engine)
        instanceof UserAuthentication user)) {
      return Optional.empty();
    }
    return Optional.of(new Authentication(user.getIdentityId(), user.getGroupIds(), user.getTenantIds()));
  }

  /**
   * Why {@code names} may not be set with task {@code taskId} by {@code caller}, or empty if they may or if the engine
   * is to refuse the call itself (no caller, or a task the caller cannot see: 401, 403 or 404 as elsewhere).
   */
  Optional<Refusal> refusal(Optional<Authentication> caller, String taskId, Set<String> names) {
    if (caller.isEmpty()) {
      return Optional.empty();
    }
    Authentication before = identity.getCurrentAuthentication();
    identity.setAuthentication(caller.get());
    try {
      Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
      if (task == null || task.getProcessInstanceId() == null && task.getCaseInstanceId() == null) {
        return Optional.empty(); // not the caller's to work (the engine answers), or a standalone task's own data
      }
      Set<String> other = new TreeSet<>(names);
      other.removeAll(formFields(taskId));
      return other.isEmpty() ? Optional.empty() : Optional.of(new Refusal(400, "办理任务只能提交本任务表单的内容，"
          + "不能修改：" + String.join("、", other) + "。未作任何修改。"));
    } finally {
      if (before == null) {
        identity.clearAuthentication();
      } else {
        identity.setAuthentication(before);
      }
    }
  }

  /** The names the task's deployed form submits (its fields' keys, a group's or list's path), or none. */
  private Set<String> formFields(String taskId) {
    Set<String> fields = new LinkedHashSet<>();
    try (InputStream form = forms.getDeployedTaskForm(taskId)) {
      collect(json.readTree(form), fields);
    } catch (RuntimeException | IOException noForm) {
      // no deployed form (none given, or not a Camunda Form): nothing may be submitted with the task
    }
    return fields;
  }

  private static void collect(JsonNode node, Set<String> fields) {
    for (JsonNode component : node.path("components")) {
      if (!INPUTLESS.contains(component.path("type").asText())) {
        if (component.path("key").isTextual()) {
          fields.add(component.path("key").asText().split("\\.")[0]);
        }
        if (component.path("path").isTextual() && !component.path("path").asText().isBlank()) {
          fields.add(component.path("path").asText().split("\\.")[0]);
        }
      }
      collect(component, fields);
    }
  }

  private void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
    response.setStatus(refusal.status());
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write(json.writeValueAsString(Map.of("type", "InvalidRequestException", "message",
        refusal.message())));
  }
}
