package cn.township.workflow.forwarding;

import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Delivers a decision a department's own system posted to that department's review, and to no other: in a joint
 * review (联合审查) the other departments keep their tasks and their decisions stand. The decision goes into the same
 * variables a decision made in Tasklist fills, so the record and the consolidation treat both alike.
 */
@Component
public class PostLevelDecision {

  /** Correlated only here: the engine's API refuses it ({@code security/StatutoryTimerGuard}). */
  public static final String MESSAGE = "external-level-decision";

  private final RuntimeService runtime;

  public PostLevelDecision(RuntimeService runtime) {
    this.runtime = runtime;
  }

  /** False where the department is not (or no longer) reviewing in this level review. */
  public boolean post(String levelReviewId, String department, String decision, String opinion, String legalBasis,
                      java.util.List<String> supplementItems) {
    try {
      Optional<Execution> reviewing = reviewing(levelReviewId, department);
      if (reviewing.isEmpty()) {
        return false;
      }
      runtime.messageEventReceived(MESSAGE, reviewing.get().getId(), Variables.createVariables()
          .putValue("departmentDecision", decision)
          .putValue("departmentOpinion", opinion)
          .putValue("departmentLegalBasis", legalBasis)
          .putValue("supplementItems", new java.util.ArrayList<>(supplementItems)));
      return true;
    } catch (NullValueException gone) {
      // the department's review ended between finding it and delivering to it: decided by another call just now
      return false;
    } catch (NullPointerException | ProcessEngineException raced) {
      // the same race one step later. Seen with two nodes on PostgreSQL: Camunda 7.24 read the subscription while the
      // other call's transaction was committing and then found its execution gone (EventSubscriptionEntity
      // .getProcessDefinition); seen on H2 with four calls at once: the execution found, its subscription gone
      // ("eventSubscriptions is empty", a plain ProcessEngineException). Nothing was written; if the review is really
      // over, say so as above.
      try {
        if (reviewing(levelReviewId, department).isEmpty()) {
          return false;
        }
      } catch (NullValueException gone) {
        return false;
      }
      throw raced;
    }
  }

  private Optional<Execution> reviewing(String levelReviewId, String department) {
    return runtime.createExecutionQuery().processInstanceId(levelReviewId)
        .messageEventSubscriptionName(MESSAGE).list().stream()
        .filter(execution -> department.equals(runtime.getVariable(execution.getId(), "department")))
        .findFirst();
  }
}
