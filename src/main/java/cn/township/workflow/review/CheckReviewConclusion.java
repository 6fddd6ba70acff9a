package cn.township.workflow.review;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Delegated review's conclusions (审查, 签批, 延期, 听证, 第四十五条 periods). Refuses to complete a task whose conclusion
 * is missing, unknown or unlawful, with a message the user understands, before the process moves on (Tasklist forms
 * check the same; REST callers may not): a decision without the hearing the law or a party requires, one not based
 * on the hearing record, a supplement outside the published materials, a second or late extension, a hearing
 * announced less than seven days ahead.
 */
@Component("checkReviewConclusion")
public class CheckReviewConclusion implements TaskListener {

  private static final Set<String> REVIEW_RESULTS = Set.of("approve", "disapprove", "supplement", "notifyParties",
      "excluded", "extend", "returnToWindow");
  private static final Set<String> LEADER_DECISIONS = Set.of("agree", "return");

  private final Deadlines deadlines;

  public CheckReviewConclusion(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    switch (task.getTaskDefinitionKey()) {
      case "Task_Review" -> checkReview(task);
      case "Task_LeaderSignOff" -> {
        String decision = oneOf(task, "leaderDecision", "签批意见", LEADER_DECISIONS, "同意（agree）或退回重审（return）");
        if ("return".equals(decision)) {
          task.setVariable(NoteReturn.RETURN_NOTE, "分管领导退回重审：" + CaseVariables.text(task, "leaderOpinion", "签批说明"));
        }
      }
      case "Task_RecheckAtWindow" -> CaseVariables.text(task, "recheckNote", "复核情况");
      case "Task_ApproveExtension" -> {
        if (CaseVariables.flag(task, "extensionApproved", "是否批准延期")) {
          extensionStillPossible(task);
        }
        CaseVariables.text(task, "extensionDecisionNote", "批准意见");
      }
      case "Task_HearInterestedParties" -> {
        CaseVariables.normalizeFlags(task, "hearingRequested");
        CaseVariables.text(task, "partyViews", "陈述、申辩意见");
      }
      case "Task_RecordExcludedPeriodEnd" -> {
        LocalDate ended = day(CaseVariables.instant(task, "excludedEndedOn", "完成日期", deadlines.zone()));
        LocalDate since = day(((Date) task.getVariable("excludedSince")).toInstant());
        if (ended.isAfter(deadlines.today()) || ended.isBefore(since)) {
          throw new RejectedInputException("excludedEndedOn", "完成日期应在中止计时之日（" + since + "）至今天之间。");
        }
        task.setVariable("excludedEndedOn", Date.from(ended.atStartOfDay(deadlines.zone()).toInstant()));
        CaseVariables.text(task, "excludedResult", "结果");
      }
      case "Task_ScheduleHearing" -> {
        Instant at = CaseVariables.instant(task, "hearingAt", "听证时间", deadlines.zone());
        var notice = deadlines.period("licensing-hearing-notice");
        LocalDate earliest = deadlines.today().plusDays(notice.days());
        if (day(at).isBefore(earliest)) {
          throw new RejectedInputException("hearingAt", "听证应在通知后" + notice.text() + "以上举行（" + notice.legalBasis()
              + "）：最早" + earliest + "。");
        }
        task.setVariable("hearingAt", Date.from(at));
        CaseVariables.text(task, "hearingPlace", "听证地点");
        CaseVariables.text(task, "hearingHost", "听证主持人（非本案审查人员）");
      }
      case "Task_HoldLicensingHearing" -> {
        CaseVariables.text(task, "hearingParticipants", "参加人");
        CaseVariables.text(task, "hearingRecord", "听证笔录要点");
        task.setVariable("hearingHeld", true);
        task.setVariable("excludedEndedOn", Date.from(deadlines.today().atStartOfDay(deadlines.zone()).toInstant()));
      }
      default -> throw new IllegalStateException("CheckReviewConclusion has no check for task " + task.getTaskDefinitionKey());
    }
  }

  private void checkReview(DelegateTask task) {
    String result = oneOf(task, "reviewResult", "审查结论", REVIEW_RESULTS, "准予（approve）、不予（disapprove）、需补正"
        + "（supplement）、告知利害关系人（notifyParties）、听证或检验等（excluded）、报请延期（extend）或退回窗口复核（returnToWindow）");
    CaseVariables.text(task, "reviewOpinion", "审查意见");
    switch (result) {
      case "approve", "disapprove" -> {
        boolean hearingDue = Boolean.TRUE.equals(task.getVariable("hearingRequired"))
            || Boolean.TRUE.equals(task.getVariable("hearingRequested"));
        boolean held = Boolean.TRUE.equals(task.getVariable("hearingHeld"));
        if (hearingDue && !held) {
          throw new RejectedInputException("reviewResult", "本案依法须举行听证（事项依法须听证，或申请人、利害关系人已要求听证），"
              + "听证后方可作出决定：请选择“听证或检验等”，类型为听证（《行政许可法》第四十六条、第四十七条）。");
        }
        if (held) {
          CaseVariables.text(task, "hearingFindings", "根据听证笔录作出的认定（《行政许可法》第四十八条）");
        }
        if ("disapprove".equals(result)) {
          CaseVariables.text(task, "decisionLegalBasis", "不予准予的法律依据");
        }
      }
      case "supplement" -> {
        List<String> asked = CaseVariables.list(task, "missingMaterials");
        List<String> published = CaseVariables.asList("requiredMaterials", task.getVariable("requiredMaterials"));
        if (asked.isEmpty() || !published.containsAll(asked)) {
          throw new RejectedInputException("missingMaterials",
              "请勾选需要补正的材料：只能是事项目录公布的申请材料（《行政许可法》第三十一条）。");
        }
      }
      case "notifyParties" -> CaseVariables.text(task, "interestedParties", "利害关系人（每行一人：姓名、联系方式）");
      case "returnToWindow" -> task.setVariable(NoteReturn.RETURN_NOTE,
          "审核人退回窗口复核：" + CaseVariables.text(task, "returnReason", "退回理由"));
      case "excluded" -> {
        ExcludedWork.of(task.getVariable("excludedKind")).orElseThrow(() -> new RejectedInputException("excludedKind",
            "只有《行政许可法》第四十五条所列情形可以中止计时：" + ExcludedWork.allLabels() + "。"));
        if (!(task.getVariable("excludedExpectedDays") instanceof Number days) || days.intValue() < 1
            || days.intValue() > 365) {
          throw new RejectedInputException("excludedExpectedDays", "请填写所需时间（1至365日），将书面告知申请人。");
        }
        CaseVariables.text(task, "excludedReason", "需要该程序的理由");
      }
      default -> { // extend
        extensionStillPossible(task);
        CaseVariables.text(task, "extensionReasons", "延长期限的理由（将告知申请人）");
      }
    }
  }

  /** 第四十二条: once, and before the limit has passed. */
  private void extensionStillPossible(DelegateTask task) {
    if (Boolean.TRUE.equals(task.getVariable("timeLimitExtended"))) {
      throw new RejectedInputException("reviewResult", "办理期限已经延长过一次，不能再次延长（《行政许可法》第四十二条）。");
    }
    if (deadlines.now().isAfter(((Date) task.getVariable("timeLimitDueAt")).toInstant())) {
      throw new RejectedInputException("reviewResult", "办理期限已经届满，不能再延长（《行政许可法》第四十二条：应在期限内批准）。");
    }
  }

  private LocalDate day(Instant instant) {
    return instant.atZone(deadlines.zone()).toLocalDate();
  }
}
