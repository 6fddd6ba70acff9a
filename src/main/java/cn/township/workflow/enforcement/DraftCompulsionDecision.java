package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 强制执行决定书 (行政强制法第三十七条第二款): the party, the reasons and basis, the manner and time, the remedies with
 * the reconsideration body and the periods (from the figures table), the authority and the date.
 */
@Component("draftCompulsionDecision")
public class DraftCompulsionDecision implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;
  private final EnforcementFigures figures;

  public DraftCompulsionDecision(Deadlines deadlines, NoticeBook notices, EnforcementFigures figures) {
    this.deadlines = deadlines;
    this.notices = notices;
    this.figures = figures;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean demolition = "demolition".equals(execution.getVariable("compulsionManner"));
    String text = """
        %s
        行政强制执行决定书（案号 %s）
        当事人：%s（%s）
        理由和依据：%s；依据%s、《中华人民共和国行政强制法》第三十七条
        强制执行方式：%s　时间：%s
        如不服本决定，可以自收到本决定书之日起%s内向%s申请行政复议，或者自收到之日起%s内依法向人民法院提起行政诉讼。%s
        %s""".formatted(execution.getVariable("actingAuthority"), execution.getVariable("caseNo"),
        execution.getVariable("partyName"), execution.getVariable("location"), execution.getVariable("compulsionReasons"),
        execution.getVariable("penaltyBasis"), demolition ? "强制拆除" : "依法强制执行",
        execution.getVariable("plannedExecutionDate"), figures.get(Key.RECONSIDERATION_PERIOD).text(),
        execution.getVariable("reconsiderationBody"), figures.get(Key.LAWSUIT_PERIOD).text(),
        demolition ? "强制拆除前将予以公告，限期你自行拆除；法定期限内申请行政复议或者提起行政诉讼的，不予强制拆除（《行政强制法》第四十四条）。" : "",
        deadlines.formatDate(Date.from(deadlines.now())));
    execution.setVariable("compulsionDecisionText", text);
    CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")), NoticeBook.Kind.COMPULSION_DECISION, text);
  }
}
