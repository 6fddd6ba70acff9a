package cn.township.workflow.review;

import cn.township.workflow.casefile.CaseClock;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.TimeLimit;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 行政许可法第四十五条: the clock stops for a hearing, a tender, an auction, an inspection, a test, a quarantine, an
 * appraisal or an expert review, and the applicant is told in writing what is needed and how long it should take.
 */
@Component("pauseForExcludedPeriod")
public class PauseForExcludedPeriod implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public PauseForExcludedPeriod(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ExcludedWork work = ExcludedWork.of(execution.getVariable("excludedKind")).orElseThrow();
    int days = CaseVariables.number(execution, "excludedExpectedDays");
    TimeLimit paused = deadlines.pause(CaseClock.read(execution));
    CaseClock.write(execution, paused, deadlines);
    Date expectedEnd = deadlines.calendarDaysFromNow(days);
    execution.setVariable("excludedSince", Date.from(deadlines.now()));
    execution.setVariable("excludedExpectedEnd", expectedEnd);
    execution.setVariable("excludedWorkName", work.label);
    notices.toApplicant(execution, NoticeBook.Kind.EXCLUDED_PERIOD, ("因依法需要%s（%s），所需时间不计算在办理期限内"
        + "（《行政许可法》第四十五条）。预计需要%d日（至%s）；完成之日起恢复计算期限，届时另行书面告知。已用%d个工作日。")
        .formatted(work.label, CaseVariables.text(execution, "excludedReason", "理由"), days,
            deadlines.formatDate(expectedEnd), paused.usedDays()));
  }
}
