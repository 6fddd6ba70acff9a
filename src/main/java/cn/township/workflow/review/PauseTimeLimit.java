package cn.township.workflow.review;

import cn.township.workflow.casefile.CaseClock;

import cn.township.workflow.catalog.Deadlines;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The reviewer asked for a supplement: the days used so far are kept and the clock stops until it arrives. */
@Component("pauseTimeLimit")
public class PauseTimeLimit implements JavaDelegate {

  private final Deadlines deadlines;

  public PauseTimeLimit(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    CaseClock.write(execution, deadlines.pause(CaseClock.read(execution)), deadlines);
  }
}
