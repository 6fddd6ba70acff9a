package cn.township.workflow.forwarding;

import cn.township.workflow.forwarding.MutualEvaluations.Direction;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * 双向考核评议 of a forwarded case: {@code POST /api/cases/{受理编号}/evaluations/county-handling} by the township's
 * pre-examiner, {@code POST …/evaluations/pre-examination} by the county department that reviewed it (body:
 * {@code {"score": 1–5, "comment": "…"}}), {@code GET …/evaluations} for both.
 */
@RestController
@RequestMapping("/api/cases")
public class MutualEvaluationController {

  /** What a rater sends: 1–5 (5 best) and a comment (required at 2 or below). */
  public record EvaluationRequest(Integer score, String comment) {}

  private final MutualEvaluations evaluations;
  private final IdentityService identity;

  public MutualEvaluationController(MutualEvaluations evaluations, IdentityService identity) {
    this.evaluations = evaluations;
    this.identity = identity;
  }

  @PostMapping("/{receiptNo}/evaluations/{direction}")
  public Map<String, Object> rate(@PathVariable String receiptNo, @PathVariable String direction,
                                  @RequestBody(required = false) EvaluationRequest request) {
    Authentication caller = caller();
    Direction which = Direction.of(direction);
    if (request == null) {
      throw new cn.township.workflow.system.RejectedInputException(null, "请提交评分和评议意见，例如 {\"score\": 5, \"comment\": \"办理及时\"}。");
    }
    return evaluations.rate(receiptNo, which, request.score(), request.comment(), caller, true);
  }

  @GetMapping("/{receiptNo}/evaluations")
  public Map<String, Object> read(@PathVariable String receiptNo) {
    return evaluations.read(receiptNo, caller());
  }

  private Authentication caller() {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null) {
      throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "请先登录。");
    }
    return caller;
  }
}
