package cn.township.workflow.review;

import cn.township.workflow.casefile.CaseClock;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.StatutoryPeriods;
import cn.township.workflow.catalog.TimeLimit;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 行政许可法第四十二条: approved by the agency's head before the limit passed, the limit grows by the extension in the
 * statutory-period table, once; the applicant gets the reasons in writing, and the warning comes again before the
 * new date.
 */
@Component("extendTimeLimit")
public class ExtendTimeLimit implements JavaDelegate {

  static final String PERIOD = "licensing-extension";

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public ExtendTimeLimit(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StatutoryPeriods.Period extension = deadlines.period(PERIOD);
    TimeLimit longer = deadlines.extend(CaseClock.read(execution), extension.days());
    CaseClock.write(execution, longer, deadlines);
    execution.setVariable("timeLimitDays", longer.limitDays());
    execution.setVariable("timeLimitExtended", true);
    execution.setVariable("timeLimitWarned", false); // warned again before the new date
    Date due = Date.from(longer.dueAt());
    notices.toApplicant(execution, NoticeBook.Kind.TIME_LIMIT_EXTENDED, ("经本机关负责人批准，办理期限延长%s（%s），"
        + "办结日期延至%s%s。延长理由：%s").formatted(extension.text(), extension.legalBasis(), deadlines.formatDate(due),
        deadlines.provisionalNote(due), execution.getVariable("extensionReasons")));
  }
}
