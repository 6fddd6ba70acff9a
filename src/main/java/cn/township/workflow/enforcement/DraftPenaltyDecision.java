package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 行政处罚决定书 (第五十九条): the party, the facts, the penalty and its basis, how and by when to pay or correct, the
 * remedies — the reconsideration body (行政复议法第二十四条) and the periods, and for a penalty decided on the spot
 * reconsideration first, without a direct lawsuit (第二十三条) — and the authority, for an entrusted power the
 * entrusting county department. Every period is printed from the figures table. The decision goes on the register;
 * what execution it needs (payment, hand-in of a fine collected on the spot, correction, publication) is set here.
 */
@Component("draftPenaltyDecision")
public class DraftPenaltyDecision implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;
  private final EnforcementFigures figures;
  private final ViolationRules rules;
  private final PenaltyRegister register;
  private final PartyIdentities parties;

  public DraftPenaltyDecision(Deadlines deadlines, NoticeBook notices, EnforcementFigures figures, ViolationRules rules,
                              PenaltyRegister register, PartyIdentities parties) {
    this.parties = parties;
    this.deadlines = deadlines;
    this.notices = notices;
    this.figures = figures;
    this.rules = rules;
    this.register = register;
  }

  @Override
  public void execute(DelegateExecution execution) {
    LocalDate today = deadlines.today();
    boolean penalty = "penalty".equals(execution.getVariable("decisionKind"));
    boolean summary = Boolean.TRUE.equals(execution.getVariable("summaryDecision"));
    Object kindCode = execution.getVariable("penaltyKind");
    PenaltyKind kind = !penalty ? PenaltyKind.NONE
        : kindCode == null ? PenaltyKind.FINE : PenaltyKind.of(kindCode.toString(), "penaltyKind");
    BigDecimal fine = penalty ? CaseVariables.amount(execution, "fineAmount", "罚款数额") : BigDecimal.ZERO;
    boolean collected = penalty && Boolean.TRUE.equals(execution.getVariable("collectedOnTheSpot"));
    boolean fineToPay = fine.signum() > 0 && !collected;
    LocalDate correctBy = kind == PenaltyKind.ORDER
        ? CaseVariables.optionalDate(execution, "correctionDeadline", "限期改正的期限", deadlines.zone()) : null;
    ViolationRules.Rule rule = rules.require((String) execution.getVariable("violationType"));
    String basis = CaseVariables.optionalText(execution, "decisionLegalBasis");
    StringBuilder execute = new StringBuilder();
    if (fineToPay) {
      execute.append("请自收到本决定书之日起%s内缴纳罚款 %s 元，缴入%s；到期不缴纳的，每日按罚款数额的%s加处罚款，加处罚款的数额不超过罚款数额。\n"
          .formatted(figures.get(Key.PAYMENT_PERIOD).text(), ViolationRules.plain(fine), execution.getVariable("fineAccountLevel"),
              figures.get(Key.SURCHARGE_PERCENT_PER_DAY).text()));
    }
    if (collected) {
      execute.append("罚款 %s 元已当场收缴，出具罚款专用票据 %s。\n".formatted(ViolationRules.plain(fine),
          execution.getVariable("receiptNumber")));
    }
    if (correctBy != null) {
      execute.append("责令你于%s前改正违法行为；逾期不改正的，依法强制执行。\n".formatted(deadlines.formatDate(deadlines.endOf(correctBy))));
    }
    String remedies = summary
        ? "如不服本决定，应当自收到本决定书之日起%s内先向%s申请行政复议；对行政复议决定不服的，可以再依法提起行政诉讼。"
            .formatted(figures.get(Key.RECONSIDERATION_PERIOD).text(), rule.reconsiderationBody())
        : "如不服本决定，可以自收到本决定书之日起%s内向%s申请行政复议，或者自收到本决定书之日起%s内依法向人民法院提起行政诉讼。"
            .formatted(figures.get(Key.RECONSIDERATION_PERIOD).text(), rule.reconsiderationBody(),
                figures.get(Key.LAWSUIT_PERIOD).text());
    String text = """
        %s
        %s（案号 %s）
        当事人：%s
        违法事实：%s
        决定：%s
        依据：%s
        %s%s
        %s""".formatted(execution.getVariable("actingAuthority"),
        !penalty ? "不予行政处罚决定书" : summary ? "当场行政处罚决定书" : "行政处罚决定书", execution.getVariable("caseNo"),
        execution.getVariable("partyName"), execution.getVariable("findings"),
        CaseVariables.text(execution, "decisionReasons", "决定内容和理由"),
        basis != null ? basis : execution.getVariable("penaltyBasis"), execute, remedies,
        deadlines.formatDate(Date.from(deadlines.now())));
    Date serviceDue = figures.periodEnd(Key.SERVICE_PERIOD, today);
    execution.setVariable("decidedAt", Date.from(deadlines.now()));
    execution.setVariable("fineToPay", fineToPay);
    execution.setVariable("surchargeImposed", false);
    execution.setVariable("onTheSpotCollected", collected);
    execution.setVariable("correctionOrdered", correctBy != null);
    execution.setVariable("publicationRequired", penalty && Boolean.TRUE.equals(execution.getVariable("socialImpact")));
    execution.setVariable("penaltyDecisionText", text);
    execution.setVariable("serviceDue", serviceDue);
    if (correctBy != null) {
      execution.setVariable("correctionDue", deadlines.endOf(correctBy));
      execution.setVariable("correctionDueDate", deadlines.formatDate(deadlines.endOf(correctBy)));
    }
    if (collected) {
      execution.setVariable("handInDue", figures.periodEnd(Key.HAND_IN_PERIOD, today));
      execution.setVariable("collectedOnDate", deadlines.formatDate(Date.from(deadlines.now())));
      execution.setVariable("handInPeriodText", figures.get(Key.HAND_IN_PERIOD).text());
      execution.setVariable("bankDepositPeriodText", figures.get(Key.BANK_DEPOSIT_PERIOD).text());
    }
    Date publicationDue = figures.periodEnd(Key.PUBLICATION_PERIOD, today);
    execution.setVariable("publicationDue", publicationDue);
    execution.setVariable("publicationDueDate", deadlines.formatDate(publicationDue));
    execution.setVariable("publicationPeriodText", figures.get(Key.PUBLICATION_PERIOD).text());
    if (penalty) {
      register.record(new PenaltyRegister.Decision(execution.getProcessInstanceId(), (String) execution.getVariable("caseNo"),
          execution.getTenantId(), (String) execution.getVariable("actingAuthority"), (String) execution.getVariable("partyType"),
          (String) execution.getVariable("partyName"), parties.numberOf(execution), rule.violationType(),
          rule.violationName(), CaseVariables.optionalDate(execution, "violationDate", "违法行为发生日期", deadlines.zone()), kind,
          fine, rule.penaltyBasis(), today));
      execution.setVariable("publicText", Publications.publicText(execution, kind, fine, deadlines.formatDate(Date.from(deadlines.now()))));
    }
    CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")), NoticeBook.Kind.PENALTY_DECISION, text);
  }
}
