package cn.township.workflow.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinitionQuery;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A model version is deleted without its cases: deleting a deployment or a process definition with
 * {@code cascade=true} (Cockpit offers it beside every deployment; a model analyst holds DELETE on deployments) deletes
 * every running case of it with its statutory timers, and every case of it, running or decided, with its history — the
 * case file the office must keep for its retention period ({@code historyTimeToLive}, removed by the history cleanup
 * when it is over). Where the version has any case, that is refused with 403 in Chinese for everyone and recorded; a
 * version without cases is the engine's to delete, with or without cascade.
 */
public class CascadeDeletionGuard extends OncePerRequestFilter {

  /** Groups: the engine's name (two), the deployment. */
  private static final Pattern DEPLOYMENT = Pattern.compile(TaskVariableGuard.ENGINE + "/deployment/([^/]+)/?$");
  /** Groups: the engine's name (two), the definition's key and tenant, or its id (as {@link TaskVariableGuard}'s). */
  private static final Pattern DEFINITION = Pattern.compile(TaskVariableGuard.ENGINE
      + "/process-definition/(?:key/([^/]+)(?:/tenant-id/([^/]+))?/delete|([^/]+))/?$");
  static final String REFUSAL = "删除模型版本时不能同时删除其案件（cascade=true）：该版本已有案件，删除会一并删除办理中的案件"
      + "及其法定期限计时器，以及全部案件的办理记录；案件档案须保存至保存期限届满，由系统按期清理。请先将办理中的案件迁移到新版本"
      + "（POST /api/admin/migrations），模型版本可不带 cascade 删除。未作任何修改。";

  private final RepositoryService repository;
  private final HistoryService history;
  private final IdentityService identity;
  private final Refusals refusals;

  public CascadeDeletionGuard(RepositoryService repository, HistoryService history, IdentityService identity,
                              Refusals refusals) {
    this.repository = repository;
    this.history = history;
    this.identity = identity;
    this.refusals = refusals;
  }

  /** A deletion with cascade as the engine's resource reads the parameter ("true", any case), of a deployment or definition. */
  private static Optional<Matcher> deletion(HttpServletRequest request) {
    if (!"DELETE".equals(request.getMethod()) || !Boolean.parseBoolean(request.getParameter("cascade"))) {
      return Optional.empty();
    }
    return TaskVariableGuard.match(DEPLOYMENT, request).or(() -> TaskVariableGuard.match(DEFINITION, request));
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return deletion(request).isEmpty();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher deletion = deletion(request).orElseThrow();
    Optional<Authentication> caller = Callers.of(identity, request, TaskVariableGuard.engine(deletion));
    // the versions as the caller sees them; one the caller cannot see is the engine's to answer (401, 403, 404)
    List<String> versions = caller.isEmpty() ? List.of() : Callers.as(identity, caller.get(), () -> versions(deletion))
        .stream().map(ProcessDefinition::getId).toList();
    boolean withCases = Callers.as(identity, null, () -> versions.stream()
        .anyMatch(version -> history.createHistoricProcessInstanceQuery().processDefinitionId(version).count() > 0));
    if (withCases) {
      StatutoryTimerGuard.forbid(refusals, caller.get(), request, response, REFUSAL);
      return;
    }
    chain.doFilter(request, response);
  }

  /** The process definitions the deletion would delete: a deployment's, one by id, or every version of a key. */
  private List<ProcessDefinition> versions(Matcher deletion) {
    ProcessDefinitionQuery query = repository.createProcessDefinitionQuery();
    if (deletion.pattern() == DEPLOYMENT) {
      return query.deploymentId(deletion.group(3)).list();
    }
    if (deletion.group(5) != null) {
      return query.processDefinitionId(deletion.group(5)).list();
    }
    query = query.processDefinitionKey(deletion.group(3));
    return (deletion.group(4) == null ? query.withoutTenantId() : query.tenantIdIn(deletion.group(4))).list();
  }
}
