package cn.township.workflow.duty;

import cn.township.workflow.security.Roles;
import java.util.Optional;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * 首问负责: the case's first-responsible clerk (their substitute while away) is told in Tasklist when the case reaches a
 * decision or is sent back, so that they can answer the applicant who comes back to them. The note is a task of the
 * clerk's own (我的待办), in the case's township, named after the case; the clerk closes it when read. Clerks cannot
 * read the engine's comments (no history rights, docs/clerks-day.md), which is why it is a task and not a comment.
 */
@Component
public class FirstResponsibleNotes {

  /** Task-local variable on the note: the case it is about. */
  public static final String CASE = "firstResponsibleCase";
  static final String PREFIX = "首问告知：";

  private static final Logger LOG = LoggerFactory.getLogger(FirstResponsibleNotes.class);

  private final Absences absences;
  private final Staff staff;
  private final ObjectProvider<TaskService> tasks;

  public FirstResponsibleNotes(Absences absences, Staff staff, ObjectProvider<TaskService> tasks) {
    this.absences = absences;
    this.staff = staff;
    this.tasks = tasks;
  }

  /** Tells the first-responsible clerk of the case {@code execution} belongs to; nothing if the case has none. */
  public Optional<String> tell(DelegateExecution execution, String what) {
    if (!(execution.getVariable(FirstResponsible.USER) instanceof String clerk)) {
      return Optional.empty();
    }
    // the window the clerk sits at: for 通办 the receiving township's, which holds the applicant's data too
    String township = execution.getVariable("receivingTownshipId") instanceof String receiving
        ? receiving : execution.getTenantId();
    // the variable is the case's; whoever it names must really be a window clerk of that window, or nobody is told
    // (a note must never carry the applicant's data to someone else, nor stop the decision)
    Optional<Staff.Person> person = clerk.length() > 64 ? Optional.empty() : staff.find(clerk);
    if (person.isEmpty() || !person.get().roles().contains(Roles.WINDOW_CLERK.groupId)
        || !person.get().townships().contains(township)) {
      LOG.warn("首问告知未发出：{} 不是{}的窗口受理员（受理编号 {}）", clerk.length() > 64 ? "（过长的用户名）" : clerk,
          township, execution.getProcessBusinessKey());
      return Optional.empty();
    }
    String holder = absences.inForce(clerk).map(Absences.Absence::substitute).orElse(clerk);
    String caseNo = execution.getProcessBusinessKey();
    CommandContext command = Context.getCommandContext();
    // the one whose step caused the note (a reviewer, a leader, a timer) needs no right to create tasks; the note
    // belongs to the case's township whoever caused it
    command.disableTenantCheck();
    try {
      return Optional.of(command.runWithoutAuthorization(() -> {
        TaskService service = tasks.getObject();
        Task note = service.newTask();
        note.setName(PREFIX + caseNo + " " + what);
        note.setDescription("您是受理编号 " + caseNo + "（" + execution.getVariable("matterName") + "，申请人"
            + execution.getVariable("applicantName") + "）的首问负责人：" + what + "。申请人来询问时请据此答复；阅知后办结本提示。");
        note.setAssignee(holder);
        note.setTenantId(township);
        note.setPriority(Task.PRIORITY_NORMAL);
        service.saveTask(note);
        service.setVariableLocal(note.getId(), CASE, caseNo);
        return note.getId();
      }));
    } finally {
      command.enableTenantCheck();
    }
  }
}
