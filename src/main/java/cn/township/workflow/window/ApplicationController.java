package cn.township.workflow.window;

import cn.township.workflow.catalog.MatterCatalog;
import cn.township.workflow.system.CaseVariables;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * 一窗受理 for other systems: registers an application as the calling user (HTTP basic), exactly as the
 * Tasklist start form does, in the procedure the catalog assigns to the matter (delegated review or
 * forwarding to the county). Validation happens in the process's first step, inside the start
 * transaction, so a refused application leaves nothing behind.
 */
@RestController
@RequestMapping("/api/applications")
public class ApplicationController {

  /**
   * What a calling system sends; {@code townshipId} only where the caller serves several townships;
   * {@code handlingTownshipId} where another township handles the matter (全县域通办); {@code villagerConsent} required
   * from a village agent (村级代办): how the villager consented.
   */
  public record ApplicationRequest(String applicantName, String applicantIdNumber, String applicantPhone,
                                   String matterCode, String applicationSummary, String townshipId,
                                   String handlingTownshipId, String villagerConsent) {}

  private final RuntimeService runtime;
  private final MatterCatalog catalog;
  private final Receptions receptions;
  private final ApplicationRequests requests;
  private final IdentityService identity;

  public ApplicationController(RuntimeService runtime, MatterCatalog catalog, Receptions receptions,
                               ApplicationRequests requests, IdentityService identity) {
    this.runtime = runtime;
    this.catalog = catalog;
    this.receptions = receptions;
    this.requests = requests;
    this.identity = identity;
  }

  /**
   * With an {@code Idempotency-Key}, a retry of the same application by the same caller is answered as the first
   * request was (201, the same receipt number, header {@code Idempotent-Replayed: true}) and creates nothing.
   */
  @PostMapping
  public ResponseEntity<Map<String, Object>> register(
      @RequestHeader(name = ApplicationRequests.HEADER, required = false) String key,
      @RequestBody ApplicationRequest request) {
    ApplicationRequests.Answer answer = requests.once(identity.getCurrentAuthentication().getUserId(), key, request,
        () -> startCase(request));
    ResponseEntity.BodyBuilder created = ResponseEntity.created(
        URI.create("/api/applications/" + answer.body().get("receiptNo")));
    if (answer.replayed()) {
      created.header(ApplicationRequests.REPLAYED_HEADER, "true");
    }
    return created.body(answer.body());
  }

  /** Starts the case and gives the answer's body. */
  private Map<String, Object> startCase(ApplicationRequest request) {
    VariableMap variables = Variables.createVariables()
        .putValue("applicantName", request.applicantName())
        .putValue("applicantIdNumber", request.applicantIdNumber())
        .putValue("applicantPhone", request.applicantPhone())
        .putValue("matterCode", request.matterCode())
        .putValue("applicationSummary", request.applicationSummary());
    if (request.townshipId() != null && !request.townshipId().isBlank()) {
      variables.putValue("townshipId", request.townshipId());
    }
    Optional<Receptions.Reception> reception = receptions.of(request.townshipId(), request.handlingTownshipId(),
        request.villagerConsent());
    // a village agent has no right on the engine's catalog table: it is read for them as the system
    Supplier<String> procedureOf = () -> catalog.require(request.matterCode()).procedure();
    String procedure = reception.isPresent() ? receptions.asSystem(procedureOf) : procedureOf.get();
    Supplier<ProcessInstanceWithVariables> start = () -> runtime.createProcessInstanceByKey(procedure)
        .setVariables(variables)
        .executeWithVariablesInReturn();
    ProcessInstanceWithVariables instance = reception.isPresent()
        ? receptions.register(reception.get(), variables, start) : start.get();
    VariableMap result = instance.getVariables();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("receiptNo", result.get("receiptNo"));
    body.put("queryCode", result.get("queryCode"));
    body.put("procedure", procedure);
    body.put("processInstanceId", instance.getId());
    body.put("township", result.get("townshipName"));
    if (result.get("receivingTownshipName") != null) {
      body.put("receivingTownship", result.get("receivingTownshipName"));
    }
    if (result.get("villageName") != null) {
      body.put("village", result.get("villageName"));
    }
    body.put("matterName", result.get("matterName"));
    body.put("timeLimitDays", result.get("timeLimitDays"));
    body.put("requiredMaterials", CaseVariables.asList("requiredMaterials", result.get("requiredMaterials")));
    body.put("message", "已收件，受理编号 " + result.get("receiptNo") + "。");
    return body;
  }
}
