package cn.township.workflow.window;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 一次性告知: one written notice that lists every item to supplement (from the window's check or
 * the reviewer's request) and the supplement deadline in working days.
 */
@Component("notifyMissingMaterials")
public class NotifyMissingMaterials implements JavaDelegate {

  private final NoticeBook notices;
  private final Deadlines deadlines;

  public NotifyMissingMaterials(NoticeBook notices, Deadlines deadlines) {
    this.notices = notices;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<String> missing = CaseVariables.list(execution, "missingMaterials");
    String note = CaseVariables.optionalText(execution, "supplementNote");
    if (missing.isEmpty() && note == null) {
      throw new RejectedInputException("missingMaterials", "请列明需要申请人补正的材料或补正说明。");
    }
    int days = CaseVariables.number(execution, "supplementDays");
    java.util.Date due = deadlines.workingDaysFromNow(days);
    StringBuilder text = new StringBuilder("需补正以下全部材料：\n");
    for (int i = 0; i < missing.size(); i++) {
      text.append(i + 1).append(". ").append(missing.get(i)).append('\n');
    }
    if (note != null) {
      text.append("补正说明：").append(note).append('\n');
    }
    text.append("请在").append(days).append("个工作日内（").append(deadlines.formatDate(due))
        .append("前）到窗口补正；逾期未补正的，视为撤回申请。补正期间不计入办理时限。");
    execution.setVariable("supplementDue", due);
    execution.setVariable("missingMaterialsNotice",
        notices.toApplicant(execution, NoticeBook.Kind.MISSING_MATERIALS, text.toString()));
  }
}
