package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.window.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 行政处罚决定书 (第五十九条): the party, the facts, the penalty and its basis, how and by when to pay, the
 * remedies, and the authority — for an entrusted power, the entrusting county department. To be served within 7 days.
 */
@Component("draftPenaltyDecision")
public class DraftPenaltyDecision implements JavaDelegate {

  static final int SERVICE_DAYS = 7;

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public DraftPenaltyDecision(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean penalty = "penalty".equals(execution.getVariable("decisionKind"));
    Object fine = execution.getVariable("fineAmount");
    boolean fineToPay = penalty && fine instanceof Number n && n.doubleValue() > 0;
    String basis = CaseVariables.optionalText(execution, "decisionLegalBasis");
    String text = """
        %s
        %s（案号 %s）
        当事人：%s
        违法事实：%s
        决定：%s
        依据：%s
        %s如不服本决定，可以自收到本决定书之日起六十日内申请行政复议，或者六个月内提起行政诉讼。
        %s""".formatted(execution.getVariable("actingAuthority"),
        penalty ? "行政处罚决定书" : "不予行政处罚决定书", execution.getVariable("caseNo"),
        execution.getVariable("partyName"), execution.getVariable("findings"),
        CaseVariables.text(execution, "decisionReasons", "决定内容和理由"),
        basis != null ? basis : execution.getVariable("penaltyBasis"),
        fineToPay ? "请自收到本决定书之日起十五日内缴纳罚款 %s 元，缴入%s；逾期每日按罚款数额的百分之三加处罚款。\n"
            .formatted(fine, execution.getVariable("fineAccountLevel")) : "",
        deadlines.formatDate(Date.from(deadlines.now())));
    Date serviceDue = deadlines.calendarDaysFromNow(SERVICE_DAYS);
    execution.setVariable("fineToPay", fineToPay);
    execution.setVariable("penaltyDecisionText", text);
    execution.setVariable("serviceDue", serviceDue);
    CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")), text);
  }
}
