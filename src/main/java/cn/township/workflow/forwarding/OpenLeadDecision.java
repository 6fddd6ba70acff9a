package cn.township.workflow.forwarding;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.TimeLimit;
import cn.township.workflow.system.CaseVariables;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The co-reviewers have given their opinions (or been deemed to agree): the lead department decides, with them on its
 * form, by the end of the level's own limit (行政许可法第二十六条: 分别提出意见后统一办理).
 */
@Component("openLeadDecision")
public class OpenLeadDecision implements JavaDelegate {

  private final Deadlines deadlines;
  private final OpenLevelReview level;

  public OpenLeadDecision(Deadlines deadlines, OpenLevelReview level) {
    this.deadlines = deadlines;
    this.level = level;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Instant received = ((Date) execution.getVariable("levelReceivedAt")).toInstant();
    TimeLimit limit = deadlines.startAt(CaseVariables.number(execution, "levelTimeLimitDays"),
        OpenLevelReview.REMINDER_PERCENT, received);
    level.open(execution, "decision", List.of((String) execution.getVariable("leadDepartment")), limit);
  }
}
