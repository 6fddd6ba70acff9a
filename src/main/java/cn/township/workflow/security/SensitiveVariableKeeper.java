package cn.township.workflow.security;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Where the value of one variable of processes/sensitive-variables.csv is kept instead of the engine: a table of
 * ours, one row per case (its root process instance, column {@code process_instance_id}). The procedure's registration
 * writes the row in the start's transaction; a value written later through the engine's API is kept by
 * {@link #keepWritten} ({@link SensitiveVariableWrites}); the row goes when the case's history goes
 * ({@link SensitiveVariableRetention}).
 */
public abstract class SensitiveVariableKeeper {

  private final String variable;
  private final String table;
  private final String notACase;

  /**
   * @param variable the variable's name, as listed in processes/sensitive-variables.csv
   * @param table    the table holding the values, keyed by {@code process_instance_id}
   * @param notACase the refusal of a value written where no case is (a batch's variables, a standalone task's)
   */
  protected SensitiveVariableKeeper(String variable, String table, String notACase) {
    this.variable = variable;
    this.table = table;
    this.notACase = notACase;
  }

  public final String variable() {
    return variable;
  }

  public final String table() {
    return table;
  }

  public final String notACase() {
    return notACase;
  }

  /**
   * Keeps a value written through the engine's API into the case {@code root}, replacing what the case had; throws
   * {@link cn.township.workflow.system.RejectedInputException} (in Chinese) for a value the registration would refuse.
   */
  public abstract void keepWritten(DelegateExecution root, Object value);

  /**
   * The case {@code restarted} was started again as {@code restart} (Camunda's restart of an ended or deleted case: a
   * new process instance, without this table's value). Nothing by default; a keeper whose value the procedure reads
   * back gives it to the new case.
   */
  public void restarted(String restarted, String restart) {
  }
}
