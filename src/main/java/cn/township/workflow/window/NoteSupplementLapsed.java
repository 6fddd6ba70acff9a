package cn.township.workflow.window;

import cn.township.workflow.casefile.NoticeBook;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * An accepted application whose supplement did not come in time is not withdrawn: the applicant is told in writing
 * that the case goes on and will end in a written decision on the materials on file (行政许可法第三十二条、第三十八条).
 */
@Component("noteSupplementLapsed")
public class NoteSupplementLapsed implements JavaDelegate {

  private final NoticeBook notices;

  public NoteSupplementLapsed(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable("supplementLapsed", true);
    notices.toApplicant(execution, NoticeBook.Kind.MISSING_MATERIALS, "的补正期限已届满，未收到补正材料。申请已经受理，"
        + "将依现有材料继续办理，并书面作出准予或不予许可的决定。", "SUPPLEMENT_LAPSED");
  }
}
