package cn.township.workflow.decision;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.CollectedOpinions;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 邀请专家论证: the chosen experts get the draft and a deadline in working days. */
@Component("inviteExperts")
public class InviteExperts implements JavaDelegate {

  /** The experts' opinions on this case, and who answered. */
  static final CollectedOpinions OPINIONS = new CollectedOpinions("expertOpinions", "expertsAnswered");

  private final Deadlines deadlines;
  private final NoticeBook notices;
  private final DecisionSettings settings;

  public InviteExperts(Deadlines deadlines, NoticeBook notices, DecisionSettings settings) {
    this.deadlines = deadlines;
    this.notices = notices;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<String> experts = CaseVariables.list(execution, "experts");
    Date deadline = deadlines.workingDaysFromNow(CaseVariables.number(execution, "expertReviewDays"));
    execution.setVariable("experts", new java.util.ArrayList<>(experts)); // a collection the multi-instance reads
    execution.setVariable("expertDeadline", deadline);
    execution.setVariable("expertDeadlineDate", deadlines.formatDate(deadline));
    OPINIONS.start(execution);
    DecisionNotices.give(notices, execution, experts.stream().map(e -> "user:" + e).toList(),
        NoticeBook.Kind.DECISION_RECORD, "邀请%s论证，请于%s前提交意见。".formatted(
            String.join("、", experts.stream().map(settings::expertName).toList()), deadlines.formatDate(deadline)));
  }
}
