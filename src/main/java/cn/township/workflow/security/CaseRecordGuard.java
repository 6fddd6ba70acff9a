package cn.township.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * A case's record (its history: steps, variables, notes) is kept until its removal time, which the engine sets from the
 * model's {@code historyTimeToLive} when the case ends and the history cleanup acts on: the case file the office must
 * keep. Deleting a case's history earlier over the engine's API — one case, a batch by ids or by query, its variable
 * history, one historic variable, its decision evaluations, or an absolute removal time set by hand — and deleting or rewriting a note on a case or its step (催办, 退回; running or
 * decided), is refused with 403 in Chinese for
 * everyone (an administrator holds DELETE_HISTORY) and recorded. A running case may still be deleted by an
 * administrator (its record stays); a record whose period is over is the engine's to delete, as the cleanup would.
 */
class CaseRecordGuard extends EngineCallGuard {

  /** A step's or a case's notes (all, or one): the step or case in the named groups {@code notesOf} and {@code holder}. */
  private static final String NOTES = "/(?<notesOf>task|process-instance)/(?<holder>[^/]+)/comment(?:/[^/]+)?";
  /** Groups: the engine's name (two), a case's record (with or without {@code /variable-instances}), a variable's. */
  private static final Pattern DELETE = Pattern.compile(TaskVariableGuard.ENGINE
      + "(?:/history/(?:process-instance/([^/]+)(?:/variable-instances)?|variable-instance/([^/]+))|" + NOTES + ")/?$");
  /** Rewriting a note: groups named as in {@link #NOTES}. */
  private static final Pattern PUT = Pattern.compile(TaskVariableGuard.ENGINE + NOTES + "/?$");
  /** Groups: the engine's name (two), the records (process-instance or decision-instance), the batch call. */
  private static final Pattern BATCH = Pattern.compile(TaskVariableGuard.ENGINE
      + "/history/(process-instance|decision-instance)/(delete|set-removal-time)/?$");
  static final String REFUSAL = "案件的办理记录（历史、变量、意见）须保存至保存期限届满（流程的历史保留期 historyTimeToLive，"
      + "自办结之日起算），届满后由系统的历史清理删除，不能提前删除，也不能手工指定删除时间。办理中的案件可由管理员删除，其记录保留。"
      + "未作任何修改。";
  static final String NOTE = "案件环节上的办理意见（催办、退回等）是案件办理记录的一部分，须随案件保存至保存期限届满，"
      + "不能删除或改写；如需更正，请在正在办理的环节上另写一条意见说明。未作任何修改。";
  static final String BY_QUERY = "按查询条件批量删除案件记录或设定删除时间不被接受：请逐件列出案件（historicProcessInstanceIds），"
      + "以便核对每件的保存期限。" + REFUSAL;

  private final HistoryService history;
  private final Refusals refusals;

  CaseRecordGuard(HistoryService history, IdentityService identity, Refusals refusals) {
    super(identity, Map.of("DELETE", DELETE, "PUT", PUT, "POST", BATCH));
    this.history = history;
    this.refusals = refusals;
  }

  @Override
  void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Matcher call,
             Authentication caller) throws ServletException, IOException {
    CachedBody body = "POST".equals(request.getMethod()) ? new CachedBody(request, TaskVariableGuard.MAX_BODY) : null;
    if (body != null && !body.whole()) {
      TaskVariableGuard.refuse(response, TaskVariableGuard.TOO_LARGE);
      return;
    }
    Optional<String> refusal = body == null ? refusal(call) : refusal(call.group(3), call.group(4), body);
    if (refusal.isPresent()) {
      forbid(refusals, caller, request, response, refusal.get());
      return;
    }
    chain.doFilter(body == null ? request : body, response);
  }

  /**
   * A deletion of one case's record or variable history, or of one historic variable; or a deletion or rewriting of
   * notes on a case or its step (a standalone task's notes are its own).
   */
  private Optional<String> refusal(Matcher deletion) {
    String notesOf = deletion.group("notesOf");
    if (notesOf != null) {
      String holder = deletion.group("holder");
      boolean ofCase = holder.length() <= 64 && Callers.as(identity, null, () -> "task".equals(notesOf)
          ? history.createHistoricTaskInstanceQuery().taskId(holder).list().stream()
              .anyMatch(step -> step.getProcessInstanceId() != null)
          : history.createHistoricProcessInstanceQuery().processInstanceId(holder).count() > 0);
      return ofCase ? Optional.of(NOTE) : Optional.empty();
    }
    List<Date> removals = Callers.as(identity, null, () -> {
      if (deletion.group(3) != null) {
        return history.createHistoricProcessInstanceQuery().processInstanceId(deletion.group(3)).list().stream()
            .map(HistoricProcessInstance::getRemovalTime).toList();
      }
      return history.createHistoricVariableInstanceQuery().variableId(deletion.group(4)).list().stream()
          .map(HistoricVariableInstance::getRemovalTime).toList();
    });
    return removals.stream().anyMatch(CaseRecordGuard::kept) ? Optional.of(REFUSAL) : Optional.empty();
  }

  /**
   * A batch on a case's records or on decision evaluations (a case's, or made alone): deleting them, or setting their
   * removal time by hand ({@code absoluteRemovalTime}).
   */
  private Optional<String> refusal(String records, String batch, CachedBody body) {
    JsonNode json = body.json();
    boolean byHand = "delete".equals(batch) || json.hasNonNull("absoluteRemovalTime");
    if (!byHand) {
      return Optional.empty(); // cleared (kept for ever) or calculated from the model's period
    }
    boolean cases = "process-instance".equals(records);
    if (json.hasNonNull(cases ? "historicProcessInstanceQuery" : "historicDecisionInstanceQuery")) {
      return Optional.of(BY_QUERY);
    }
    List<String> ids = new ArrayList<>();
    json.path(cases ? "historicProcessInstanceIds" : "historicDecisionInstanceIds").forEach(id -> ids.add(id.asText()));
    List<Date> removals = ids.isEmpty() ? List.of() : Callers.as(identity, null, () -> cases
        ? history.createHistoricProcessInstanceQuery().processInstanceIds(new HashSet<>(ids)).list().stream()
            .map(HistoricProcessInstance::getRemovalTime).toList()
        : history.createHistoricDecisionInstanceQuery().decisionInstanceIdIn(ids.toArray(String[]::new)).list()
            .stream().map(HistoricDecisionInstance::getRemovalTime).toList());
    boolean keep = !removals.isEmpty() && ("set-removal-time".equals(batch) || removals.stream()
        .anyMatch(CaseRecordGuard::kept));
    return keep ? Optional.of(REFUSAL) : Optional.empty();
  }

  /** Whether a record with this removal time is still to be kept: no time (kept for ever) or a time to come. */
  private static boolean kept(Date removal) {
    return removal == null || removal.after(ClockUtil.getCurrentTime());
  }
}
