package cn.township.workflow.security;

import cn.township.workflow.system.RejectedInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbGroupQueryImpl;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.identity.db.DbTenantQueryImpl;
import org.camunda.bpm.engine.impl.identity.db.DbUserQueryImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;

/**
 * The engine's identity store, holding one rule Camunda does not know: groups are global, townships are tenants, so an
 * account with a township role ({@link Roles#TOWNSHIP_ROLES}) in two townships would act with all its roles in both.
 * Such an account belongs to one township only, and is not the county supervisor. A change that would break this — a
 * user made a member of a second township, a township role given to a user of several townships or to the county
 * supervisor, a group given a township that some member with a township role already has another of — is refused ({@link RejectedInputException}, 400 over the REST APIs), whoever
 * makes it: Admin, /engine-rest, Java ({@code IdentityService}, the demo users). The caller's permission is checked
 * first, so only who may make the change learns why it was refused.
 *
 * <p>An account that breaks the rule anyway (an earlier release, SQL) is given no township at all: the townships a
 * user acts in (the query for the user's tenants including those of the user's groups, which logins, /engine-rest,
 * /api and the webapps ask) are none until an administrator fixes it; Admin's list of the user's own memberships still
 * shows them. {@link AccountsInSeveralTownships} names such accounts at start.
 */
public class OneTownshipIdentityProvider extends DbIdentityServiceProvider {

  /** A membership being created: a user or group joining a tenant, or a user joining a group. */
  public record Change(Kind kind, String target, String member) {
    public enum Kind { TENANT_USER, TENANT_GROUP, GROUP_USER }
  }

  /**
   * An account that breaks the rule: its id, its township roles' labels, its townships' names, whether it is also the
   * county supervisor.
   */
  public record Breach(String userId, List<String> roles, List<String> townships, boolean county) {
    /** What is wrong, as a sentence ends it: 归属白石乡、青山镇 / 同时担任县督查. */
    public String what() {
      return townships.size() > 1 ? "归属" + String.join("、", townships) : "同时担任" + Roles.COUNTY_SUPERVISOR.label;
    }
  }

  /**
   * Why {@code change} may not be made, or empty: checked as the engine would, the caller's permission first (an
   * {@link org.camunda.bpm.engine.AuthorizationException} where it is missing), then the rule; an unknown id is left to
   * the engine to answer.
   */
  public static Optional<String> refusal(CommandExecutor commands, Change change) {
    return commands.execute(context -> of(context).refusal(change));
  }

  /** The accounts that break the rule now (written behind the engine's back), by user id. */
  public static List<Breach> breaches(CommandExecutor commands) {
    return commands.execute(context -> of(context).breaches());
  }

  private static OneTownshipIdentityProvider of(CommandContext context) {
    return (OneTownshipIdentityProvider) context.getWritableIdentityProvider();
  }

  @Override
  public IdentityOperationResult createMembership(String userId, String groupId) {
    refuse(new Change(Change.Kind.GROUP_USER, groupId, userId));
    return super.createMembership(userId, groupId);
  }

  @Override
  public IdentityOperationResult createTenantUserMembership(String tenantId, String userId) {
    refuse(new Change(Change.Kind.TENANT_USER, tenantId, userId));
    return super.createTenantUserMembership(tenantId, userId);
  }

  @Override
  public IdentityOperationResult createTenantGroupMembership(String tenantId, String groupId) {
    refuse(new Change(Change.Kind.TENANT_GROUP, tenantId, groupId));
    return super.createTenantGroupMembership(tenantId, groupId);
  }

  private void refuse(Change change) {
    refusal(change).ifPresent(message -> {
      throw new RejectedInputException(change.kind() == Change.Kind.TENANT_GROUP ? "groupId" : "userId", message);
    });
  }

  Optional<String> refusal(Change change) {
    checkAuthorization(Permissions.CREATE, change.kind() == Change.Kind.GROUP_USER ? Resources.GROUP_MEMBERSHIP
        : Resources.TENANT_MEMBERSHIP, change.target());
    return Context.getCommandContext().runWithoutAuthorization(() -> switch (change.kind()) {
      case TENANT_USER -> {
        Tenant tenant = findTenantById(change.target());
        yield tenant == null || findUserById(change.member()) == null ? Optional.<String>empty()
            : breach(change.member(), groupsOf(change.member()), with(tenantsOf(change.member()), tenant))
                .map(OneTownshipIdentityProvider::message);
      }
      case GROUP_USER -> {
        Group group = findGroupById(change.target());
        if (group == null || findUserById(change.member()) == null) {
          yield Optional.<String>empty();
        }
        List<String> groups = new ArrayList<>(groupsOf(change.member()));
        groups.add(group.getId());
        List<Tenant> tenants = tenantsOf(change.member());
        for (Tenant ofGroup : rawTenants(new DbTenantQueryImpl().groupMember(group.getId()))) {
          tenants = with(tenants, ofGroup);
        }
        yield breach(change.member(), groups, tenants).map(OneTownshipIdentityProvider::message);
      }
      case TENANT_GROUP -> {
        Tenant tenant = findTenantById(change.target());
        if (tenant == null || findGroupById(change.member()) == null) {
          yield Optional.<String>empty();
        }
        for (User member : findUserByQueryCriteria((DbUserQueryImpl) new DbUserQueryImpl()
            .memberOfGroup(change.member()))) {
          Optional<Breach> breach = breach(member.getId(), groupsOf(member.getId()),
              with(tenantsOf(member.getId()), tenant));
          if (breach.isPresent()) {
            yield Optional.of("组“" + change.member() + "”不能加入乡镇“" + name(tenant) + "”：组内的" + message(breach.get()));
          }
        }
        yield Optional.<String>empty();
      }
    });
  }

