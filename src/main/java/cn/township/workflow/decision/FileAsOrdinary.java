package cn.township.workflow.decision;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Not a major decision: handled as an ordinary matter, with the leadership's reason on the record. */
@Component("fileAsOrdinary")
public class FileAsOrdinary implements JavaDelegate {

  private final NoticeBook notices;

  public FileAsOrdinary(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    DecisionNotices.give(notices, execution, List.of("group:decision-office"), NoticeBook.Kind.DECISION_RECORD,
        "经领导班子确认不属于重大行政决策，按一般事项办理。理由：" + execution.getVariable("majorReason"));
  }
}
