package cn.township.workflow.enforcement;

import static cn.township.workflow.system.CaseVariables.oneOf;

import cn.township.workflow.casefile.Documents;
import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The conclusions of administrative compulsion (行政强制法): the demand served and its period, the party's statement,
 * whether the duty was met, the decision (on a working day), its service and the periods for challenging it, the
 * public notice of a demolition, and the execution itself — never at night or on a holiday unless urgent, with the
 * reason (第四十三条). Days are the days things happened; none lies in the future.
 */
@Component("checkCompulsion")
public class CheckCompulsion implements TaskListener {

  private static final Set<String> DEMAND_OUTCOMES = Set.of("complied", "defenceAccepted", "defenceRejected");
  private static final Set<String> MANNERS = Set.of("demolition", "other");
  private static final Set<String> AWAIT_OUTCOMES = Set.of("selfDemolished", "remedyFiled");

  private final Deadlines deadlines;
  private final EnforcementFigures figures;
  private final RemedyPeriods remedies;
  private final Documents documents;

  public CheckCompulsion(Deadlines deadlines, EnforcementFigures figures, RemedyPeriods remedies, Documents documents) {
    this.deadlines = deadlines;
    this.figures = figures;
    this.remedies = remedies;
    this.documents = documents;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    switch (task.getTaskDefinitionKey()) {
      case "Task_ServeDemand" -> serveDemand(task);
      case "Task_RecordDemandResponse" -> {
        String outcome = oneOf(task, "demandOutcome", "陈述申辩结果", DEMAND_OUTCOMES, "已履行、申辩成立或申辩不成立");
        CaseVariables.text(task, "demandStatement", outcome.equals("complied") ? "履行情况" : "陈述申辩及复核情况");
      }
      case "Task_CheckObligation" -> checkObligation(task);
      case "Task_DecideCompulsion" -> decide(task);
      case "Task_ServeCompulsionDecision" -> serveDecision(task);
      case "Task_AnnounceDemolition" -> announce(task);
      case "Task_AwaitDemolitionPeriod" -> awaitDemolition(task);
      case "Task_RecordCompulsionRemedyResult" -> remedyResult(task);
      case "Task_RecordExecution" -> execution(task);
      default -> throw new IllegalStateException("CheckCompulsion has no check for task " + task.getTaskDefinitionKey());
    }
  }

  /** 催告书送达: the period to comply runs from the day the party received it. */
  private void serveDemand(DelegateTask task) {
    oneOf(task, "demandServiceMethod", "送达方式", CaseDocuments.SERVICE_METHODS, CaseDocuments.SERVICE_METHODS_TEXT);
    LocalDate served = past(CaseVariables.date(task, "demandServedOn", "当事人签收催告书的日期", deadlines.zone()), "demandServedOn");
    Date due = figures.periodEnd(Key.DEMAND_PERIOD, served);
    task.setVariable("demandDue", due);
    task.setVariable("demandDueDate", deadlines.formatDate(due));
    CaseDocuments.issueServiceReceipt(documents, deadlines, task, NoticeBook.Kind.DEMAND, "demandServiceMethod", served);
  }

  /** Not met: where the township cannot enforce itself, the court may be asked once both periods have passed. */
  private void checkObligation(DelegateTask task) {
    boolean fulfilled = CaseVariables.flag(task, "obligationFulfilled", "核查结果");
    CaseVariables.text(task, "obligationCheckNote", "核查情况");
    task.setVariable("obligationFulfilled", fulfilled);
    Date remedyEnds = (Date) task.getVariable("remedyPeriodEnds");
    Date opens = RemedyPeriods.latest(remedyEnds, (Date) task.getVariable("demandDue"));
    task.setVariable("compulsionCourtOpens", opens);
    Date due = remedies.courtApplicationDue(remedyEnds);
    task.setVariable("compulsionCourtDue", due);
    task.setVariable("courtApplicationDueDate", deadlines.formatDate(due));
  }

  /** 强制执行决定 (第三十七条): the manner, and a planned day that is a working day (第四十三条). */
  private void decide(DelegateTask task) {
    oneOf(task, "compulsionManner", "强制执行方式", MANNERS, "强制拆除（demolition）或其他方式（other）");
    CaseVariables.text(task, "compulsionReasons", "强制执行的理由和依据");
    LocalDate planned = CaseVariables.date(task, "plannedExecutionOn", "强制执行的时间", deadlines.zone());
    if (!planned.isAfter(deadlines.today()) || !deadlines.isWorkingDay(planned)) {
      throw new RejectedInputException("plannedExecutionOn", "强制执行的时间应为今后的工作日，不得在法定节假日实施（《行政强制法》第四十三条）。");
    }
    task.setVariable("plannedExecutionDate", deadlines.formatDate(deadlines.endOf(planned)));
  }

  /** 强制执行决定书送达: its reconsideration and lawsuit periods run from that day. */
  private void serveDecision(DelegateTask task) {
    oneOf(task, "compulsionServiceMethod", "送达方式", CaseDocuments.SERVICE_METHODS, CaseDocuments.SERVICE_METHODS_TEXT);
    LocalDate served = past(CaseVariables.date(task, "compulsionServedOn", "当事人签收强制执行决定书的日期", deadlines.zone()),
        "compulsionServedOn");
    Date ends = remedies.endAfterService(served, false);
    task.setVariable("compulsionRemedyEnds", ends);
    task.setVariable("executionAllowedAt", RemedyPeriods.latest(ends, (Date) task.getVariable("remedyPeriodEnds")));
    CaseDocuments.issueServiceReceipt(documents, deadlines, task, NoticeBook.Kind.COMPULSION_DECISION,
        "compulsionServiceMethod", served);
  }

