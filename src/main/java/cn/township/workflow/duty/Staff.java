package cn.township.workflow.duty;

import cn.township.workflow.security.Callers;
import cn.township.workflow.security.Roles;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.stereotype.Component;

/**
 * The people of the clerk's day as the system sees them: who a user is (name, townships, roles) and who is calling.
 * Read as the system: a clerk may not list users (no USER read grant), yet must be told why a substitute is refused.
 */
@Component
public class Staff {

  /** A user: townships (tenant ids) and role groups (the administrators' group left out). */
  public record Person(String id, String name, List<String> townships, List<String> roles) {}

  private final IdentityService identity;
  private final ObjectProvider<ProcessEngine> engine;

  public Staff(IdentityService identity, ObjectProvider<ProcessEngine> engine) {
    this.identity = identity;
    this.engine = engine;
  }

  public Optional<Person> find(String userId) {
    if (userId == null || userId.isBlank() || userId.length() > 64) {
      return Optional.empty();
    }
    return asSystem(() -> {
      User user = identity.createUserQuery().userId(userId).singleResult();
      if (user == null) {
        return Optional.empty();
      }
      // townships granted through a group count too, as at login (BasicAuthenticationFilter)
      List<String> townships = identity.createTenantQuery().userMember(userId).includingGroupsOfUser(true)
          .orderByTenantId().asc().list().stream()
          .map(Tenant::getId).toList();
      List<String> roles = identity.createGroupQuery().groupMember(userId).orderByGroupId().asc().list().stream()
          .map(Group::getId).filter(g -> !Roles.ADMIN_GROUP.equals(g)).toList();
      return Optional.of(new Person(user.getId(), name(user), townships, roles));
    });
  }

  /**
   * Why {@code other} may not take over {@code holder}'s tasks, or empty if they may: they must belong to the same
   * township(s) and hold every role the holder holds.
   */
  public static Optional<String> whyNotStandIn(Person holder, Person other) {
    if (holder.id().equals(other.id())) {
      return Optional.of("代理人不能是本人。");
    }
    if (holder.townships().isEmpty() || other.townships().isEmpty()) {
      // containsAll of nothing would pass anyone
      return Optional.of((holder.townships().isEmpty() ? holder : other).name() + "不属于任何乡镇，不能登记代理。");
    }
    if (!other.townships().containsAll(holder.townships())) {
      return Optional.of("代理人须与" + holder.name() + "同属一个乡镇：" + other.name() + "不在"
          + String.join("、", holder.townships()) + "。");
    }
    for (String role : holder.roles()) {
      if (!other.roles().contains(role)) {
        return Optional.of("代理人须担任相同岗位：" + other.name() + "不是" + label(role) + "。");
      }
    }
    return Optional.empty();
  }

  static String label(String groupId) {
    for (Roles role : Roles.values()) {
      if (role.groupId.equals(groupId)) {
        return role.label;
      }
    }
    return groupId;
  }

  /** The user's name (the id where there is no such user); one query, not the townships and roles. */
  public String nameOf(String userId) {
    if (userId == null || userId.isBlank() || userId.length() > 64) {
      return userId;
    }
    User user = asSystem(() -> identity.createUserQuery().userId(userId).singleResult());
    return user == null ? userId : name(user);
  }

  /** The logged-in caller (REST), or empty where the system acts (timers, jobs, tests). */
  public Optional<Authentication> caller() {
    return Optional.ofNullable(identity.getCurrentAuthentication());
  }

  public String callerId() {
    return caller().map(Authentication::getUserId).orElse(null);
  }

  /**
   * Runs engine work as the system: inside a command without authorization checks, outside with the caller's
   * authentication set aside (and restored). Tenant checks then do not narrow what the system itself must find.
   */
  public <T> T asSystem(Supplier<T> work) {
    CommandContext command = Context.getCommandContext();
    if (command != null) {
      return command.runWithoutAuthorization(work::get);
    }
    return Callers.as(identity, null, work);
  }

  /**
   * Runs engine work without authorization checks but as the caller (comments and the operation log name them);
   * the township (tenant) checks still apply.
   */
  public <T> T asSystemAsCaller(Supplier<T> work) {
    return ((ProcessEngineImpl) engine.getObject()).getProcessEngineConfiguration().getCommandExecutorTxRequired()
        .execute(command -> command.runWithoutAuthorization(work::get));
  }

  public void asSystem(Runnable work) {
    asSystem(() -> {
      work.run();
      return null;
    });
  }

  /** A user's name as documents and answers print it (the id where the user has none). */
  public static String name(User user) {
    String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
        + (user.getLastName() == null ? "" : user.getLastName())).strip();
    return name.isEmpty() ? user.getId() : name;
  }
}
