package cn.township.workflow.decision;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 公布意见采纳情况: comments the office received on paper or in person are stored with the others, the
 * comment period is closed and the adoption summary is published.
 */
@Component("publishAdoptionSummary")
public class PublishAdoptionSummary implements JavaDelegate {

  private final PublicComments comments;
  private final NoticeBook notices;
  private final Deadlines deadlines;

  public PublishAdoptionSummary(PublicComments comments, NoticeBook notices, Deadlines deadlines) {
    this.comments = comments;
    this.notices = notices;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String decisionNo = (String) execution.getVariable("decisionNo");
    String offline = CaseVariables.optionalText(execution, "offlineComments");
    if (offline != null) {
      var caller = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
      String recordedBy = caller == null ? null : caller.getUserId();
      Arrays.stream(offline.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).forEach(line ->
          comments.add(decisionNo, PublicComments.Channel.STAFF, null, null, line, recordedBy, deadlines.now()));
    }
    execution.setVariable("commentOpen", false);
    execution.setVariable("commentCount", comments.count(decisionNo));
    DecisionNotices.give(notices, execution, List.of("public"), NoticeBook.Kind.PUBLICATION,
        "意见采纳情况（共收到意见%d条）：%s".formatted(comments.count(decisionNo),
            CaseVariables.text(execution, "adoptionSummary", "意见采纳情况")));
  }
}
