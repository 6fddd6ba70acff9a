package cn.township.workflow.decision;

import cn.township.workflow.system.CaseVariables;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** An expert's opinion goes on the case's list, under the expert's name. */
@Component("recordExpertOpinion")
public class RecordExpertOpinion implements TaskListener {

  private final DecisionSettings settings;

  public RecordExpertOpinion(DecisionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    String expert = (String) task.getVariable("expert");
    List<String> opinions = InviteExperts.OPINIONS.add(task, expert, settings.expertName(expert),
        CaseVariables.text(task, "expertOpinion", "论证意见"));
    task.setVariable("expertOpinionsText", String.join("；", opinions));
  }
}
