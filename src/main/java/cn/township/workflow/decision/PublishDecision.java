package cn.township.workflow.decision;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** 向社会公布: the decision is published (GET /api/decisions lists it); the post-decision evaluation is scheduled. */
@Component("publishDecision")
public class PublishDecision implements JavaDelegate {

  private final Deadlines deadlines;
  private final NoticeBook notices;
  private final DecisionSettings settings;

  public PublishDecision(Deadlines deadlines, NoticeBook notices, DecisionSettings settings) {
    this.deadlines = deadlines;
    this.notices = notices;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Date now = Date.from(deadlines.now());
    execution.setVariable("decisionPublished", true);
    execution.setVariable("publishedAt", now);
    execution.setVariable("publishedDate", deadlines.formatDate(now));
    execution.setVariable("evaluationAfter", settings.evaluationAfter());
    DecisionNotices.give(notices, execution, List.of("public"), NoticeBook.Kind.DECISION_PUBLICATION,
        "决策公布：" + execution.getVariable("draft"));
  }
}
