package cn.township.workflow.enforcement;

import cn.township.workflow.enforcement.EnforcementFigures.Figure;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 催告书 (行政强制法第三十五条): the duty and its decision, the period to comply (from the figures table, counted from
 * the day the party receives it), the right to state and defend, and what follows if the duty is not met.
 */
@Component("draftDemand")
public class DraftDemand implements JavaDelegate {

  private final NoticeBook notices;
  private final EnforcementFigures figures;

  public DraftDemand(NoticeBook notices, EnforcementFigures figures) {
    this.notices = notices;
    this.figures = figures;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Figure period = figures.get(Key.DEMAND_PERIOD);
    boolean ownPower = "township".equals(execution.getVariable("compulsionPower"));
    String text = ("催告书：本机关于案号%s作出的决定责令你%s，限期至%s，你逾期未履行。请于收到本催告书之日起%s内履行上述义务；"
        + "你有权进行陈述和申辩（《行政强制法》第三十五条、第三十六条）。逾期仍不履行且无正当理由的，%s。").formatted(
        execution.getVariable("caseNo"), execution.getVariable("decisionReasons"), execution.getVariable("correctionDueDate"),
        period.text(), ownPower ? "本机关将依法作出强制执行决定" : "本机关将依法申请人民法院强制执行");
    execution.setVariable("demandText", text);
    CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")), NoticeBook.Kind.DEMAND, text);
  }
}
