package cn.township.workflow.enforcement;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * 投诉举报 from another system (a hotline, the window's complaint desk): registers an enforcement case as
 * the calling user (HTTP basic), exactly as the Tasklist start form does; refused input leaves nothing.
 */
@RestController
@RequestMapping("/api/enforcement/reports")
public class ReportController {

  /**
   * A complaint; {@code townshipId} only where the caller serves several townships. Dates as {@code 2026-11-18}: when
   * the act was committed, and a citizen's date of birth. {@code partyIdNumber} (a citizen's ID number, an organization's
   * credit code) leaves the case at registration ({@link PartyIdentities}); it is never answered back.
   */
  public record Report(String violationType, String partyType, String partyName, String partyIdNumber,
                       String partyBirthDate, String violationDate, String location, String facts, String townshipId) {}

  private final RuntimeService runtime;

  public ReportController(RuntimeService runtime) {
    this.runtime = runtime;
  }

  @PostMapping
  public ResponseEntity<Map<String, Object>> report(@RequestBody Report report) {
    VariableMap variables = Variables.createVariables()
        .putValue("caseSource", "complaint")
        .putValue("violationType", report.violationType())
        .putValue("partyType", report.partyType())
        .putValue("partyName", report.partyName())
        .putValue("partyIdNumber", report.partyIdNumber())
        .putValue("partyBirthDate", report.partyBirthDate())
        .putValue("violationDate", report.violationDate())
        .putValue("location", report.location())
        .putValue("facts", report.facts());
    if (report.townshipId() != null && !report.townshipId().isBlank()) {
      variables.putValue("townshipId", report.townshipId());
    }
    ProcessInstanceWithVariables instance = runtime.createProcessInstanceByKey("joint-enforcement")
        .setVariables(variables).executeWithVariablesInReturn();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("caseNo", instance.getVariables().get("caseNo"));
    body.put("violation", instance.getVariables().get("violationName"));
    body.put("actingAuthority", instance.getVariables().get("actingAuthority"));
    body.put("jurisdiction", instance.getVariables().get("jurisdiction"));
    body.put("message", "举报已登记，案号 " + instance.getVariables().get("caseNo") + "。");
    return ResponseEntity.created(URI.create("/api/enforcement/reports/" + body.get("caseNo"))).body(body);
  }
}
