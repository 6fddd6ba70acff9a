package cn.township.workflow.window;

import cn.township.workflow.casefile.NoticeBook;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 一次性告知: one written notice that lists every item to supplement (from the window's check or
 * the reviewer's request) and the supplement deadline in working days. Only materials the catalog publishes may be
 * asked for (行政许可法第三十一条); after acceptance at least one of them, and the notice says that the case then
 * goes on to a decision on the file rather than being withdrawn.
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
    boolean accepted = Boolean.TRUE.equals(execution.getVariable("supplementFirst"));
    if (missing.isEmpty() && (note == null || accepted)) {
      throw new RejectedInputException("missingMaterials", "请勾选需要申请人补正的材料（只能是事项目录公布的申请材料）。");
    }
    List<String> published = CaseVariables.list(execution, "requiredMaterials");
    for (String item : missing) {
      if (!published.contains(item)) {
        throw new RejectedInputException("missingMaterials", "只能要求补正事项目录公布的申请材料（《行政许可法》第三十一条）："
            + "“" + item + "”不在目录中。");
      }
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
        .append(deadlines.provisionalNote(due)).append("前）到窗口补正；");
    if (!accepted) {
      text.append("逾期未补正的，视为撤回申请。补正期间不计入办理时限。");
    } else if (execution.getVariable("timeLimitRunningSince") != null) {
      text.append("逾期未补正的，将依现有材料作出决定。办理期限继续计算。");
    } else {
      text.append("逾期未补正的，将依现有材料继续办理。补正期间不计入承诺办结时限。");
    }
    execution.setVariable("supplementDue", due);
    execution.setVariable("missingMaterialsNotice",
        notices.toApplicant(execution, NoticeBook.Kind.MISSING_MATERIALS, text.toString()));
  }
}
