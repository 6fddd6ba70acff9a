package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Figure;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.casefile.NoticeBook;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 加处罚款 (第七十二条第一款第一项) from the day after the payment period, at the table's daily rate up to the fine; and
 * the written demand (催告, 行政强制法第三十五条、第五十四条): a court may be asked to enforce only once the demand period
 * has passed after it and the remedy periods have run out. Recorded, not collected here.
 */
@Component("imposeLateSurcharge")
public class ImposeLateSurcharge implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;
  private final EnforcementFigures figures;
  private final LateSurcharge surcharge;

  public ImposeLateSurcharge(Deadlines deadlines, NoticeBook notices, EnforcementFigures figures, LateSurcharge surcharge) {
    this.deadlines = deadlines;
    this.notices = notices;
    this.figures = figures;
    this.surcharge = surcharge;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BigDecimal fine = surcharge.fine(execution);
    Figure rate = figures.get(Key.SURCHARGE_PERCENT_PER_DAY);
    BigDecimal daily = fine.multiply(rate.fraction());
    BigDecimal cap = surcharge.cap(fine);
    LocalDate starts = surcharge.startsOn(execution);
    LocalDate capped = starts.plusDays(cap.divide(daily, 0, RoundingMode.CEILING).longValue() - 1);
    Figure demand = figures.get(Key.DEMAND_PERIOD);
    Date demandDue = figures.periodEnd(demand, deadlines.today());
    Date opens = RemedyPeriods.latest((Date) execution.getVariable("remedyPeriodEnds"), demandDue);
    String note = "自%s起每日加处%s元（罚款数额的%s），加处罚款的数额不超过%s元（不计复议、诉讼期间，最早于%s达到）".formatted(
        deadlines.formatDate(deadlines.endOf(starts)), ViolationRules.plain(daily), rate.text(), ViolationRules.plain(cap),
        deadlines.formatDate(deadlines.endOf(capped)));
    execution.setVariable("surchargeImposed", true);
    execution.setVariable("lateSurchargeDaily", daily.doubleValue());
    execution.setVariable("lateSurchargeNote", note);
    execution.setVariable("demandDue", demandDue);
    execution.setVariable("demandDueDate", deadlines.formatDate(demandDue));
    execution.setVariable("courtApplicationOpens", opens);
    execution.setVariable("courtApplicationOpensDate", deadlines.formatDate(opens));
    CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")), NoticeBook.Kind.DEMAND,
        ("履行行政处罚决定催告书：你未在%s前缴纳罚款%s元，依据《行政处罚法》第七十二条，%s。请于收到本催告书之日起%s内（%s前）"
            + "缴纳罚款和加处罚款；你有权进行陈述和申辩。逾期仍不履行，又不在法定期限内申请行政复议或者提起行政诉讼的，"
            + "本机关将依法申请人民法院强制执行（《行政强制法》第五十三条、第五十四条）。").formatted(
            execution.getVariable("paymentDueDate"), ViolationRules.plain(fine), note, demand.text(),
            deadlines.formatDate(demandDue)));
  }
}
