package cn.township.workflow.enforcement;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The enforcement procedure's conclusions. Refuses to complete a task whose conclusion is missing or unknown, with a message the user understands,
 * before the process moves on (Tasklist forms check the same; REST callers may not).
 */
@Component("checkEnforcementConclusion")
public class CheckEnforcementConclusion implements TaskListener {

  private static final Set<String> PENALTY_KINDS = Set.of("warning", "fine", "confiscation", "suspension", "revocation",
      "none");
  private static final Set<String> DECISION_KINDS = Set.of("penalty", "noPenalty");
  private static final Set<String> LEGAL_REVIEW_OPINIONS = Set.of("pass", "reinvestigate");
  /** 行政处罚法第四十二条: investigations by at least two officers. */
  static final int MINIMUM_INVESTIGATORS = 2;

  @Override
  public void notify(DelegateTask task) {
    switch (task.getTaskDefinitionKey()) {
      case "Task_ApproveFiling" -> {
        task.setVariable("fileCase", CaseVariables.flag(task, "fileCase", "是否立案"));
        CaseVariables.text(task, "filingReason", "审批意见");
      }
      case "Task_Investigate" -> checkInvestigation(task);
      case "Task_SummaryDecision" -> {
        if (!CaseVariables.flag(task, "partyInformed", "已告知当事人陈述申辩权")) {
          throw new RejectedInputException("partyInformed", "当场处罚须出示执法证件并告知当事人陈述申辩权。");
        }
        CaseVariables.text(task, "decisionReasons", "当场处罚决定");
        task.setVariable("decisionKind", "penalty");
      }
      case "Task_RecordPartyResponse" -> task.setVariable("hearingRequested",
          CaseVariables.flag(task, "hearingRequested", "当事人是否要求听证"));
      case "Task_LegalReview" -> {
        oneOf(task, "legalReviewOpinion", "法制审核意见", LEGAL_REVIEW_OPINIONS, "通过（pass）或退回补充调查（reinvestigate）");
        CaseVariables.text(task, "legalReviewNote", "审核意见");
      }
      case "Task_CollectiveDiscussion" -> {
        CaseVariables.text(task, "attendees", "参加讨论的负责人");
        CaseVariables.text(task, "discussion", "集体讨论意见");
      }
      case "Task_Decide" -> {
        oneOf(task, "decisionKind", "决定", DECISION_KINDS, "给予处罚（penalty）或不予处罚（noPenalty）");
        CaseVariables.text(task, "decisionReasons", "决定内容和理由");
      }
      default -> throw new IllegalStateException("CheckEnforcementConclusion has no check for task " + task.getTaskDefinitionKey());
    }
  }

  /** 调查取证: at least two officers, the facts, the evidence and the proposed penalty; joint departments if any. */
  private static void checkInvestigation(DelegateTask task) {
    String investigators = CaseVariables.text(task, "investigators", "执法人员");
    long count = Arrays.stream(investigators.split("[、,，;；\\s]+")).filter(s -> !s.isBlank()).count();
    if (count < MINIMUM_INVESTIGATORS) {
      throw new RejectedInputException("investigators", "调查取证的执法人员不得少于两人（《行政处罚法》第四十二条）。");
    }
    CaseVariables.text(task, "evidence", "证据材料");
    CaseVariables.text(task, "findings", "违法事实");
    CaseVariables.text(task, "proposedPenalty", "拟处罚意见");
    oneOf(task, "penaltyKind", "拟处罚种类", PENALTY_KINDS, "警告、罚款、没收、责令停产停业、吊销许可证件或不予处罚之一");
    CaseVariables.normalizeFlags(task, "complexCase", "majorPublicInterest", "proposeSummary");
    List<String> joint = CaseVariables.list(task, "jointDepartments");
    task.setVariable("jointDepartments", new ArrayList<>(joint)); // a collection the multi-instance reads
    task.setVariable("jointInvestigation", !joint.isEmpty());
  }
}
