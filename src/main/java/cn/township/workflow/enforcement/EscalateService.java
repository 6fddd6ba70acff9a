package cn.township.workflow.enforcement;

import cn.township.workflow.window.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The decision was not served within seven days: the team leader is told. */
@Component("escalateService")
public class EscalateService implements JavaDelegate {

  private final NoticeBook notices;

  public EscalateService(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseDocuments.give(notices, execution, List.of("group:team-leader"), "处罚决定书未在七日内送达，请督促。");
  }
}
