package cn.township.workflow.casefile;

import cn.township.workflow.security.Callers;
import cn.township.workflow.security.Roles;
import cn.township.workflow.system.Departments;
import cn.township.workflow.system.Villages;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may read a case's documents and case file (need to know: 个人信息保护法第六条): its township's staff of the case's
 * procedure (the candidate groups of its model's steps, {@link ProcedureStaff#groups}) and the township's leaders and
 * supervisors, the county departments for the cases forwarded to them, the county supervisor and administrators; the
 * township's staff of its other procedures do not. And the applicant or party
 * with the query code, who reads only what was addressed to them; so does, for the applicant, the village agent who
 * registered the case (村级代办) and the window of another township chosen to issue a 通办 case's decision. Anyone
 * else is told the case does not exist.
 */
@Component
public class CaseAccess {

  /** A case the caller may read, and whether as staff (everything) or as the applicant (what was addressed to them). */
  public record Reader(CaseLookup.Case found, boolean staff) {}

  /** The township roles ({@link Roles#township}) but the rating device, which reads no case. */
  private static final Set<String> TOWNSHIP_ROLES = Arrays.stream(Roles.values())
      .filter(r -> r.township && r != Roles.RATING_DEVICE)
      .map(r -> r.groupId).collect(Collectors.toUnmodifiableSet());

  /** Who reads every case of the township, whatever its procedure: they answer for or oversee all of them. */
  private static final Set<String> OVERSEE_TOWNSHIP = Set.of(Roles.LEADER.groupId, Roles.LEADERSHIP.groupId,
      Roles.SUPERVISOR.groupId);

  /** The department's review of a forwarded case (higher-level-review.bpmn). */
  public static final String REVIEW_STEP = "Task_DepartmentReview";

  private final IdentityService identity;
  private final CaseLookup lookup;
  private final Departments departments;
  private final Registrations registrations;
  private final ProcedureStaff staff;

  public CaseAccess(IdentityService identity, CaseLookup lookup, Departments departments,
                    Registrations registrations, ProcedureStaff staff) {
    this.identity = identity;
    this.staff = staff;
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
    if (found.isPresent() && ofTownship(caller, found.get()) && needsToKnow(caller, found.get())) {
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

  /**
   * The caller may correct the case's documents of {@code kind}: staff of the case's township in a group of a step that
   * makes or signs that kind in the case's procedure ({@link ProcedureStaff#correctors}). Not the supervisors, the
   * staff of the township's other procedures or the administrators: they neither make nor sign it.
   */
  public boolean mayReissue(CaseLookup.Case found, String kind) {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || !Callers.townships(caller).contains(found.tenantId())) {
      return false;
    }
    Set<String> correctors = staff.correctors(found, kind);
    return Callers.groups(caller).stream().anyMatch(correctors::contains);
  }

  /** The correctors of the case's documents of {@code kind}, as a refusal names them (审核人、分管领导). */
  public List<String> correctorNames(CaseLookup.Case found, String kind) {
    return staff.correctors(found, kind).stream().map(this::label).toList();
  }

  private String label(String group) {
    return Arrays.stream(Roles.values()).filter(r -> r.groupId.equals(group)).map(r -> r.label).findFirst()
        .or(() -> departments.departments().stream().filter(d -> d.id().equals(group)).map(d -> d.name()).findFirst())
        .orElse(group);
  }

  public String caller() {
    Authentication caller = identity.getCurrentAuthentication();
    return caller == null ? null : caller.getUserId();
  }

  /**
   * The case, if the caller is staff of its township (of whatever procedure), a department it was forwarded to, the
   * county supervisor or an administrator: where a correction is refused with 403, not told the case does not exist.
   */
  public Optional<CaseLookup.Case> ofTownship(String caseNo) {
    Authentication caller = identity.getCurrentAuthentication();
    return caller == null ? Optional.empty() : lookup.byNumber(caseNo).filter(found -> ofTownship(caller, found));
  }

  /** Township staff read the cases of their procedure, leaders and supervisors every case of the township. */
  private boolean needsToKnow(Authentication caller, CaseLookup.Case found) {
    List<String> groups = Callers.groups(caller);
    if (Callers.overseesAll(groups) || groups.stream().noneMatch(TOWNSHIP_ROLES::contains)
        || groups.stream().anyMatch(OVERSEE_TOWNSHIP::contains)) {
      return true; // county-wide, or a department: decided by ofTownship
    }
    Set<String> procedure = staff.groups(found);
    return groups.stream().anyMatch(procedure::contains);
  }

  private boolean ofTownship(Authentication caller, CaseLookup.Case found) {
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
    return staff.offered(receiptNo, REVIEW_STEP);
  }
}
