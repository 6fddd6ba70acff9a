package cn.township.workflow.review;

import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.TimeLimit;
import cn.township.workflow.duty.FirstResponsibleNotes;
import cn.township.workflow.messages.Outbox;
import cn.township.workflow.system.CaseVariables;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 办理决定书: approval or refusal with the reasons (based on the hearing record where a hearing was held), the legal
 * basis, the deciding authority (the entrusting county department for entrusted matters) and the remedies open to the
 * applicant. It is to be issued within the period of the statutory-period table (行政许可法第四十四条), with a warning
 * before that.
 */
@Component("draftDecision")
public class DraftDecision implements JavaDelegate {

  private final NoticeBook notices;
  private final Deadlines deadlines;
  private final Outbox outbox;
  private final FirstResponsibleNotes firstResponsible;

  public DraftDecision(NoticeBook notices, Deadlines deadlines, Outbox outbox, FirstResponsibleNotes firstResponsible) {
    this.notices = notices;
    this.deadlines = deadlines;
    this.outbox = outbox;
    this.firstResponsible = firstResponsible;
  }

  static final String ISSUE_PERIOD = "licensing-issue";
  static final int ISSUE_WARNING_PERCENT = 80;

  @Override
  public void execute(DelegateExecution execution) {
    boolean approved = "approve".equals(execution.getVariable("reviewResult"));
    String basis = CaseVariables.optionalText(execution, "decisionLegalBasis");
    String findings = Boolean.TRUE.equals(execution.getVariable("hearingHeld"))
        ? "\n根据听证笔录认定：" + CaseVariables.text(execution, "hearingFindings", "根据听证笔录作出的认定") : "";
    String text = """
        %s
        办理决定书（受理编号 %s）
        %s：你于%s申请的“%s”，经审查，决定%s。
        理由：%s%s
        依据：%s
        如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。
        服务评价：凭受理编号 %s 和评价码 %s 在线评价，或在窗口评价器上评价。
        %s""".formatted(
        execution.getVariable("actingAuthority"), execution.getVariable("receiptNo"),
        execution.getVariable("applicantName"), deadlines.formatDate((Date) execution.getVariable("receivedAt")),
        execution.getVariable("matterName"), approved ? "准予" : "不予准予",
        CaseVariables.text(execution, "reviewOpinion", "审查意见"), findings,
        basis != null ? basis : execution.getVariable("matterLegalBasis"),
        execution.getVariable("receiptNo"), execution.getVariable("queryCode"),
        deadlines.formatDate(Date.from(deadlines.now())));
    TimeLimit issue = deadlines.startAt(deadlines.period(ISSUE_PERIOD).days(), ISSUE_WARNING_PERCENT, deadlines.now());
    execution.setVariable("issueDueAt", Date.from(issue.dueAt()));
    execution.setVariable("issueWarningAt", Date.from(issue.warningAt()));
    execution.setVariable("decisionText", text);
    notices.give(execution, (String) execution.getVariable("applicantName"), NoticeBook.Kind.DECISION, text);
    // the applicant is told to collect it at the issuing window (统一窗口出件)
    outbox.enqueue(execution, "DECISION_READY");
    // 首问负责: the clerk the applicant comes back to learns it first
    firstResponsible.tell(execution, "已作出" + (approved ? "准予" : "不予准予") + "决定，待窗口出件");
  }
}
