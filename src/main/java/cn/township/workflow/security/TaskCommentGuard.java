package cn.township.workflow.security;

import cn.township.workflow.system.RejectedInputException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;

/**
 * The notes on a step (催办 by {@code duty/UrgeController}, 退回 by {@code review/NoteReturn}) for the one who works
 * it: Tasklist's 办理记录 tab and comment button call {@code GET …/task/{id}/comment} and
 * {@code POST …/task/{id}/comment/create}, which Camunda's resource lets through only when the caller finds the task
 * in history (READ_HISTORY on the procedure, which clerks must not have: it shows every case's variables). Here a
 * caller who may read the running task (its assignee, candidate users and groups, supervisors; the township checked)
 * reads its comments and adds one as themselves, on the task's own case. Everyone else goes to Camunda as before
 * (supervisors read finished steps there; a note is written only on a running step, 403), or gets 404 where they
 * could read the step neither running nor in history.
 * Editing and deleting a case's note are refused for everyone ({@link CaseRecordGuard}): it is part of the case's record.
 */
public class TaskCommentGuard extends EngineCallGuard {

  /** Groups: the engine's name (two), the task, one comment's id (optional). */
  private static final Pattern READ = Pattern.compile(TaskVariableGuard.ENGINE + "/task/([^/]+)/comment(?:/([^/]+))?/?$");
  /** Groups: the engine's name (two), the task. */
  private static final Pattern CREATE = Pattern.compile(TaskVariableGuard.ENGINE + "/task/([^/]+)/comment/create/?$");
  /** A control character other than a line break or a tab. */
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");
  /** A note is read in the history tab, not a document: at most this many characters. */
  static final int LONGEST = 2000;
  /** As Camunda's REST API writes dates. */
  private static final String DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";
  static final String ONLY_RUNNING = "办理意见只能由可查看该环节的人员写在正在办理的环节上（已办结的环节、仅能查看历史的人员不能添加），未保存。";

  /** The field a note's refusal names ({@link IdNumbersOutOfPlace}). */
  static final String NOTE = "taskComment";

  private final TaskService tasks;
  private final HistoryService history;
  private final IdNumbersOutOfPlace idNumbers;

  public TaskCommentGuard(IdentityService identity, TaskService tasks, HistoryService history,
                          IdNumbersOutOfPlace idNumbers) {
    super(identity, Map.of("GET", READ, "POST", CREATE));
    this.tasks = tasks;
    this.history = history;
    this.idNumbers = idNumbers;
  }

  @Override
  void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Matcher call,
             Authentication caller) throws ServletException, IOException {
    String taskId = call.group(3);
    Task task = taskId.length() > 64 ? null
        : Callers.as(identity, caller, () -> tasks.createTaskQuery().taskId(taskId).singleResult());
    if (task == null) {
      boolean inHistory = taskId.length() <= 64 && Callers.as(identity, caller,
          () -> history.createHistoricTaskInstanceQuery().taskId(taskId).count()) == 1;
      if (inHistory && "POST".equals(request.getMethod())) {
        // Camunda's resource would file it under any case sent, by anyone who reads history (the analyst included)
        refuse(response, HttpServletResponse.SC_FORBIDDEN, "AuthorizationException", ONLY_RUNNING);
      } else if (inHistory) {
        chain.doFilter(request, response); // READ_HISTORY: Camunda's resource, as before
      } else {
        // UnseenIdGuard answers this before, unless the task went in between: its answer, the same
        refuse(response, HttpServletResponse.SC_NOT_FOUND, "NotFound",
            cn.township.workflow.system.EngineRestErrors.OTHER_TOWNSHIP);
      }
      return;
    }
    if ("GET".equals(request.getMethod())) {
      read(response, task, call.group(4));
    } else if (webapp(call) && !csrfTokenSent(request)) {
      chain.doFilter(request, response); // Camunda's CSRF filter refuses it, as any write without the session's token
    } else {
      create(request, response, caller, task);
    }
  }

  private void read(HttpServletResponse response, Task task, String commentId) throws IOException {
    if (commentId == null) {
      List<Map<String, Object>> comments = new ArrayList<>();
      for (Comment comment : tasks.getTaskComments(task.getId())) {
        comments.add(json(comment));
      }
      answer(response, comments);
      return;
    }
    Comment comment = commentId.length() > 64 ? null : tasks.getTaskComment(task.getId(), commentId);
    if (comment == null) {
      refuse(response, HttpServletResponse.SC_NOT_FOUND, "InvalidRequestException", "该任务没有这条办理意见。");
    } else {
      answer(response, json(comment));
    }
  }

  private void create(HttpServletRequest request, HttpServletResponse response, Authentication caller, Task task)
      throws IOException {
    CachedBody body = new CachedBody(request, 8 * LONGEST) /* a character escaped in JSON: up to 6 bytes */;
    JsonNode json = body.json();
    JsonNode message = json.path("message");
    String refusal = !body.whole() ? "意见最多" + LONGEST + "字，未保存。"
        : !json.isObject() ? "请以 JSON 提交意见：{\"message\": \"…\"}，未保存。"
        : !message.isTextual() || message.asText().isBlank() ? "请填写意见，未保存。"
        : message.asText().length() > LONGEST ? "意见最多" + LONGEST + "字，未保存。"
        // PostgreSQL stores no NUL in the note's text column (500); line breaks and tabs are text
        : CONTROL.matcher(message.asText()).find() ? "意见中不能含控制字符，未保存。"
        // Camunda would file the note under any case named here; it belongs to the step's own case
        : json.hasNonNull("processInstanceId") && !json.path("processInstanceId").asText()
            .equals(task.getProcessInstanceId()) ? "意见只能写在本任务所属的案件上，未保存。"
        : null;
    if (refusal != null) {
      refuse(response, HttpServletResponse.SC_BAD_REQUEST, "InvalidRequestException", refusal);
      return;
    }
    try {
      idNumbers.checkText(caller.getUserId(), NOTE, message.asText()); // a note is kept with the case, ten years
    } catch (RejectedInputException idNumber) {
      refuse(response, HttpServletResponse.SC_BAD_REQUEST, "RejectedInput", idNumber.getMessage());
      return;
    }
    // the author is the caller (the engine takes the authenticated user); the engine checks no right here
    Comment comment = Callers.as(identity, caller, () -> tasks.createComment(task.getId(), task.getProcessInstanceId(),
        message.asText()));
    answer(response, json(comment));
  }

  /** As Camunda's CommentDto is written (its {@code message} is the full text). */
  private static Map<String, Object> json(Comment comment) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("links", List.of());
    json.put("id", comment.getId());
    json.put("userId", comment.getUserId());
    json.put("time", date(comment.getTime()));
    json.put("taskId", comment.getTaskId());
    json.put("processInstanceId", comment.getProcessInstanceId());
    json.put("message", comment.getFullMessage());
    json.put("removalTime", date(comment.getRemovalTime()));
    json.put("rootProcessInstanceId", comment.getRootProcessInstanceId());
    return json;
  }

  private static String date(Date date) {
    return date == null ? null : new SimpleDateFormat(DATE_FORMAT).format(date);
  }

  private static void answer(HttpServletResponse response, Object json) throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write(CachedBody.JSON.writeValueAsString(json));
  }

  private static boolean webapp(Matcher call) {
    return call.group(2) != null;
  }

  /** Whether the webapp's session token came with the write (Camunda's CSRF filter runs after this one). */
  private static boolean csrfTokenSent(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object token = session == null ? null : session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME);
    return token instanceof String expected && !expected.isBlank()
        && expected.equals(request.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME));
  }
}
