package cn.township.workflow.enforcement;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.casefile.NoticeBook;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The execution of a decision, as the officers record it: payment (with the surcharge owed on the day paid), a
 * reconsideration or lawsuit and its result (行政处罚法第七十三条: the surcharge stops meanwhile, and no court is asked
 * to enforce), a fine collected on the spot handed in (第七十一条), an order to correct checked after its deadline.
 * Dates are the days things happened, not the day a clerk records them; none lies in the future.
 */
@Component("checkExecution")
public class CheckExecution implements TaskListener {

  private static final Set<String> PAYMENT_OUTCOMES = Set.of("paid", "remedyFiled");

  private final Deadlines deadlines;
  private final EnforcementFigures figures;
  private final LateSurcharge surcharge;
  private final RemedyPeriods remedies;
  private final PenaltyRegister register;
  private final NoticeBook notices;

  public CheckExecution(Deadlines deadlines, EnforcementFigures figures, LateSurcharge surcharge, RemedyPeriods remedies,
                        PenaltyRegister register, NoticeBook notices) {
    this.deadlines = deadlines;
    this.figures = figures;
    this.surcharge = surcharge;
    this.remedies = remedies;
    this.register = register;
    this.notices = notices;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    switch (task.getTaskDefinitionKey()) {
      case "Task_AwaitPayment" -> paymentOrRemedy(task);
      case "Task_AwaitLatePayment" -> paymentOrRemedy(task);
      case "Task_RecordRemedyResult" -> remedyResult(task);
      case "Task_HandInFine" -> handIn(task);
      case "Task_CheckCorrection" -> correction(task);
      default -> throw new IllegalStateException("CheckExecution has no check for task " + task.getTaskDefinitionKey());
    }
  }

  /** 缴纳, or 申请行政复议/提起行政诉讼: the date and, for a remedy, where. */
  private void paymentOrRemedy(DelegateTask task) {
    String outcome = oneOf(task, "paymentOutcome", "情况", PAYMENT_OUTCOMES, "已缴纳（paid）或申请复议、提起诉讼（remedyFiled）");
    LocalDate served = deadlines.dayOf((Date) task.getVariable("servedAt"));
    if (outcome.equals("paid")) {
      LocalDate paid = happened(CaseVariables.date(task, "paidOn", "缴纳日期", deadlines.zone()), served, "paidOn", "缴纳日期");
      String reference = CaseVariables.text(task, "paymentReference", "缴款凭证号");
      BigDecimal owed = surcharge.owedOn(task, paid);
      task.setVariable("surchargeOwed", owed.doubleValue());
      task.setVariable("paymentRecord", "%s缴纳罚款%s元%s，凭证%s。".formatted(deadlines.formatDate(deadlines.endOf(paid)),
          ViolationRules.plain(surcharge.fine(task)),
          owed.signum() > 0 ? "、加处罚款" + ViolationRules.plain(owed) + "元" : "", reference));
      return;
    }
    String kind = oneOf(task, "remedyKind", "救济途径", RemedyPeriods.KINDS, "行政复议（reconsideration）或行政诉讼（lawsuit）");
    LocalDate filed = happened(CaseVariables.date(task, "remedyFiledOn", "申请或起诉日期", deadlines.zone()), served,
        "remedyFiledOn", "申请或起诉日期");
    remedies.recordFiling(task, kind, filed, CaseVariables.text(task, "remedyBody", "复议机关或受理法院"));
  }

