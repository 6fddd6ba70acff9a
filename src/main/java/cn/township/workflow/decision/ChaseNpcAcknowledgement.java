package cn.township.workflow.decision;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The NPC presidium has not acknowledged in time: leadership, supervisors and the liaison are told; issue still waits. */
@Component("chaseNpcAcknowledgement")
public class ChaseNpcAcknowledgement implements JavaDelegate {

  private final NoticeBook notices;

  public ChaseNpcAcknowledgement(NoticeBook notices) {
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    DecisionNotices.give(notices, execution, List.of("group:leadership", "group:supervisor", "group:npc-liaison"),
        NoticeBook.Kind.OVERDUE_ESCALATION, "人大主席团确认已逾期，决策暂不公布，请联络确认。");
  }
}