  List<Breach> breaches() {
    return Context.getCommandContext().runWithoutAuthorization(() -> {
      Map<String, Breach> found = new LinkedHashMap<>();
      for (String role : Roles.TOWNSHIP_ROLES.keySet()) {
        for (User member : findUserByQueryCriteria((DbUserQueryImpl) new DbUserQueryImpl().memberOfGroup(role))) {
          if (!found.containsKey(member.getId())) {
            breach(member.getId(), groupsOf(member.getId()), tenantsOf(member.getId()))
                .ifPresent(breach -> found.put(member.getId(), breach));
          }
        }
      }
      return List.copyOf(found.values());
    });
  }

  /** The townships a user acts in: none while the account breaks the rule. */
  @Override
  public List<Tenant> findTenantByQueryCriteria(DbTenantQueryImpl query) {
    return actsNowhere(query) ? List.of() : super.findTenantByQueryCriteria(query);
  }

  @Override
  public long findTenantCountByQueryCriteria(DbTenantQueryImpl query) {
    return actsNowhere(query) ? 0 : super.findTenantCountByQueryCriteria(query);
  }

  /**
   * Whether {@code query} asks for the townships a user acts in (the user's tenants and those of the user's groups, as
   * every login asks) and the account breaks the rule. A query for the user's own memberships (Admin's user page) is
   * answered as stored, so that the administrator sees what to fix.
   */
  private boolean actsNowhere(DbTenantQueryImpl query) {
    String userId = query.getUserId();
    if (userId == null || !query.isIncludingGroups()) {
      return false;
    }
    return Context.getCommandContext().runWithoutAuthorization(() -> {
      List<Tenant> tenants = tenantsOf(userId);
      return !tenants.isEmpty() && breach(userId, groupsOf(userId), tenants).isPresent(); // none: nothing to take
    });
  }

  /**
   * The rule: an account with a township role belongs to one township at most, and is not the county supervisor, who
   * acts in every township whatever its tenants ({@link Callers#overseesAll}).
   */
  static Optional<Breach> breach(String userId, List<String> groups, List<Tenant> tenants) {
    List<String> roles = groups.stream().filter(Roles.TOWNSHIP_ROLES::containsKey).map(Roles.TOWNSHIP_ROLES::get)
        .toList();
    boolean county = groups.contains(Roles.COUNTY_SUPERVISOR.groupId);
    return roles.isEmpty() || tenants.size() <= 1 && !county ? Optional.empty()
        : Optional.of(new Breach(userId, roles, tenants.stream().sorted(java.util.Comparator.comparing(Tenant::getId))
            .map(OneTownshipIdentityProvider::name).toList(), county));
  }

  static String message(Breach breach) {
    return "账号“" + breach.userId() + "”担任乡镇岗位（" + String.join("、", breach.roles()) + "），只能归属一个乡镇；"
        + "此项修改后它将" + breach.what() + "。" + TWO_ACCOUNTS + "未作任何修改。";
  }

  /** What to do where one person works in two townships. */
  public static final String TWO_ACCOUNTS = "一人在两个乡镇任职（或在乡镇任职、又代表县里办理），须为每个乡镇（和县里）各建一个账号。";

  private static String name(Tenant tenant) {
    return tenant.getName() == null || tenant.getName().isBlank() ? tenant.getId() : tenant.getName();
  }

  private List<String> groupsOf(String userId) {
    return findGroupByQueryCriteria((DbGroupQueryImpl) new DbGroupQueryImpl().groupMember(userId)).stream()
        .map(Group::getId).toList();
  }

  /** The user's tenants and those of the user's groups, as stored. */
  private List<Tenant> tenantsOf(String userId) {
    return rawTenants((DbTenantQueryImpl) new DbTenantQueryImpl().userMember(userId).includingGroupsOfUser(true));
  }

  private List<Tenant> rawTenants(org.camunda.bpm.engine.identity.TenantQuery query) {
    return super.findTenantByQueryCriteria((DbTenantQueryImpl) query);
  }

  private static List<Tenant> with(List<Tenant> tenants, Tenant added) {
    if (tenants.stream().anyMatch(t -> t.getId().equals(added.getId()))) {
      return tenants;
    }
    List<Tenant> more = new ArrayList<>(tenants);
    more.add(added);
    return more;
  }
}
