package cn.township.workflow.window;

import cn.township.workflow.casefile.CaseLookup;

import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * 好差评 given by the applicant: delivered to the case's waiting rating (satisfaction-rating.bpmn, message event
 * {@code applicant-rating}) once, from the public endpoint or the window's rating device, with the channel on record.
 * The case has already been found by its receipt number and query code ({@link CaseLookup}).
 */
@Component
public class ApplicantRatings {

  /** Correlated only here: the engine's API refuses it ({@code security/StatutoryTimerGuard}). */
  public static final String MESSAGE = "applicant-rating";
  static final String PROCESS = "satisfaction-rating";

  /** Where the rating came from; the rater's identity is never recorded beyond the case's applicant. */
  public enum Channel { ONLINE, DEVICE }

  /** What became of a rating. */
  public enum Outcome {
    RATED("评价已收到，感谢您的评价。"),
    NOT_YET("本案尚未出件，出件后方可评价。"),
    ALREADY_RATED("本案已评价，每个案件只能评价一次。"),
    PERIOD_OVER("评价期已过，本案记为未评价。"),
    NOT_OPEN("本案当前不能在线评价，请到窗口评价器评价。");

    public final String message;

    Outcome(String message) {
      this.message = message;
    }
  }

  private final RuntimeService runtime;
  private final HistoryService history;
  private final CaseLookup lookup;

  public ApplicantRatings(RuntimeService runtime, HistoryService history, CaseLookup lookup) {
    this.runtime = runtime;
    this.history = history;
    this.lookup = lookup;
  }

  /** Records the rating on the case's waiting rating step, or says why it cannot be recorded. */
  public Outcome rate(String receiptNo, RecordRating.Level level, String comment, Channel channel, String device) {
    return lookup.withoutCaller(() -> {
      try {
        runtime.createMessageCorrelation(MESSAGE).processInstanceBusinessKey(receiptNo)
            .setVariables(Variables.createVariables().putValue("ratingLevel", level.name())
                .putValue("ratingComment", comment).putValue("ratingChannel", channel.name())
                .putValue("ratingDevice", device))
            .correlateWithResult();
        return Outcome.RATED;
      } catch (MismatchingMessageCorrelationException notWaiting) {
        return whyNot(receiptNo);
      } catch (ProcessEngineException | NullPointerException raced) {
        // two ratings at once (online and on the device, or on two nodes): this one lost and was rolled back. Camunda
        // 7.24 may read the waiting rating while the winner commits and then find it gone — a NullPointerException in
        // ExecutionEntity.ensureExecutionTreeInitialized, "eventSubscriptions is empty", or the optimistic lock (500
        // before, for the first two); the applicant is told what a second rating is told once the winner is recorded
        if (whyNot(receiptNo) == Outcome.ALREADY_RATED) {
          return Outcome.ALREADY_RATED;
        }
        throw raced;
      }
    });
  }

  private Outcome whyNot(String receiptNo) {
    List<HistoricProcessInstance> ratings = history.createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(receiptNo).processDefinitionKey(PROCESS).list();
    if (ratings.isEmpty()) {
      return Outcome.NOT_YET;
    }
    String[] ids = ratings.stream().map(HistoricProcessInstance::getId).toArray(String[]::new);
    if (history.createHistoricVariableInstanceQuery().processInstanceIdIn(ids).variableName("ratingLevel").count() > 0) {
      return Outcome.ALREADY_RATED;
    }
    return ratings.stream().anyMatch(r -> "End_NotRated".equals(r.getEndActivityId())) ? Outcome.PERIOD_OVER
        : Outcome.NOT_OPEN;
  }
}
