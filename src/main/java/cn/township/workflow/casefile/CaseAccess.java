package cn.township.workflow.casefile;

import cn.township.workflow.security.Callers;
import cn.township.workflow.security.Roles;
import cn.township.workflow.system.Departments;
import cn.township.workflow.system.Villages;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricIdentityLinkLog;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;

/**
 * Who may read a case's documents and case file: its township's staff (the roles of {@link Roles}), the county
 * departments for the cases forwarded to them, the county supervisor and administrators — and the applicant or party
 * with the query code, who reads only what was addressed to them; so does, for the applicant, the village agent who
 * registered the case (村级代办) and the window of another township chosen to issue a 通办 case's decision. Anyone
 * else is told the case does not exist.
 */
@Component
public class CaseAccess {

  /** A case the caller may read, and whether as staff (everything) or as the applicant (what was addressed to them). */
  public record Reader(CaseLookup.Case found, boolean staff) {}

  private static final Set<String> TOWNSHIP_ROLES = Arrays.stream(Roles.values())
      .filter(r -> r != Roles.COUNTY_SUPERVISOR && r != Roles.MODEL_ANALYST && r != Roles.EXPERT
          && r != Roles.RATING_DEVICE)
      .map(r -> r.groupId).collect(Collectors.toUnmodifiableSet());

  /** The department's review of a forwarded case (higher-level-review.bpmn). */
  public static final String REVIEW_STEP = "Task_DepartmentReview";

  private final IdentityService identity;
  private final HistoryService history;
  private final CaseLookup lookup;
  private final Departments departments;
  private final Registrations registrations;

  public CaseAccess(IdentityService identity, HistoryService history, CaseLookup lookup, Departments departments,
                    Registrations registrations) {
    this.identity = identity;
    this.history = history;
    this.lookup = lookup;
    this.departments = departments;
    this.registrations = registrations;
  }

  public Optional<Reader> reader(String caseNo, String queryCode) {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null) {
      return lookup.find(caseNo, queryCode).map(found -> new Reader(found, false));
    }
    Optional<CaseLookup.Case> found = lookup.byNumber(caseNo);
    if (found.isPresent() && staffMayRead(caller, found.get())) {
      return Optional.of(new Reader(found.get(), true));
    }
    return found.flatMap(f -> registrations.find(f.receiptNo()).filter(r -> handsOver(caller, r))
        .map(r -> new Reader(f, false)));
  }

  /** Who hands the applicant's documents over without being the case's staff: its village agent, its issuing window. */
  private static boolean handsOver(Authentication caller, Registrations.Registration registration) {
    List<String> groups = Callers.groups(caller);
    List<String> tenants = Callers.townships(caller);
    return switch (registration.channel()) {
      case VILLAGE_AGENT -> Villages.isAgent(groups) && caller.getUserId().equals(registration.registeredBy());
      case CROSS_TOWNSHIP -> groups.contains(Roles.WINDOW_CLERK.groupId)
          && tenants.contains(registration.issuingTownshipId());
    };
  }

  /** The caller may correct a document: a reviewer, leader, team leader, the leadership, or an administrator. */
  public boolean mayReissue() {
    Authentication caller = identity.getCurrentAuthentication();
    List<String> groups = Callers.groups(caller);
    return groups.stream().anyMatch(g -> Set.of(Roles.ADMIN_GROUP, Roles.REVIEWER.groupId, Roles.LEADER.groupId,
        Roles.TEAM_LEADER.groupId, Roles.LEADERSHIP.groupId, Roles.DECISION_OFFICE.groupId).contains(g));
  }

  public String caller() {
    Authentication caller = identity.getCurrentAuthentication();
    return caller == null ? null : caller.getUserId();
  }

  private boolean staffMayRead(Authentication caller, CaseLookup.Case found) {
    List<String> groups = Callers.groups(caller);
    if (Callers.overseesAll(groups)) {
      return true;
    }
    List<String> tenants = Callers.townships(caller);
    if (!tenants.contains(found.tenantId())) {
      return false;
    }
    boolean township = groups.stream().anyMatch(TOWNSHIP_ROLES::contains);
    if (township || !"forward-to-county".equals(found.procedure())
        || departments.departments().stream().noneMatch(d -> groups.contains(d.id()))) {
      return township;
    }
    // a department reads the cases forwarded to it, not every forwarded case of the county (another bureau's applicants)
    return reviewingDepartments(found.receiptNo()).stream().anyMatch(groups::contains);
  }

  /**
   * The departments a forwarded case's review was offered to (candidate groups of its {@value #REVIEW_STEP} steps, at
   * the county and the city level), whether or not they have decided.
   */
  public Set<String> reviewingDepartments(String receiptNo) {
    return lookup.withoutCaller(() -> {
      Set<String> offered = new LinkedHashSet<>();
      for (HistoricTaskInstance review : history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(receiptNo)
          .taskDefinitionKey(REVIEW_STEP).list()) {
        for (HistoricIdentityLinkLog link : history.createHistoricIdentityLinkLogQuery().taskId(review.getId())
            .type(IdentityLinkType.CANDIDATE).list()) {
          if (link.getGroupId() != null) {
            offered.add(link.getGroupId());
          }
        }
      }
      return offered;
    });
  }
}
