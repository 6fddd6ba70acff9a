package cn.township.workflow.duty;

import java.util.Optional;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.task.Task;
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

  private final Absences absences;
  private final ObjectProvider<TaskService> tasks;

  public FirstResponsibleNotes(Absences absences, ObjectProvider<TaskService> tasks) {
    this.absences = absences;
    this.tasks = tasks;
  }

  /** Tells the first-responsible clerk of the case {@code execution} belongs to; nothing if the case has none. */
  public Optional<String> tell(DelegateExecution execution, String what) {
    if (!(execution.getVariable(FirstResponsible.USER) instanceof String clerk)) {
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
        note.setTenantId(execution.getTenantId());
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
