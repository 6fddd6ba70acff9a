package cn.township.workflow.window;

import cn.township.workflow.casefile.NoticeBook;

import cn.township.workflow.catalog.Deadlines;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 好差评: the applicant is invited to rate the service themselves, online with the receipt number and query code or
 * on the window's rating device, within the rating period of the statutory-period table; nobody rates for them.
 */
@Component("inviteRating")
public class InviteRating implements JavaDelegate {

  static final String PERIOD = "rating-period";

  private final NoticeBook notices;
  private final Deadlines deadlines;

  public InviteRating(NoticeBook notices, Deadlines deadlines) {
    this.notices = notices;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date due = deadlines.periodFromNow(PERIOD);
    // stored, not transient: the rating period's timer reads it again whenever its due date is recalculated (Cockpit,
    // or a migration of running cases that updates event triggers)
    execution.setVariable("ratingDueAt", due);
    RatingHeading.lend(execution);
    notices.toApplicant(execution, NoticeBook.Kind.RATING_INVITATION, ("已办结。欢迎您对本次服务作出评价（非常满意、满意、"
        + "基本满意、不满意、非常不满意）：请于%s%s前凭受理编号和查询码（评价码，见收件回执和决定书）在线评价，或在窗口评价器上评价。"
        + "评价自愿，工作人员不会代您评价；不满意的评价将核实、整改并回访。").formatted(deadlines.formatDate(due),
        deadlines.provisionalNote(due)));
  }
}
