package cn.township.workflow.enforcement;

import cn.township.workflow.window.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 不予立案, with the team leader's reason on the record. */
@Component("recordNotFiled")
public class RecordNotFiled implements JavaDelegate {

  private final NoticeBook notices;

  public RecordNotFiled(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseDocuments.give(notices, execution, List.of("group:team-leader"), "不予立案。理由：" + execution.getVariable("filingReason"));
  }
}
