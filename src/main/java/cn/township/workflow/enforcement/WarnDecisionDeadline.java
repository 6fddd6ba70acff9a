package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 80 % of the 90 days from filing are used: the team leader and officers are warned. */
@Component("warnDecisionDeadline")
public class WarnDecisionDeadline implements JavaDelegate {

  private final NoticeBook notices;

  public WarnDecisionDeadline(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseDocuments.give(notices, execution, List.of("group:team-leader", "group:enforcement-officer"), "办案期限将于" + execution.getVariable("decisionDueDate") + "届满，请抓紧作出决定。");
  }
}
