package cn.township.workflow.window;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.util.Arrays;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 好差评: checks the level is one of the five and marks a bad rating (不满意 or worse). The level stays on the rating
 * (the case's out-mapping and tw_case_fact take it, "already rated" is answered from it); {@code badRating} is for the
 * gateway in this transaction only; a bad rating keeps its label and the case's heading for the forms that follow.
 */
@Component("recordRating")
public class RecordRating implements JavaDelegate {

  /** The five levels of 国办发〔2019〕51号, best first. */
  public enum Level {
    VERY_SATISFIED("非常满意"), SATISFIED("满意"), BASICALLY_SATISFIED("基本满意"),
    DISSATISFIED("不满意"), VERY_DISSATISFIED("非常不满意");

    public final String label;

    Level(String label) {
      this.label = label;
    }

    public boolean bad() {
      return this == DISSATISFIED || this == VERY_DISSATISFIED;
    }

    /** The level named by its code (SATISFIED) or its Chinese label (满意). */
    public static java.util.Optional<Level> of(String value) {
      String given = value == null ? "" : value.strip();
      return Arrays.stream(values()).filter(l -> l.name().equals(given) || l.label.equals(given)).findFirst();
    }
  }

  @Override
  public void execute(DelegateExecution execution) {
    String value = CaseVariables.text(execution, "ratingLevel", "评价等级");
    Level level = Level.of(value).orElseThrow(() -> new RejectedInputException("ratingLevel",
        "评价等级应为：非常满意、满意、基本满意、不满意、非常不满意之一。"));
    execution.setVariable("ratingLevel", level.name());
    CaseVariables.setTransient(execution, "badRating", level.bad());
    if (level.bad()) {
      execution.setVariable("ratingLabel", level.label);
      RatingHeading.keep(execution);
    }
  }
}
