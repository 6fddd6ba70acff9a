package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinitionQuery;

/**
 * A model version is deleted without its cases: deleting a deployment or a process definition with
 * {@code cascade=true} (Cockpit offers it beside every deployment; a model analyst holds DELETE on deployments) deletes
 * every running case of it with its statutory timers, and every case of it, running or decided, with its history — the
 * case file the office must keep for its retention period ({@code historyTimeToLive}, removed by the history cleanup
 * when it is over). Where the version has any case, that is refused with 403 in Chinese for everyone and recorded; a
 * version without cases is the engine's to delete, with or without cascade.
 */
class CascadeDeletionGuard extends EngineCallGuard {

  /**
   * Groups: the engine's name (two), the deployment; or the definition's key and tenant, or its id (as
   * {@link TaskVariableGuard}'s start, groups four to six).
   */
  private static final Pattern DELETION = Pattern.compile(TaskVariableGuard.ENGINE + "/(?:deployment/([^/]+)"
      + "|process-definition/(?:key/([^/]+)(?:/tenant-id/([^/]+))?/delete|([^/]+)))/?$");
  static final String REFUSAL = "删除模型版本时不能同时删除其案件（cascade=true）：该版本已有案件，删除会一并删除办理中的案件"
      + "及其法定期限计时器，以及全部案件的办理记录；案件档案须保存至保存期限届满，由系统按期清理。请先将办理中的案件迁移到新版本"
      + "（POST /api/admin/migrations），模型版本可不带 cascade 删除。未作任何修改。";

  private final RepositoryService repository;
  private final HistoryService history;
  private final Refusals refusals;

  CascadeDeletionGuard(RepositoryService repository, HistoryService history, IdentityService identity,
                       Refusals refusals) {
    super(identity, Map.of("DELETE", DELETION));
    this.repository = repository;
    this.history = history;
    this.refusals = refusals;
  }

  @Override
  void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Matcher deletion,
             Authentication caller) throws ServletException, IOException {
    // the cascade parameter as the engine's resource reads it: "true", any case
    if (Boolean.parseBoolean(request.getParameter("cascade"))) {
      // the versions as the caller sees them; one the caller cannot see is the engine's to answer (403, 404)
      List<String> versions = Callers.as(identity, caller, () -> versions(deletion)).stream()
          .map(ProcessDefinition::getId).toList();
      if (Callers.as(identity, null, () -> versions.stream()
          .anyMatch(version -> history.createHistoricProcessInstanceQuery().processDefinitionId(version).count() > 0))) {
        forbid(refusals, caller, request, response, REFUSAL);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** The process definitions the deletion would delete: a deployment's, one by id, or every version of a key. */
  private List<ProcessDefinition> versions(Matcher deletion) {
    ProcessDefinitionQuery query = repository.createProcessDefinitionQuery();
    if (deletion.group(3) != null) {
      return query.deploymentId(deletion.group(3)).list();
    }
    if (deletion.group(6) != null) {
      return query.processDefinitionId(deletion.group(6)).list();
    }
    query = query.processDefinitionKey(deletion.group(4));
    return (deletion.group(5) == null ? query.withoutTenantId() : query.tenantIdIn(deletion.group(5))).list();
  }
}
