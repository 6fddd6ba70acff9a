package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 移送司法机关 (行政处罚法第二十七条): a suspected crime goes to the judicial organs with a transfer letter; the case ends here. */
@Component("transferToJudicial")
public class TransferToJudicial implements JavaDelegate {

  private final NoticeBook notices;

  public TransferToJudicial(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseDocuments.give(notices, execution, List.of("group:team-leader", "judicial:公安机关"),
        "涉嫌犯罪案件移送书：当事人%s的违法行为（%s）涉嫌犯罪，依据《行政处罚法》第二十七条移送司法机关。理由：%s".formatted(
            execution.getVariable("partyName"), execution.getVariable("violationName"), execution.getVariable("filingReason")));
  }
}