  /**
   * The result: the days pending come off the surcharge; upheld or changed, execution resumes with the periods the
   * result leaves (the changed fine replacing the old); revoked, the case ends and publication is withdrawn.
   */
  private void remedyResult(DelegateTask task) {
    String result = oneOf(task, "remedyResult", "结果", RemedyPeriods.RESULTS, "维持、变更或撤销");
    LocalDate filed = remedies.filedOn(task);
    LocalDate decided = happened(CaseVariables.date(task, "remedyResultOn", "结果生效或送达当事人的日期", deadlines.zone()),
        filed, "remedyResultOn", "结果生效或送达当事人的日期");
    CaseVariables.text(task, "remedyResultNote", "结果及理由");
    surcharge.pause(task, filed, decided);
    if (result.equals("changed")) {
      BigDecimal fine = CaseVariables.amount(task, "newFineAmount", "变更后的罚款数额");
      if (fine.signum() <= 0) {
        throw new RejectedInputException("newFineAmount", "变更后不再罚款的，请选择“撤销”并写明结果。");
      }
      task.setVariable("fineAmount", fine.doubleValue());
      register.changeFine(task.getProcessInstanceId(), fine);
    }
    if (result.equals("revoked")) {
      register.revoke(task.getProcessInstanceId(), decided);
      task.setVariable("decisionRevoked", true);
    }
    Date ends = remedies.endAfterResult((String) task.getVariable("remedyKind"), decided);
    Date demandDue = (Date) task.getVariable("demandDue");
    task.setVariable("remedyPeriodEnds", ends);
    task.setVariable("courtApplicationDue", remedies.courtApplicationDue(ends));
    task.setVariable("courtApplicationDueDate", deadlines.formatDate(remedies.courtApplicationDue(ends)));
    task.setVariable("courtApplicationOpens", demandDue == null ? ends : RemedyPeriods.latest(ends, demandDue));
  }

  /** 当场收缴的罚款: handed in within two working days, paid into the bank within two more (第七十一条). Lateness is recorded. */
  private void handIn(DelegateTask task) {
    LocalDate collected = deadlines.dayOf((Date) task.getVariable("decidedAt"));
    LocalDate handedIn = happened(CaseVariables.date(task, "handedInOn", "交至行政机关的日期", deadlines.zone()), collected,
        "handedInOn", "交至行政机关的日期");
    LocalDate deposited = happened(CaseVariables.date(task, "bankDepositOn", "缴付指定银行的日期", deadlines.zone()), handedIn,
        "bankDepositOn", "缴付指定银行的日期");
    String receipt = CaseVariables.text(task, "bankReceipt", "银行缴款凭证号");
    boolean handedInLate = handedIn.isAfter(deadlines.dayOf((Date) task.getVariable("handInDue")));
    boolean depositedLate = deposited.isAfter(deadlines.dayOf(figures.periodEnd(Key.BANK_DEPOSIT_PERIOD, handedIn)));
    String record = "当场收缴的罚款于%s交至行政机关%s，%s缴付指定银行%s（凭证%s）。".formatted(
        deadlines.formatDate(deadlines.endOf(handedIn)), handedInLate ? "（逾期）" : "",
        deadlines.formatDate(deadlines.endOf(deposited)), depositedLate ? "（逾期）" : "", receipt);
    task.setVariable("handInRecord", record);
    if (handedInLate || depositedLate) {
      CaseDocuments.give(notices, task.getExecution(), List.of("group:supervisor", "group:team-leader"),
          record + "超过《行政处罚法》第七十一条规定的" + figures.get(Key.HAND_IN_PERIOD).text() + "，请督办。");
    }
  }

  /** 核查改正: "not corrected" only once the deadline the decision set has passed. */
  private void correction(DelegateTask task) {
    boolean corrected = CaseVariables.flag(task, "corrected", "核查结果");
    CaseVariables.text(task, "correctionCheckNote", "核查情况");
    if (!corrected && !deadlines.today().isAfter(deadlines.dayOf((Date) task.getVariable("correctionDue")))) {
      throw new RejectedInputException("corrected", "改正期限（" + task.getVariable("correctionDueDate")
          + "）届满前不能认定逾期未改正。");
    }
    task.setVariable("corrected", corrected);
  }

  /** A day things happened: not before {@code earliest}, not after today. */
  private LocalDate happened(LocalDate day, LocalDate earliest, String field, String label) {
    if (day.isAfter(deadlines.today())) {
      throw new RejectedInputException(field, label + "不能晚于今天。");
    }
    if (day.isBefore(earliest)) {
      throw new RejectedInputException(field, label + "不能早于" + deadlines.formatDate(deadlines.endOf(earliest)) + "。");
    }
    return day;
  }
}
