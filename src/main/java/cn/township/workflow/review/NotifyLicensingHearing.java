package cn.township.workflow.review;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 行政许可法第四十八条: the applicant and the interested parties are told the hearing's time and place seven days ahead
 * (checked when it is scheduled); a hearing the law requires (第四十六条) is also announced to the public.
 */
@Component("notifyLicensingHearing")
public class NotifyLicensingHearing implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public NotifyLicensingHearing(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date at = (Date) execution.getVariable("hearingAt");
    String text = "定于%s在%s举行听证，主持人%s（非本案审查人员）。听证公开举行，申请人、利害关系人可以提出证据，进行申辩和质证；"
        .formatted(deadlines.formatTime(at), execution.getVariable("hearingPlace"),
            execution.getVariable("hearingHost")) + "行政机关将根据听证笔录作出决定（《行政许可法》第四十八条）。";
    notices.toApplicant(execution, NoticeBook.Kind.HEARING_NOTICE, "：" + text);
    for (String party : CaseVariables.lines(execution, "interestedParties")) {
      notices.give(execution, party, NoticeBook.Kind.HEARING_NOTICE, "%s：关于%s申请的“%s”（受理编号 %s），%s".formatted(
          party, execution.getVariable("applicantName"), execution.getVariable("matterName"),
          execution.getVariable("receiptNo"), text));
    }
    if (Boolean.TRUE.equals(execution.getVariable("hearingRequired"))) {
      notices.give(execution, "public", NoticeBook.Kind.HEARING_NOTICE, "公告（《行政许可法》第四十六条）：关于“%s”（受理编号 %s）的申请，%s"
          .formatted(execution.getVariable("matterName"), execution.getVariable("receiptNo"), text));
    }
  }
}
