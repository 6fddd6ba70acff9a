package cn.township.workflow.review;

import cn.township.workflow.casefile.CaseClock;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.TimeLimit;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.window.IntakeResult;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 受理: starts the statutory clock (from the day materials arrived, if acceptance was deemed), or
 * resumes it after a supplement asked for during review, and tells the applicant the promised date.
 */
@Component("acceptApplication")
public class AcceptApplication implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public AcceptApplication(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    TimeLimit limit = CaseClock.read(execution);
    String text;
    if (limit == null) {
      // the intake's result, handed over in this transaction (IntakeResult); the date stays in the notice
      boolean deemed = Boolean.TRUE.equals(execution.getVariable(IntakeResult.DEEMED));
      Date since = deemed ? (Date) execution.getVariable(IntakeResult.RECEIVED_AT) : Date.from(deadlines.now());
      limit = deadlines.startAt(CaseVariables.number(execution, "timeLimitDays"),
          CaseVariables.number(execution, "warningPercent"), since.toInstant());
      text = "已于%s%s受理，承诺于%s%s前办结（%d个工作日，法定节假日除外）。".formatted(
          deadlines.formatDate(since), deemed ? "依法视为" : "",
          deadlines.formatDate(Date.from(limit.dueAt())), deadlines.provisionalNote(Date.from(limit.dueAt())),
          limit.limitDays());
    } else {
      limit = deadlines.resume(limit);
      text = "补正材料已收齐，恢复计时，承诺办结日期调整为%s%s。".formatted(deadlines.formatDate(Date.from(limit.dueAt())),
          deadlines.provisionalNote(Date.from(limit.dueAt())));
    }
    CaseClock.write(execution, limit, deadlines);
    notices.toApplicant(execution, NoticeBook.Kind.ACCEPTED, text);
  }
}
