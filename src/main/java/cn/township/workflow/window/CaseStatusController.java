package cn.township.workflow.window;

import cn.township.workflow.casefile.CaseLookup;

import cn.township.workflow.system.PublicRateLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * 办件查询 for applicants (no account): where the case is — township, county or city, which step, since
 * when — and the promised completion date, given the receipt number and the query code on the receipt.
 * Answers only what the applicant may know: no internal opinions, people or supervision.
 */
@RestController
@RequestMapping("/api/cases")
public class CaseStatusController {

  static final String NOT_FOUND = "受理编号或查询码不正确。";

  private final CaseLookup lookup;
  private final CaseStatus status;
  private final PublicRateLimits limits;
  private final int perAddress;
  private final int overall;

  public CaseStatusController(CaseLookup lookup, CaseStatus status, PublicRateLimits limits,
                              @Value("${township.security.status-lookups-per-minute:30}") int perAddress,
                              @Value("${township.security.status-lookups-per-minute-overall:1200}") int overall) {
    this.lookup = lookup;
    this.status = status;
    this.limits = limits;
    this.perAddress = perAddress;
    this.overall = overall;
  }

  @GetMapping("/{receiptNo}")
  public ResponseEntity<Map<String, Object>> status(@PathVariable String receiptNo,
                                                    @RequestParam(required = false) String queryCode,
                                                    HttpServletRequest http) {
    if (!limits.allow("status-lookup", http.getRemoteAddr(), perAddress, overall)) {
      return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
          .body(Map.of("status", 429, "message", "查询过于频繁，请稍后再试。"));
    }
    return lookup.find(receiptNo, queryCode)
        .map(found -> ResponseEntity.ok(lookup.withoutCaller(() -> status.describe(found))))
        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
            .body(Map.of("status", 404, "message", NOT_FOUND)));
  }
}
