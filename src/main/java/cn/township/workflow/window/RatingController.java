package cn.township.workflow.window;

import cn.township.workflow.security.Callers;
import cn.township.workflow.casefile.CaseLookup;

import cn.township.workflow.security.Roles;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.system.PublicRateLimits;
import cn.township.workflow.system.PublicTexts;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * 好差评 by the applicant (国办发〔2019〕51号): {@code POST /api/cases/{受理编号}/rating} without an account, with the
 * query code on the receipt; or {@code …/rating/device} from the window's rating device (its own account, group
 * rating-device: a clerk's account is refused, so nobody rates for the applicant). One rating per case, five levels,
 * an optional comment. Wrong number and wrong code answer alike (404); requests are limited per address and per case.
 */
@RestController
@RequestMapping("/api/cases")
public class RatingController {

  static final int MAX_COMMENT = 500;

  /** What the applicant sends: the query code, one of the five levels (code or Chinese), an optional comment. */
  public record RatingRequest(String queryCode, String level, String comment) {}

  private final CaseLookup lookup;
  private final ApplicantRatings ratings;
  private final IdentityService identity;
  private final PublicRateLimits limits;
  private final int perMinute;
  private final int devicePerMinute;
  private final int overall;

  public RatingController(CaseLookup lookup, ApplicantRatings ratings, IdentityService identity,
                          PublicRateLimits limits, @Value("${township.rating.per-minute:5}") int perMinute,
                          @Value("${township.rating.device-per-minute:60}") int devicePerMinute,
                          @Value("${township.rating.per-minute-overall:600}") int overall) {
    this.devicePerMinute = devicePerMinute;
    this.lookup = lookup;
    this.ratings = ratings;
    this.identity = identity;
    this.limits = limits;
    this.perMinute = perMinute;
    this.overall = overall;
  }

  @PostMapping("/{receiptNo}/rating")
  public ResponseEntity<Map<String, Object>> rate(@PathVariable String receiptNo,
                                                  @RequestBody(required = false) RatingRequest request,
                                                  HttpServletRequest http) {
    return rate(receiptNo, request, http, ApplicantRatings.Channel.ONLINE, null, null);
  }

  @PostMapping("/{receiptNo}/rating/device")
  public ResponseEntity<Map<String, Object>> rateOnDevice(@PathVariable String receiptNo,
                                                          @RequestBody(required = false) RatingRequest request,
                                                          HttpServletRequest http) {
    Authentication caller = identity.getCurrentAuthentication();
    if (!Callers.inGroup(caller, Roles.RATING_DEVICE.groupId)) {
      return answer(HttpStatus.FORBIDDEN, "只有窗口评价器可以提交评价：工作人员不得代申请人评价。");
    }
    return rate(receiptNo, request, http, ApplicantRatings.Channel.DEVICE, caller.getUserId(), caller.getTenantIds());
  }

  private ResponseEntity<Map<String, Object>> rate(String receiptNo, RatingRequest request, HttpServletRequest http,
                                                   ApplicantRatings.Channel channel, String device,
                                                   java.util.List<String> deviceTownships) {
    // online: per address, and per case (however many addresses try one receipt number's query code), every node
    // together. The window's device holds an account and is limited as itself: wrong codes sent from anywhere for a
    // receipt number (printed, and numbered in order) filled the case's count and kept the applicant from rating at the
    // window too, until the rating period ended as 未评价
    boolean allowed = channel == ApplicantRatings.Channel.DEVICE
        ? limits.allow("rating-device", device, devicePerMinute, overall)
        : limits.allow("rating-address", http.getRemoteAddr(), perMinute, overall)
            // the number as the lookup reads it: with spaces around it each spelling was a case of its own
            && limits.allow("rating-case", receiptNo.strip(), perMinute, overall);
    if (!allowed) {
      return answer(HttpStatus.TOO_MANY_REQUESTS, "提交过于频繁，请稍后再试。");
    }
    if (request == null) {
      throw new RejectedInputException(null, "请提交查询码和评价等级。");
    }
    RecordRating.Level level = RecordRating.Level.of(request.level()).orElseThrow(() -> new RejectedInputException(
        "level", "评价等级应为：非常满意、满意、基本满意、不满意、非常不满意之一。"));
    PublicTexts.check("comment", "评价意见", request.comment(), true);
    String comment = request.comment() == null || request.comment().isBlank() ? null : request.comment().strip();
    if (comment != null && comment.length() > MAX_COMMENT) {
      throw new RejectedInputException("comment", "评价意见最多" + MAX_COMMENT + "字。");
    }
    Optional<CaseLookup.Case> found = lookup.find(receiptNo, request.queryCode());
    if (found.isEmpty() || (deviceTownships != null && !deviceTownships.contains(found.get().tenantId()))) {
      return answer(HttpStatus.NOT_FOUND, CaseStatusController.NOT_FOUND);
    }
    ApplicantRatings.Outcome outcome = ratings.rate(found.get().receiptNo(), level, comment, channel, device);
    return answer(outcome == ApplicantRatings.Outcome.RATED ? HttpStatus.CREATED : HttpStatus.CONFLICT, outcome.message);
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("status", status.value(), "message", message));
  }
}
