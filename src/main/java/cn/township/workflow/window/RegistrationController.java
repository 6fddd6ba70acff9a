package cn.township.workflow.window;

import cn.township.workflow.security.Callers;
import cn.township.workflow.casefile.CaseLookup;
import cn.township.workflow.casefile.Registrations;
import cn.township.workflow.casefile.Registrations.Registration;
import cn.township.workflow.security.Roles;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.system.Townships;
import cn.township.workflow.system.Villages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cases a window received for other townships (全县域通办) or a village agent registered (村级代办), with what the
 * applicant may know of their status: {@code GET /api/registrations}. A 通办 case's receiving window may be chosen to
 * issue the decision: {@code POST /api/registrations/{受理编号}/issue} {@code {"issuingTownshipId":"qingshan"}}, by a
 * window clerk of the receiving or the handling township, until the decision is drafted (the applicant is then told
 * by message where to collect it, and that window stays).
 */
@RestController
@RequestMapping("/api/registrations")
public class RegistrationController {

  static final String NOT_FOUND = "未找到该通办案件。";
  /** The step that drafts the decision and tells the applicant where to collect it (both procedures). */
  static final String DECISION_DRAFTED = "Task_DraftDecision";

  /** The window chosen to issue the decision. */
  public record IssuingWindow(String issuingTownshipId) {}

  private final IdentityService identity;
  private final Registrations registrations;
  private final CaseLookup lookup;
  private final CaseStatus status;
  private final Townships townships;
  private final RuntimeService runtime;
  private final HistoryService history;

  public RegistrationController(IdentityService identity, Registrations registrations, CaseLookup lookup,
                                CaseStatus status, Townships townships, RuntimeService runtime,
                                HistoryService history) {
    this.identity = identity;
    this.registrations = registrations;
    this.lookup = lookup;
    this.status = status;
    this.townships = townships;
    this.runtime = runtime;
    this.history = history;
  }

  @GetMapping
  public ResponseEntity<?> list() {
    Authentication caller = identity.getCurrentAuthentication();
    List<String> groups = groups(caller);
    List<Registration> found;
    if (Villages.isAgent(groups)) {
      found = registrations.registeredBy(caller.getUserId());
    } else if (groups.contains(Roles.WINDOW_CLERK.groupId) || groups.contains(Roles.SUPERVISOR.groupId)) {
      found = registrations.receivedBy(Callers.townships(caller));
    } else {
      return refused("只有窗口受理员、督查和村级代办员可以查看代收、代办的案件。");
    }
    return ResponseEntity.ok(lookup.withoutCaller(() -> found.stream().map(this::describe).toList()));
  }

  @PostMapping("/{receiptNo}/issue")
  public ResponseEntity<?> issueAt(@PathVariable String receiptNo, @RequestBody IssuingWindow request) {
    Authentication caller = identity.getCurrentAuthentication();
    List<String> tenants = Callers.townships(caller);
    Optional<Registration> found = registrations.find(receiptNo)
        .filter(r -> r.channel() == Registrations.Channel.CROSS_TOWNSHIP)
        .filter(r -> tenants.contains(r.receivingTownshipId()) || tenants.contains(r.handlingTownshipId()));
    if (found.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("status", 404, "message", NOT_FOUND));
    }
    if (!groups(caller).contains(Roles.WINDOW_CLERK.groupId)) {
      return refused("只有窗口受理员可以选择出件窗口。");
    }
    Registration registration = found.get();
    String chosen = request == null || request.issuingTownshipId() == null ? "" : request.issuingTownshipId().strip();
    if (!chosen.equals(registration.receivingTownshipId()) && !chosen.equals(registration.handlingTownshipId())) {
      throw new RejectedInputException("issuingTownshipId", "出件窗口只能是收件乡镇或办理乡镇（issuingTownshipId）。");
    }
    if (lookup.withoutCaller(() -> runtime.createProcessInstanceQuery()
        .processInstanceId(registration.processInstanceId()).count() == 0)) {
      return conflict("该案件已办结或决定书已出件，不能再更改出件窗口。");
    }
    // once the decision is drafted the applicant has been told where to collect it (DECISION_READY): the window stays
    if (lookup.withoutCaller(() -> history.createHistoricActivityInstanceQuery()
        .processInstanceId(registration.processInstanceId()).activityId(DECISION_DRAFTED).count() > 0)) {
      return conflict("决定书已作出，已通知申请人到" + townships.get(registration.issuingTownshipId()).name()
          + "便民服务中心领取，不能再更改出件窗口。");
    }
    registrations.issueAt(registration.receiptNo(), chosen);
    lookup.withoutCaller(() -> {
      runtime.setVariable(registration.processInstanceId(), "issuingWindow",
          townships.get(chosen).name() + "便民服务中心");
      return null;
    });
    return ResponseEntity.ok(lookup.withoutCaller(() -> describe(registrations.find(receiptNo).orElseThrow())));
  }

  private Map<String, Object> describe(Registration r) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("receiptNo", r.receiptNo());
    row.put("channel", r.channel() == Registrations.Channel.CROSS_TOWNSHIP ? "全县域通办" : "村级代办");
    row.put("handlingTownship", townships.get(r.handlingTownshipId()).name());
    row.put("receivingTownship", townships.get(r.receivingTownshipId()).name());
    row.put("issuingTownship", townships.get(r.issuingTownshipId()).name());
    row.put("registeredBy", r.registeredBy());
    row.put("registeredAt", r.registeredAt().toString());
    if (r.villagerConsent() != null) {
      row.put("villagerConsent", r.villagerConsent());
    }
    lookup.byNumber(r.receiptNo()).ifPresent(found -> row.put("status", status.describe(found)));
    return row;
  }

  private static List<String> groups(Authentication caller) {
    return Callers.groups(caller);
  }

  private static ResponseEntity<Map<String, Object>> conflict(String message) {
    return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("status", 409, "message", message));
  }

  private static ResponseEntity<Map<String, Object>> refused(String message) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("status", 403, "message", message));
  }
}
