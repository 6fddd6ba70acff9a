package cn.township.workflow.duty;

import cn.township.workflow.security.Callers;
import cn.township.workflow.audit.AuditTrail;
import cn.township.workflow.system.RejectedInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/tasks/reassign}: a supervisor or leader moves the open tasks one person holds (optionally only one
 * step, only one township) to a colleague of the same role and township, with a reason put on the audit trail for
 * each task. Township supervisors and leaders act in their own township; the county supervisor and administrators
 * in any.
 */
@RestController
public class ReassignmentController {

  static final int MAX_TASKS = 500;
  static final int MAX_REASON = 200;

  /** Whose tasks ({@code from}), to whom, optionally only this step (task definition key) and township, and why. */
  public record ReassignRequest(String from, String to, String step, String township, String reason) {}

  private final TaskService tasks;
  private final Staff staff;
  private final Substitution substitution;
  private final AuditTrail audit;

  public ReassignmentController(TaskService tasks, Staff staff, Substitution substitution, AuditTrail audit) {
    this.tasks = tasks;
    this.staff = staff;
    this.substitution = substitution;
    this.audit = audit;
  }

  @PostMapping("/api/tasks/reassign")
  @Transactional // all the tasks or none
  public Map<String, Object> reassign(@RequestBody(required = false) ReassignRequest request) {
    Authentication caller = staff.caller().orElseThrow();
    Callers.requireSupervision(caller, "只有督查人员和分管领导可以批量改派任务。");
    boolean everywhere = Callers.everywhere(caller);
    if (request == null) {
      throw new RejectedInputException(null, "请提交原办理人、新办理人和改派理由。");
    }
    String reason = text("reason", request.reason(), MAX_REASON, "请填写改派理由。");
    Staff.Person from = person("from", request.from());
    Staff.Person to = person("to", request.to());
    String step = request.step() == null || request.step().isBlank() ? null
        : text("step", request.step(), 100, null);
    String township = request.township() == null || request.township().isBlank() ? null
        : text("township", request.township(), 64, null);
    if (township != null && !everywhere && !Callers.inTownship(caller, township)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "只能改派本乡镇的任务。");
    }
    if (!everywhere && from.townships().stream().noneMatch(t -> Callers.inTownship(caller, t))) {
      // answered as a user nobody has: a 403 told another township's supervisor that the person exists
      throw unknownPerson("from", request.from());
    }
    if (!everywhere && to.townships().stream().noneMatch(t -> Callers.inTownship(caller, t))) {
      throw unknownPerson("to", request.to()); // the refusal below would name them
    }
    Staff.whyNotStandIn(from, to).ifPresent(why -> {
      throw new RejectedInputException("to", why);
    });
    List<String> townships = township != null ? List.of(township)
        : everywhere ? null : caller.getTenantIds();
    List<Task> found = staff.asSystem(() -> {
      TaskQuery query = tasks.createTaskQuery().taskAssignee(from.id()).active();
      if (step != null) {
        query.taskDefinitionKey(step);
      }
      if (townships != null) {
        query.tenantIdIn(townships.toArray(String[]::new));
      }
      return query.orderByTaskCreateTime().asc().listPage(0, MAX_TASKS + 1);
    });
    if (found.size() > MAX_TASKS) {
      throw new RejectedInputException(null, "一次最多改派" + MAX_TASKS + "件任务，请按环节或乡镇分批。");
    }
    // a step offered to named people (an invited expert's opinion, an officer's own 回避声明) is theirs: it goes only to
    // a candidate of the step, as over the engine's API (security/TaskVariableGuard)
    for (Task task : found) {
      if (!candidate(task, to)) {
        throw new RejectedInputException("to", "“" + task.getName() + "”只由点名的人员办理，不能改派给" + to.name()
            + "：请另行指定（例如重新邀请专家）。");
      }
    }
    List<String> moved = new ArrayList<>();
    staff.asSystem(() -> {
      for (Task task : found) {
        tasks.setAssignee(task.getId(), to.id());
        audit.record(caller.getUserId(), "TaskReassigned", substitution.caseNo(task),
            Substitution.detail(task.getTaskDefinitionKey(), from.id(), to.id(), reason));
        moved.add(task.getId());
      }
    });
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("reassigned", moved.size());
    answer.put("tasks", moved);
    return answer;
  }

  /** Whether the colleague is offered the step: named, or in one of its candidate groups. */
  private boolean candidate(Task task, Staff.Person colleague) {
    return staff.asSystem(() -> tasks.getIdentityLinksForTask(task.getId())).stream()
        .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
        .anyMatch(link -> colleague.id().equals(link.getUserId())
            || link.getGroupId() != null && colleague.roles().contains(link.getGroupId()));
  }

  private Staff.Person person(String field, String userId) {
    if (userId == null || userId.isBlank()) {
      throw new RejectedInputException(field, "from".equals(field) ? "请填写原办理人的用户名。" : "请填写新办理人的用户名。");
    }
    return staff.find(userId.strip()).orElseThrow(() -> unknownPerson(field, userId));
  }

  private static RejectedInputException unknownPerson(String field, String userId) {
    return new RejectedInputException(field, "未找到该工作人员：" + abbreviate(userId));
  }

  private static String text(String field, String value, int max, String missing) {
    if (value == null || value.isBlank()) {
      throw new RejectedInputException(field, missing);
    }
    if (value.strip().length() > max) {
      throw new RejectedInputException(field, "内容过长（最多" + max + "字）。");
    }
    return value.strip();
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
