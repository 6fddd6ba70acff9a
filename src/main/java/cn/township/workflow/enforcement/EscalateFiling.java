package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Filing not decided within the table's filing period (15 working days of discovery): supervisors and the team leader are told. */
@Component("escalateFiling")
public class EscalateFiling implements JavaDelegate {

  private final NoticeBook notices;
  private final EnforcementFigures figures;

  public EscalateFiling(NoticeBook notices, EnforcementFigures figures) {
    this.notices = notices;
    this.figures = figures;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseDocuments.give(notices, execution, List.of("group:supervisor", "group:team-leader"), "立案审批已超过" + figures.get(EnforcementFigures.Key.FILING_PERIOD).text() + "，请督办。");
  }
}