  /** 公告 (第四十四条): the party's own demolition period runs from the notice; no demolition before every period ends. */
  private void announce(DelegateTask task) {
    LocalDate announced = past(CaseVariables.date(task, "announcedOn", "公告日期", deadlines.zone()), "announcedOn");
    CaseVariables.text(task, "announcementPlace", "公告地点");
    Date selfDemolition = figures.periodEnd(Key.SELF_DEMOLITION_PERIOD, announced);
    task.setVariable("selfDemolitionDue", selfDemolition);
    task.setVariable("selfDemolitionDueDate", deadlines.formatDate(selfDemolition));
    allowExecutionAfter(task, selfDemolition);
  }

  private void awaitDemolition(DelegateTask task) {
    String outcome = oneOf(task, "awaitOutcome", "情况", AWAIT_OUTCOMES, "当事人已自行拆除或申请复议、提起诉讼");
    if (outcome.equals("selfDemolished")) {
      CaseVariables.text(task, "awaitNote", "核查情况");
      return;
    }
    String kind = oneOf(task, "remedyKind", "救济途径", RemedyPeriods.KINDS, "行政复议（reconsideration）或行政诉讼（lawsuit）");
    LocalDate filed = past(CaseVariables.date(task, "remedyFiledOn", "申请或起诉日期", deadlines.zone()), "remedyFiledOn");
    remedies.recordFiling(task, kind, filed, CaseVariables.text(task, "remedyBody", "复议机关或受理法院"));
  }

  /** Upheld: demolition waits again until the periods the result leaves have run out. */
  private void remedyResult(DelegateTask task) {
    String result = oneOf(task, "remedyResult", "结果", RemedyPeriods.RESULTS, "维持、变更或撤销");
    LocalDate decided = past(CaseVariables.date(task, "remedyResultOn", "结果生效或送达当事人的日期", deadlines.zone()),
        "remedyResultOn");
    if (decided.isBefore(remedies.filedOn(task))) {
      throw new RejectedInputException("remedyResultOn", "结果日期不能早于申请或起诉日期。");
    }
    CaseVariables.text(task, "remedyResultNote", "结果及理由");
    if (result.equals("upheld")) {
      allowExecutionAfter(task, remedies.endAfterResult((String) task.getVariable("remedyKind"), decided));
    }
  }

  /** 第四十三条: by day, on a working day, unless urgent with the reason written down. */
  private void execution(DelegateTask task) {
    ZonedDateTime started = CaseVariables.moment(task, "executionStartedAt", "开始执行时间", deadlines.zone());
    ZonedDateTime ended = CaseVariables.moment(task, "executionEndedAt", "执行结束时间", deadlines.zone());
    CaseVariables.text(task, "executionRecord", "现场笔录");
    CaseVariables.normalizeFlags(task, "urgentExecution");
    if (!ended.isAfter(started) || ended.toInstant().isAfter(deadlines.now())) {
      throw new RejectedInputException("executionEndedAt", "执行结束时间应晚于开始时间，且不能晚于现在。");
    }
    if (task.getVariable("executionAllowedAt") instanceof Date allowed
        && "demolition".equals(task.getVariable("compulsionManner")) && started.toInstant().isBefore(allowed.toInstant())) {
      throw new RejectedInputException("executionStartedAt", "复议、诉讼或自行拆除期限届满前不得强制拆除（《行政强制法》第四十四条）。");
    }
    if (Boolean.TRUE.equals(task.getVariable("urgentExecution"))) {
      CaseVariables.text(task, "urgentReason", "情况紧急的理由");
      return;
    }
    int from = figures.get(Key.EXECUTION_DAY_STARTS_HOUR).whole();
    int until = figures.get(Key.EXECUTION_DAY_ENDS_HOUR).whole();
    boolean daytime = started.toLocalDate().equals(ended.toLocalDate()) && started.getHour() >= from
        && (ended.getHour() < until || (ended.getHour() == until && ended.getMinute() == 0));
    if (!daytime || !deadlines.isWorkingDay(started.toLocalDate())) {
      throw new RejectedInputException("executionStartedAt", "不得在夜间（" + until + "时至次日" + from
          + "时）或者法定节假日实施行政强制执行（《行政强制法》第四十三条）；情况紧急的，请勾选并写明理由。");
    }
  }

  private void allowExecutionAfter(DelegateTask task, Date period) {
    Date allowed = RemedyPeriods.latest((Date) task.getVariable("executionAllowedAt"), period);
    task.setVariable("executionAllowedAt", allowed);
    task.setVariable("executionAllowedDate", deadlines.formatDate(allowed));
  }

  private LocalDate past(LocalDate day, String field) {
    if (day.isAfter(deadlines.today())) {
      throw new RejectedInputException(field, "日期不能晚于今天。");
    }
    return day;
  }
}
