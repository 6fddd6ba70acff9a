package cn.township.workflow.duty;

import cn.township.workflow.audit.AuditTrail;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * 职位代理 on the tasks: while a user is away, a task assigned to them (by the model or by someone) goes to their
 * substitute, and a task offered to them by name is offered to the substitute too. The task keeps, as task-local
 * variables, whose it is ({@link #FOR}, {@link #FOR_NAME}: the Tasklist filter 代理任务 shows them). When the absence
 * ends, unfinished tasks go back: an assigned one if the substitute still holds it, an offered one unless the
 * substitute has claimed it (then it stays with the one who started it). Candidate-group tasks need nothing.
 * Every change of holder is put on the audit trail.
 */
@Component
public class Substitution implements TaskListener {

  /** Task-local variables on a task held for someone away. */
  public static final String FOR = "substituteFor";
  public static final String FOR_NAME = "substituteForName";
  public static final String SUBSTITUTE = "substitute";
  static final String KIND = "substitutionKind";
  static final String ASSIGNED = "assigned";
  static final String OFFERED = "offered";

  private final Absences absences;
  private final AuditTrail audit;
  private final Staff staff;
  private final ObjectProvider<TaskService> tasks;
  private final ObjectProvider<RuntimeService> runtime;

  public Substitution(Absences absences, AuditTrail audit, Staff staff, ObjectProvider<TaskService> tasks,
                      ObjectProvider<RuntimeService> runtime) {
    this.absences = absences;
    this.audit = audit;
    this.staff = staff;
    this.tasks = tasks;
    this.runtime = runtime;
  }

  /** On every user task's create and assignment: a holder who is away is replaced by their substitute. */
  @Override
  public void notify(DelegateTask task) {
    // cheap checks first: most tasks are offered to a group and assigned to nobody who is away
    if (task.getAssignee() != null) {
      Optional<Absences.Absence> away = absences.inForce(task.getAssignee());
      if (away.isPresent() && notHandedOverYet(task)) {
        String holder = task.getAssignee();
        task.setVariablesLocal(marks(away.get(), ASSIGNED));
        task.setAssignee(away.get().substitute());
        audit.record(staff.callerId(), "TaskSubstituted", caseNo(task),
            detail(task.getTaskDefinitionKey(), holder, away.get().substitute(), "职位代理（指派）"));
        return;
      }
    }
    if (TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
      for (IdentityLink link : List.copyOf(task.getCandidates())) {
        Optional<Absences.Absence> away = link.getUserId() == null ? Optional.empty()
            : absences.inForce(link.getUserId());
        if (away.isPresent() && notHandedOverYet(task)) {
          task.setVariablesLocal(marks(away.get(), OFFERED));
          task.addCandidateUser(away.get().substitute());
          audit.record(staff.callerId(), "TaskSubstituted", caseNo(task),
              detail(task.getTaskDefinitionKey(), link.getUserId(), away.get().substitute(), "职位代理（点名）"));
          return;
        }
      }
    }
  }

  /** One hand-over per task: never passed on from the substitute to someone else's substitute. */
  private static boolean notHandedOverYet(DelegateTask task) {
    return task.getVariableLocal(FOR) == null;
  }

  private static String caseNo(DelegateTask task) {
    return task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
  }

  /** The absence has begun: the user's open tasks (assigned, or offered by name) go to the substitute. */
  public int handOver(Absences.Absence absence) {
    return staff.asSystem(() -> {
      TaskService taskService = tasks.getObject();
      int handed = 0;
      for (Task task : taskService.createTaskQuery().taskAssignee(absence.userId()).list()) {
        if (taskService.getVariableLocal(task.getId(), FOR) == null) {
          taskService.setVariablesLocal(task.getId(), marks(absence, ASSIGNED));
          taskService.setAssignee(task.getId(), absence.substitute());
          record(task, absence.userId(), absence.substitute(), "职位代理开始（指派）");
          handed++;
        }
      }
      for (Task task : taskService.createTaskQuery().taskCandidateUser(absence.userId()).list()) {
        boolean byName = taskService.getIdentityLinksForTask(task.getId()).stream().anyMatch(l ->
            IdentityLinkType.CANDIDATE.equals(l.getType()) && absence.userId().equals(l.getUserId()));
        if (byName && taskService.getVariableLocal(task.getId(), FOR) == null) {
          taskService.setVariablesLocal(task.getId(), marks(absence, OFFERED));
          taskService.addCandidateUser(task.getId(), absence.substitute());
          record(task, absence.userId(), absence.substitute(), "职位代理开始（点名）");
          handed++;
        }
      }
      return handed;
    });
  }

  /**
   * The absence has ended: tasks held for the user go back. Assigned ones return if the substitute still holds them;
   * offered ones are no longer offered to the substitute, and stay with the substitute if they have claimed them.
   */
  public int giveBack(Absences.Absence absence) {
    return staff.asSystem(() -> {
      TaskService taskService = tasks.getObject();
      int returned = 0;
      for (Task task : taskService.createTaskQuery().taskVariableValueEquals(FOR, absence.userId()).list()) {
        Map<String, Object> marks = taskService.getVariablesLocal(task.getId(), List.of(FOR, SUBSTITUTE, KIND));
        if (!absence.userId().equals(marks.get(FOR)) || !absence.substitute().equals(marks.get(SUBSTITUTE))) {
          continue; // a process variable of that name, or another absence's hand-over
        }
        taskService.removeVariablesLocal(task.getId(), List.of(FOR, FOR_NAME, SUBSTITUTE, KIND));
        boolean substituteHolds = absence.substitute().equals(task.getAssignee());
        if (ASSIGNED.equals(marks.get(KIND))) {
          if (substituteHolds) {
            taskService.setAssignee(task.getId(), absence.userId());
            record(task, absence.substitute(), absence.userId(), "职位代理结束，退还原办理人");
            returned++;
          }
        } else {
          taskService.deleteCandidateUser(task.getId(), absence.substitute());
          if (!substituteHolds) {
            record(task, absence.substitute(), absence.userId(), "职位代理结束，不再向代理人提供");
            returned++;
          }
        }
      }
      return returned;
    });
  }

  /** Puts a change of holder made outside a listener on the audit trail, with the case number. */
  void record(Task task, String from, String to, String why) {
    audit.record(staff.callerId(), "TaskSubstituted", caseNo(task), detail(task.getTaskDefinitionKey(), from, to, why));
  }

  String caseNo(Task task) {
    if (task.getProcessInstanceId() == null) {
      return null;
    }
    ProcessInstance instance = staff.asSystem(() -> runtime.getObject().createProcessInstanceQuery()
        .processInstanceId(task.getProcessInstanceId()).singleResult());
    return instance == null ? null : instance.getBusinessKey();
  }

  static String detail(String step, String from, String to, String why) {
    return step + ": " + from + " → " + to + "（" + why + "）";
  }

  private Map<String, Object> marks(Absences.Absence absence, String kind) {
    Map<String, Object> marks = new HashMap<>();
    marks.put(FOR, absence.userId());
    marks.put(FOR_NAME, staff.nameOf(absence.userId()));
    marks.put(SUBSTITUTE, absence.substitute());
    marks.put(KIND, kind);
    return marks;
  }
}
