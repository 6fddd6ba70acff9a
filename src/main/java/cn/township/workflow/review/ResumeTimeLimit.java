package cn.township.workflow.review;

import cn.township.workflow.casefile.CaseClock;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.TimeLimit;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 行政许可法第四十五条: the clock restarts on the day the hearing was held or the excluded work ended (not when a clerk
 * got round to recording it), and the applicant is told the new date.
 */
@Component("resumeTimeLimit")
public class ResumeTimeLimit implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public ResumeTimeLimit(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date ended = (Date) execution.getVariable("excludedEndedOn");
    TimeLimit limit = deadlines.resumeAt(CaseClock.read(execution), ended.toInstant());
    CaseClock.write(execution, limit, deadlines);
    Date due = Date.from(limit.dueAt());
    notices.toApplicant(execution, NoticeBook.Kind.EXCLUDED_PERIOD, "%s已于%s完成，自该日起恢复计算办理期限，办结日期为%s%s。"
        .formatted(execution.getVariable("excludedWorkName"), deadlines.formatDate(ended), deadlines.formatDate(due),
            deadlines.provisionalNote(due)));
  }
}
