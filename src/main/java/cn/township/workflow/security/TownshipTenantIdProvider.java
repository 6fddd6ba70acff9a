package cn.township.workflow.security;

import cn.township.workflow.casefile.CaseLookup;
import cn.township.workflow.system.RejectedInputException;
import java.util.List;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProvider;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderCaseInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderHistoricDecisionInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderProcessInstanceContext;

/**
 * Definitions are shared by all townships; each case belongs to the township (tenant) of the clerk who
 * starts it. A caller in several townships (or an administrator) names one in the {@code townshipId}
 * variable. Called
 * activities inherit the caller's township.
 */
public class TownshipTenantIdProvider implements TenantIdProvider {

  /** Start-form field: the township that handles the matter, where it is not the clerk's own (全县域通办). */
  public static final String HANDLING = "handlingTownshipId";

  @Override
  public String provideTenantIdForProcessInstance(TenantIdProviderProcessInstanceContext ctx) {
    if (ctx.getSuperExecution() != null) {
      return ctx.getSuperExecution().getTenantId();
    }
    Object requested = ctx.getVariables() == null ? null : ctx.getVariables().get("townshipId");
    Authentication caller = Context.getCommandContext().getAuthentication();
    if (caller == null) {
      // started by the system itself (tests, migrations): it must say which township
      return requested == null ? null : requested.toString();
    }
    List<String> memberships = Callers.townships(caller);
    boolean admin = caller.getGroupIds() != null && caller.getGroupIds().contains(Roles.ADMIN_GROUP);
    // 全县域通办 from Tasklist's start form: a window clerk registers for the township that handles the matter; the
    // case is that township's from the start (RegisterApplication records the receiving window)
    Object handling = ctx.getVariables() == null ? null : ctx.getVariables().get(HANDLING);
    boolean windowProcedure = ctx.getProcessDefinition() != null
        && CaseLookup.WINDOW_PROCEDURES.contains(ctx.getProcessDefinition().getKey());
    if (windowProcedure && handling instanceof String other && !other.isBlank()
        && !memberships.contains(other.strip())) {
      boolean windowClerk = caller.getGroupIds() != null && caller.getGroupIds().contains(Roles.WINDOW_CLERK.groupId);
      if (!windowClerk || memberships.size() != 1) {
        throw new RejectedInputException(HANDLING, "只有本乡镇的窗口受理员可以受理其他乡镇办理的申请（全县域通办）。");
      }
      return other.strip();
    }
    if (requested != null) {
      if (!admin && !memberships.contains(requested.toString())) {
        throw new RejectedInputException("townshipId", "您不属于乡镇“" + requested + "”，不能以其名义受理。");
      }
      return requested.toString();
    }
    if (memberships.size() == 1) {
      return memberships.get(0);
    }
    throw new RejectedInputException("townshipId", memberships.isEmpty()
        ? "您的账号未归属任何乡镇，不能受理申请，请联系管理员。"
        : "您的账号归属多个乡镇，请指定受理乡镇（townshipId）。");
  }

  @Override
  public String provideTenantIdForCaseInstance(TenantIdProviderCaseInstanceContext ctx) {
    return null; // no CMMN here
  }

  @Override
  public String provideTenantIdForHistoricDecisionInstance(TenantIdProviderHistoricDecisionInstanceContext ctx) {
    return ctx.getExecution() != null ? ctx.getExecution().getTenantId() : null;
  }

}
