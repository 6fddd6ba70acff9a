package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The decision was not served within the table's service period (7 working days): the team leader is told. */
@Component("escalateService")
public class EscalateService implements JavaDelegate {

  private final NoticeBook notices;
  private final EnforcementFigures figures;

  public EscalateService(NoticeBook notices, EnforcementFigures figures) {
    this.notices = notices;
    this.figures = figures;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseDocuments.give(notices, execution, List.of("group:team-leader"), "处罚决定书未在" + figures.get(EnforcementFigures.Key.SERVICE_PERIOD).text() + "内送达，请督促。");
  }
}
