package cn.township.workflow.review;

import cn.township.workflow.duty.FirstResponsibleNotes;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/**
 * 退回: the step a case was sent back to opens with an in-app note for its holder — a comment on the task (Tasklist)
 * with who sent it back and why ({@link #RETURN_NOTE}, written by {@link CheckReviewConclusion} when the reviewer
 * or leader returned it). The note is used once.
 */
@Component("noteReturn")
public class NoteReturn implements TaskListener {

  private final FirstResponsibleNotes firstResponsible;

  public NoteReturn(FirstResponsibleNotes firstResponsible) {
    this.firstResponsible = firstResponsible;
  }

  /** Case variable: why the case was returned, waiting for the step it was returned to. */
  public static final String RETURN_NOTE = "returnNote";

  @Override
  public void notify(DelegateTask task) {
    if (!(task.getVariable(RETURN_NOTE) instanceof String note) || note.isBlank()) {
      return;
    }
    // the one who returned it is the author; they need no rights on the step they returned the case to
    Context.getCommandContext().runWithoutAuthorization(() -> task.getProcessEngineServices().getTaskService()
        .createComment(task.getId(), task.getProcessInstanceId(), "【退回】" + note));
    task.removeVariable(RETURN_NOTE);
    // 首问负责: the first-responsible clerk is told too (the comment is read only by who may work this step)
    firstResponsible.tell(task.getExecution(), "案件被退回（" + note + "）");
  }
}
