package cn.township.workflow.forwarding;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.TimeLimit;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.Departments;
import cn.township.workflow.casefile.NoticeBook;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A level receives the case: its working-day limit starts. Where the catalog names co-reviewers, they give their
 * opinions first, within the co-review days (phase {@code opinions}); otherwise the lead decides at once (phase
 * {@code decision}). A reminder comes at 80 % of the phase's time; the departments reviewing now are told, with the
 * materials a supplement could still ask for (those not on file, 行政许可法第三十五条).
 */
@Component("openLevelReview")
public class OpenLevelReview implements JavaDelegate {

  static final int REMINDER_PERCENT = 80;

  private final Deadlines deadlines;
  private final Departments departments;
  private final NoticeBook notices;

  private final MutualEvaluations evaluations;

  public OpenLevelReview(Deadlines deadlines, Departments departments, NoticeBook notices,
                         MutualEvaluations evaluations) {
    this.evaluations = evaluations;
    this.deadlines = deadlines;
    this.departments = departments;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    int levelDays = CaseVariables.number(execution, "levelTimeLimitDays");
    TimeLimit level = deadlines.startAt(levelDays, REMINDER_PERCENT, deadlines.now());
    execution.setVariable("levelReceivedAt", Date.from(deadlines.now()));
    execution.setVariable("levelFinalDueAt", Date.from(level.dueAt()));
    CaseVariables.setList(execution, "itemsNotInFile", CheckForwardingConclusion.notOnFile(execution));
    LevelDecisions.clear(execution);
    // the review form offers the rating of the pre-examination only while the case has none (again after a return)
    execution.setVariable("preExaminationRated",
        evaluations.rated(execution.getProcessBusinessKey(), MutualEvaluations.Direction.PRE_EXAMINATION));
    List<String> coReviewers = CaseVariables.list(execution, "coReviewDepartments");
    if (coReviewers.isEmpty()) {
      open(execution, "decision", List.of((String) execution.getVariable("leadDepartment")), level);
    } else {
      Object coDays = execution.getVariable("coReviewDays");
      int days = coDays instanceof Number n && n.intValue() > 0 ? Math.min(n.intValue(), levelDays) : levelDays;
      open(execution, "opinions", coReviewers, deadlines.startAt(days, REMINDER_PERCENT, deadlines.now()));
    }
  }

  /** Puts {@code reviewing} to work in {@code phase} until the limit's date, and tells them. */
  void open(DelegateExecution execution, String phase, List<String> reviewing, TimeLimit limit) {
    Date reminder = Date.from(limit.warningAt().isBefore(deadlines.now()) ? deadlines.now() : limit.warningAt());
    execution.setVariable("reviewPhase", phase);
    execution.setVariable("reviewDepartments", new ArrayList<>(reviewing));
    execution.setVariable("levelReminderAt", reminder);
    execution.setVariable("levelDueAt", Date.from(limit.dueAt()));
    execution.setVariable("levelDueDate", deadlines.formatDate(Date.from(limit.dueAt()))); // as forms show it
    String task = "opinions".equals(phase) ? "出具协办意见" : "作出决定";
    for (String department : reviewing) {
      notices.give(execution, "group:" + department, NoticeBook.Kind.FORWARDING_LETTER,
          "%s：%s转报“%s”（受理编号 %s）及全部申请材料，请于%s前%s。".formatted(departments.nameOf(department),
              execution.getVariable("townshipName"), execution.getVariable("matterName"),
              execution.getVariable("receiptNo"), deadlines.formatDate(Date.from(limit.dueAt())), task));
    }
  }
}
