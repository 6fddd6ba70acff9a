package cn.township.workflow.review;

import cn.township.workflow.casefile.CaseClock;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.TimeLimit;
import cn.township.workflow.system.CaseVariables;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 办结: the clock stops; whether the case finished within its promised date goes on the record, tw_case_fact
 * (completed_at, on_time), which CaseFacts writes as this command closes. No variable keeps them afterwards.
 */
@Component("recordCompletion")
public class RecordCompletion implements JavaDelegate {

  private final Deadlines deadlines;

  public RecordCompletion(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    TimeLimit limit = deadlines.pause(CaseClock.read(execution));
    CaseClock.write(execution, limit, deadlines);
    CaseVariables.setTransient(execution, "completedAt", Date.from(deadlines.now()));
    CaseVariables.setTransient(execution, "completedOnTime", !deadlines.now().isAfter(limit.dueAt()));
  }
}
