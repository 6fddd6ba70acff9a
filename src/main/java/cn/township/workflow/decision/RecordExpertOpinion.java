package cn.township.workflow.decision;

import cn.township.workflow.system.CaseVariables;
import java.util.ArrayList;
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
  public void notify(DelegateTask task) {
    String expert = (String) task.getVariable("expert");
    String opinion = CaseVariables.text(task, "expertOpinion", "论证意见");
    List<String> opinions = new ArrayList<>(CaseVariables.list(task, "expertOpinions"));
    opinions.add(settings.expertName(expert) + "：" + opinion);
    CaseVariables.setList(task, "expertOpinions", opinions);
    task.setVariable("expertOpinionsText", String.join("；", opinions));
    List<String> answered = new ArrayList<>(CaseVariables.list(task, "expertsAnswered"));
    answered.add(expert);
    CaseVariables.setList(task, "expertsAnswered", answered);
  }
}
