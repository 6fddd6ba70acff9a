package cn.township.workflow.duty;

import cn.township.workflow.security.Callers;
import cn.township.workflow.audit.AuditTrail;
import cn.township.workflow.system.RejectedInputException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * 催办: {@code POST /api/tasks/{id}/urge} {@code {"message"}} by a supervisor or leader of the task's township (the
 * county supervisor and administrators: any). The holder sees a comment on the task in Tasklist and the mark
 * {@link #URGED} in the task list; the urge is kept in tw_task_urge, counted on the supervision dashboard, and put on
 * the audit trail.
 */
@RestController
public class UrgeController {

  /**
   * Task-local variable shown as a column of the Tasklist filters: "已催办 n 次：latest message". The holder sees the
   * mark in the list and the comment itself in the task's 办理记录 tab (security/TaskCommentGuard).
   */
  public static final String URGED = "urged";
  static final String COUNT = "urgeCount";
  static final int MAX_MESSAGE = 500;

  /** What is sent: the message to the holder. */
  public record UrgeRequest(String message) {}

  private final TaskService tasks;
  private final Staff staff;
  private final Substitution substitution;
  private final AuditTrail audit;
  private final JdbcTemplate jdbc;
  private final int minIntervalMinutes;

  public UrgeController(TaskService tasks, Staff staff, Substitution substitution, AuditTrail audit,
                        JdbcTemplate jdbc, @Value("${township.urge.min-interval-minutes:60}") int minIntervalMinutes) {
    this.minIntervalMinutes = minIntervalMinutes;
    this.tasks = tasks;
    this.staff = staff;
    this.substitution = substitution;
    this.audit = audit;
    this.jdbc = jdbc;
  }

  private static String abbreviate(String message) {
    return message.length() <= 60 ? message : message.substring(0, 60) + "…";
  }

  @PostMapping("/api/tasks/{taskId}/urge")
  @Transactional // comment, mark, record and audit together
  public Map<String, Object> urge(@PathVariable String taskId, @RequestBody(required = false) UrgeRequest request) {
    Authentication caller = staff.caller().orElseThrow();
    Callers.requireSupervision(caller, "只有督查人员和分管领导可以催办。");
    boolean everywhere = Callers.everywhere(caller);
    Task task = taskId == null || taskId.length() > 64 ? null
        : staff.asSystem(() -> tasks.createTaskQuery().taskId(taskId).singleResult());
    // another township's task is answered as one nobody has: a 403 told its supervisor that the task exists
    if (task == null
        || !everywhere && (task.getTenantId() == null || !Callers.inTownship(caller, task.getTenantId()))) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "未找到该任务：可能已办结。");
    }
    if (request == null || request.message() == null || request.message().isBlank()) {
      throw new RejectedInputException("message", "请填写催办意见。");
    }
    String message = request.message().strip();
    if (message.length() > MAX_MESSAGE) {
      throw new RejectedInputException("message", "催办意见最多" + MAX_MESSAGE + "字。");
    }
    Instant now = ClockUtil.getCurrentTime().toInstant();
    // one urge per person and step within the interval: repeated at once it only floods the holder's record and the
    // dashboard's count (two at once: the engine's optimistic lock on the count refuses one, 409)
    if (jdbc.queryForObject("SELECT COUNT(*) FROM tw_task_urge WHERE task_id = ? AND urged_by = ? AND urged_at > ?",
        Integer.class, task.getId(), caller.getUserId(), Timestamp.from(now.minusSeconds(60L * minIntervalMinutes))) > 0) {
      throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS,
          "您在" + minIntervalMinutes + "分钟内已催办过这一环节，请勿重复催办。");
    }
    String caseNo = substitution.caseNo(task);
    int count = staff.asSystemAsCaller(() -> {
      Object before = tasks.getVariableLocal(task.getId(), COUNT);
      int times = (before instanceof Number n ? n.intValue() : 0) + 1;
      tasks.createComment(task.getId(), task.getProcessInstanceId(), "【催办】" + message);
      tasks.setVariablesLocal(task.getId(), Map.of(COUNT, times, URGED, "已催办 " + times + " 次：" + abbreviate(message)));
      return times;
    });
    jdbc.update("INSERT INTO tw_task_urge (id, task_id, process_instance_id, case_no, township_id, step_key, holder,"
            + " urged_by, message, urged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(),
        task.getId(), task.getProcessInstanceId(), caseNo, task.getTenantId(), task.getTaskDefinitionKey(),
        task.getAssignee(), caller.getUserId(), message, Timestamp.from(now));
    audit.record(caller.getUserId(), "TaskUrged", caseNo, task.getTaskDefinitionKey() + "（"
        + (task.getAssignee() == null ? "待认领" : task.getAssignee()) + "）：" + message);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("taskId", task.getId());
    answer.put("caseNo", caseNo);
    answer.put("holder", task.getAssignee());
    answer.put("urgeCount", count);
    return answer;
  }
}
