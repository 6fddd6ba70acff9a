package cn.township.workflow.duty;

import cn.township.workflow.audit.AuditTrail;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When absences begin and end: at once when recorded or withdrawn, and otherwise when their first day comes or their
 * last day has passed (checked every {@code township.absences.check-millis}, every node: each absence is begun and
 * ended once, whichever node gets there first). Each absence in its own transaction.
 */
@Component
public class AbsenceSchedule {

  private final Absences absences;
  private final Substitution substitution;
  private final AuditTrail audit;
  private final TransactionTemplate transaction;

  public AbsenceSchedule(Absences absences, Substitution substitution, AuditTrail audit,
                         PlatformTransactionManager transactions) {
    this.absences = absences;
    this.substitution = substitution;
    this.audit = audit;
    this.transaction = new TransactionTemplate(transactions);
  }

  @Scheduled(fixedDelayString = "${township.absences.check-millis:60000}",
      initialDelayString = "${township.absences.check-millis:60000}")
  public void catchUp() {
    absences.toEnd().forEach(a -> end(a, null));
    absences.toApply().forEach(this::begin);
  }

  /** Hands the user's open tasks to the substitute if the absence is in force today; returns how many. */
  public int begin(Absences.Absence absence) {
    Integer handed = transaction.execute(status -> {
      if (!absence.inForceOn(absences.today()) || !absences.markApplied(absence)) {
        return 0;
      }
      return substitution.handOver(absence);
    });
    return handed == null ? 0 : handed;
  }

  /** Ends the absence (its last day passed, or {@code by} withdrew it) and gives the tasks back; returns how many. */
  public int end(Absences.Absence absence, String by) {
    Integer returned = transaction.execute(status -> {
      if (!absences.markEnded(absence)) {
        return 0;
      }
      int back = substitution.giveBack(absence);
      audit.record(by, "AbsenceEnded", null, absence.userId() + "（代理人 " + absence.substitute() + "，"
          + absence.from() + " 至 " + absence.to() + "）" + (by == null ? "期满" : "撤销") + "，退还任务 " + back + " 件");
      return back;
    });
    return returned == null ? 0 : returned;
  }
}
