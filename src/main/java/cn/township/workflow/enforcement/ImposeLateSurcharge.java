package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.window.NoticeBook;
import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 加处罚款 (第七十二条第一款第一项): 3 % of the fine a day from the day after the deadline, never more than the
 * fine itself (reached on day 34); the party is warned in writing. Recorded, not collected here.
 */
@Component("imposeLateSurcharge")
public class ImposeLateSurcharge implements JavaDelegate {

  static final int DAYS_TO_CAP = 34; // 34 × 3 % ≥ 100 %

  private final Deadlines deadlines;
  private final NoticeBook notices;

  public ImposeLateSurcharge(Deadlines deadlines, NoticeBook notices) {
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BigDecimal fine = new BigDecimal(String.valueOf(execution.getVariable("fineAmount")));
    BigDecimal daily = fine.multiply(new BigDecimal("0.03"));
    Date capDay = deadlines.calendarDaysFromNow(DAYS_TO_CAP);
    String note = "自%s起每日加处%s元（罚款的3%%），至%s累计达罚款数额%s元为止".formatted(
        deadlines.formatDate(Date.from(deadlines.now())), daily.stripTrailingZeros().toPlainString(),
        deadlines.formatDate(capDay), fine.stripTrailingZeros().toPlainString());
    execution.setVariable("lateSurchargeDaily", daily.doubleValue());
    execution.setVariable("lateSurchargeNote", note);
    CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")),
        "履行行政处罚决定催告书：你未在期限内缴纳罚款，" + note + "。逾期仍不履行的，将依法申请人民法院强制执行。");
  }
}
