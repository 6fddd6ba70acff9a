package cn.township.workflow.window;

import cn.township.workflow.catalog.Deadlines;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** Notes when the window received the (supplemented) materials: a deemed acceptance counts from then. */
@Component("markMaterialsReceived")
public class MarkMaterialsReceived implements ExecutionListener {

  private final Deadlines deadlines;

  public MarkMaterialsReceived(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  public void notify(DelegateExecution execution) {
    execution.setVariable(IntakeResult.RECEIVED_AT, Date.from(deadlines.now()));
  }
}
