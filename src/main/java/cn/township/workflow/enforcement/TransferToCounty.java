package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 移送: the matter is not the township's; the case goes to the county department with a transfer letter. */
@Component("transferToCounty")
public class TransferToCounty implements JavaDelegate {

  private final NoticeBook notices;

  public TransferToCounty(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseDocuments.give(notices, execution, List.of("group:team-leader", "public"), NoticeBook.Kind.TRANSFER, "案件移送函：经审查，该违法行为（" + execution.getVariable("violationName") + "）由" + execution.getVariable("entrustingDepartment") + "管辖，依法移送。");
  }
}
