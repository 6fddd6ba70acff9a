package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import java.time.LocalDate;
import java.util.Date;
import java.util.Set;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * When a decision can no longer be challenged, and so when a court may be asked to enforce it (行政强制法第五十三条:
 * within three months after the periods for reconsideration and lawsuit have run out), counted from the day the party
 * received it and by the kind of decision: 60 days for reconsideration (行政复议法第二十条), 6 months for a lawsuit
 * (行政诉讼法第四十六条) unless reconsideration must come first (行政复议法第二十三条: a penalty decided on the spot).
 */
@Component
public class RemedyPeriods {

  static final Set<String> KINDS = Set.of("reconsideration", "lawsuit");
  static final Set<String> RESULTS = Set.of("upheld", "changed", "revoked");

  private final EnforcementFigures figures;
  private final Deadlines deadlines;

  public RemedyPeriods(EnforcementFigures figures, Deadlines deadlines) {
    this.figures = figures;
    this.deadlines = deadlines;
  }

  /** The end of the last remedy period open against a decision the party received on {@code served}. */
  public Date endAfterService(LocalDate served, boolean reconsiderationFirst) {
    Date reconsideration = figures.periodEnd(Key.RECONSIDERATION_PERIOD, served);
    if (reconsiderationFirst) {
      return reconsideration;
    }
    return latest(reconsideration, figures.periodEnd(Key.LAWSUIT_PERIOD, served));
  }

  /**
   * The end of the remedy periods after a reconsideration decision (15 days to sue, 行政诉讼法第四十五条) or a court
   * judgment in force (none left), counted from the day it took effect or reached the party.
   */
  public Date endAfterResult(String remedyKind, LocalDate resultOn) {
    return "reconsideration".equals(remedyKind)
        ? figures.periodEnd(Key.LAWSUIT_AFTER_RECONSIDERATION_PERIOD, resultOn)
        : deadlines.endOf(resultOn);
  }

  /** The last day to apply to the court: three months from the end of the remedy periods. */
  public Date courtApplicationDue(Date remedyEnds) {
    return figures.periodEnd(Key.COURT_APPLICATION_PERIOD, deadlines.dayOf(remedyEnds));
  }

  /** 申请行政复议或者提起行政诉讼, as recorded: when and where, for the result and the public record. */
  public void recordFiling(VariableScope scope, String kind, LocalDate filed, String body) {
    scope.setVariable("remedyFiledAt", deadlines.endOf(filed));
    scope.setVariable("remedyText", "%s于%s向%s%s".formatted(scope.getVariable("partyName"),
        deadlines.formatDate(deadlines.endOf(filed)), body, kind.equals("reconsideration") ? "申请行政复议" : "提起行政诉讼"));
  }

  /** The day the pending reconsideration or lawsuit was filed. */
  public LocalDate filedOn(VariableScope scope) {
    return deadlines.dayOf((Date) scope.getVariable("remedyFiledAt"));
  }

  /** The later of two moments, either of which may be absent. */
  static Date latest(Date a, Date b) {
    return a == null || (b != null && b.after(a)) ? b : a;
  }
}
