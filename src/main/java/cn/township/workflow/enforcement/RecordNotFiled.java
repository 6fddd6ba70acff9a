package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 不予立案, with the team leader's reason and its ground on the record; a party not punished is educated (第三十三条第三款),
 * a child's guardian told to discipline him (第三十条).
 */
@Component("recordNotFiled")
public class RecordNotFiled implements JavaDelegate {

  private static final Map<String, String> GROUNDS = Map.of(
      "limitation", "违法行为在法定期限内未被发现，不再给予行政处罚（《行政处罚法》第三十六条）",
      "underAge", "当事人违法时不满%s，不予行政处罚，责令监护人加以管教（《行政处罚法》第三十条）",
      "minorAndCorrected", "违法行为轻微并及时改正，没有造成危害后果，不予行政处罚（《行政处罚法》第三十三条第一款）",
      "firstAndMinor", "初次违法且危害后果轻微并及时改正，不予行政处罚（《行政处罚法》第三十三条第一款）",
      "noFault", "当事人有证据足以证明没有主观过错，不予行政处罚（《行政处罚法》第三十三条第二款）",
      "noViolation", "违法事实不能成立");
  private static final List<String> EDUCATED = List.of("minorAndCorrected", "firstAndMinor", "noFault");

  private final NoticeBook notices;
  private final EnforcementFigures figures;

  public RecordNotFiled(NoticeBook notices, EnforcementFigures figures) {
    this.notices = notices;
    this.figures = figures;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object ground = execution.getVariable("notFiledGround");
    String why = GROUNDS.getOrDefault(String.valueOf(ground), "")
        .formatted(figures.get(EnforcementFigures.Key.NO_PENALTY_AGE).text());
    CaseDocuments.give(notices, execution, List.of("group:team-leader"), "不予立案。" + (why.isEmpty() ? "" : why + "。")
        + "理由：" + execution.getVariable("filingReason"));
    if (EDUCATED.contains(String.valueOf(ground)) || "underAge".equals(ground)) {
      CaseDocuments.give(notices, execution, List.of("party:" + execution.getVariable("partyName")),
          "underAge".equals(ground) ? "不予行政处罚告知书：" + why + "。请监护人加强管教。"
              : "不予行政处罚告知书：" + why + "。请遵守有关法律法规（《行政处罚法》第三十三条第三款：对依法不予处罚的当事人进行教育）。");
    }
  }
}
