package cn.township.workflow.review;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.StatutoryPeriods;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 行政许可法第三十六条、第四十七条: each interested party is told in writing of the application, of the right to state
 * their views and to ask for a hearing within the period of the statutory-period table; so is the applicant.
 */
@Component("notifyInterestedParties")
public class NotifyInterestedParties implements JavaDelegate {

  static final String PERIOD = "licensing-hearing-request";

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public NotifyInterestedParties(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StatutoryPeriods.Period period = deadlines.period(PERIOD);
    Date due = deadlines.periodFromNow(PERIOD);
    execution.setVariable("partyViewsDueAt", due);
    CaseVariables.text(execution, "interestedParties", "利害关系人");
    List<String> parties = CaseVariables.lines(execution, "interestedParties");
    String rights = "有权进行陈述和申辩，并可在%s前（%s）要求听证（%s）。".formatted(deadlines.formatDate(due), period.text(),
        period.legalBasis());
    for (String party : parties) {
      notices.give(execution, party, NoticeBook.Kind.INTERESTED_PARTY_NOTICE, "%s：%s申请的“%s”（受理编号 %s）直接关系您的"
          .formatted(party, execution.getVariable("applicantName"), execution.getVariable("matterName"),
              execution.getVariable("receiptNo")) + "重大利益。您" + rights);
    }
    notices.toApplicant(execution, NoticeBook.Kind.INTERESTED_PARTY_NOTICE,
        "直接关系他人重大利益，已告知利害关系人。您同样" + rights);
  }
}
