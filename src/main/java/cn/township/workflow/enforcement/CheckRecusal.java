package cn.township.workflow.enforcement;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * 回避 (行政处罚法第四十三条): each officer declares in person whether he must withdraw; the team leader replaces those
 * who do; a party's request is decided by the agency's head before the case goes on past the investigation.
 */
@Component("checkRecusal")
public class CheckRecusal implements TaskListener {

  private static final Set<String> DECLARATIONS = Set.of("noConflict", "conflict");

  private final CaseOfficers officers;
  private final EnforcementStaff staff;
  private final NoticeBook notices;

  public CheckRecusal(CaseOfficers officers, EnforcementStaff staff, NoticeBook notices) {
    this.officers = officers;
    this.staff = staff;
    this.notices = notices;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    switch (task.getTaskDefinitionKey()) {
      case "Task_DeclareNoConflict" -> declare(task);
      case "Task_ReplaceOfficers" -> {
        CaseVariables.text(task, "replacementReason", "更换说明");
        officers.assign(task, CaseVariables.list(task, "caseOfficers"));
      }
      case "Task_DecideRecusal" -> decide(task);
      default -> throw new IllegalStateException("CheckRecusal has no check for task " + task.getTaskDefinitionKey());
    }
  }

  /** The officer himself, not someone for him, says whether he must withdraw. */
  private void declare(DelegateTask task) {
    String officer = (String) task.getVariable("officer");
    String user = staff.currentUser();
    if (user != null && !user.equals(officer)) {
      throw new RejectedInputException("declaration", "回避声明须由执法人员本人作出（《行政处罚法》第四十三条）。");
    }
    String declaration = oneOf(task, "declaration", "回避声明", DECLARATIONS, "无应当回避的情形（noConflict）或应当回避（conflict）");
    String name = CaseOfficers.names(task, List.of(officer));
    if (declaration.equals("conflict")) {
      String reason = CaseVariables.text(task, "conflictReason", "应当回避的原因");
      officers.withdraw(task, List.of(officer));
      CaseDocuments.give(notices, task.getExecution(), List.of("group:team-leader"),
          "执法人员" + name + "声明应当回避（" + reason + "），已退出本案，请另行指定执法人员。");
    } else {
      officers.declared(task, officer);
    }
  }

  /** 负责人决定: granted, the officers named by the party leave the case and others are designated. */
  private void decide(DelegateTask task) {
    boolean granted = CaseVariables.flag(task, "recusalGranted", "回避申请的决定");
    String reason = CaseVariables.text(task, "recusalDecisionReason", "决定理由");
    task.setVariable("recusalGranted", granted);
    if (granted) {
      officers.withdraw(task, CaseVariables.asList("recusalAgainst", task.getVariable("recusalAgainst")));
    }
    CaseDocuments.give(notices, task.getExecution(), List.of("party:" + task.getVariable("partyName")),
        "回避申请决定书：你申请%s回避，经行政机关负责人审查，%s。理由：%s".formatted(task.getVariable("recusalAgainstNames"),
            granted ? "决定其回避" : "申请不成立，予以驳回", reason));
  }
}
