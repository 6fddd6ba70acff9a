package cn.township.workflow.casefile;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.TimeLimit;
import cn.township.workflow.system.CaseVariables;
import java.util.Date;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Keeps a case's {@link TimeLimit} in its variables, where timers (${timeLimitDueAt}) and Cockpit see it. */
public final class CaseClock {

  private CaseClock() {}

  /**
   * The clock's variables: the period and its use, set at registration and by the procedure's steps only (the head's
   * extension, the excluded periods, the calendar recount); never through the engine's API (StatutoryTimerGuard).
   */
  public static final java.util.Set<String> VARIABLES = java.util.Set.of("timeLimitDays", "warningPercent",
      "timeLimitUsedDays", "timeLimitRunningSince", "timeLimitWarningAt", "timeLimitDueAt", "timeLimitDueDate");

  /** The case's time limit, or null if it has not started yet. */
  public static TimeLimit read(VariableScope scope) {
    if (!scope.hasVariable("timeLimitDueAt")) {
      return null;
    }
    Date since = (Date) scope.getVariable("timeLimitRunningSince");
    return new TimeLimit(CaseVariables.number(scope, "timeLimitDays"), CaseVariables.number(scope, "warningPercent"),
        CaseVariables.number(scope, "timeLimitUsedDays"), since == null ? null : since.toInstant(),
        ((Date) scope.getVariable("timeLimitWarningAt")).toInstant(),
        ((Date) scope.getVariable("timeLimitDueAt")).toInstant());
  }

  /** Writes the variables that changed (the clock is written at every step; most of it stays as it was). */
  public static void write(VariableScope scope, TimeLimit limit, Deadlines deadlines) {
    CaseVariables.setIfChanged(scope, "timeLimitUsedDays", limit.usedDays());
    CaseVariables.setIfChanged(scope, "timeLimitRunningSince",
        limit.running() ? Date.from(limit.runningSince()) : null);
    CaseVariables.setIfChanged(scope, "timeLimitWarningAt", Date.from(limit.warningAt()));
    CaseVariables.setIfChanged(scope, "timeLimitDueAt", Date.from(limit.dueAt()));
    CaseVariables.setIfChanged(scope, "timeLimitDueDate", deadlines.formatDate(Date.from(limit.dueAt()))); // forms
  }
}
