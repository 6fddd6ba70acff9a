package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.CollectedOpinions;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 联合执法: the departments taking part are asked for their findings within the table's period (5 working days). */
@Component("requestJointFindings")
public class RequestJointFindings implements JavaDelegate {

  /** The departments' findings on this case, and who answered. */
  static final CollectedOpinions FINDINGS = new CollectedOpinions("jointFindings", "jointDepartmentsAnswered");

  private final Deadlines deadlines;
  private final NoticeBook notices;
  private final EnforcementFigures figures;

  public RequestJointFindings(Deadlines deadlines, NoticeBook notices, EnforcementFigures figures) {
    this.deadlines = deadlines;
    this.notices = notices;
    this.figures = figures;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date due = figures.periodEnd(Key.JOINT_FINDINGS_PERIOD, deadlines.today());
    execution.setVariable("jointFindingsDue", due);
    execution.setVariable("jointFindingsDueDate", deadlines.formatDate(due));
    FINDINGS.start(execution);
    CaseDocuments.give(notices, execution,
        CaseVariables.list(execution, "jointDepartments").stream().map(d -> "group:" + d).toList(),
        "商请联合调查，请于" + deadlines.formatDate(due) + "前提出调查意见。");
  }
}
