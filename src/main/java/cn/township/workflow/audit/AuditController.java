package cn.township.workflow.audit;

import cn.township.workflow.security.Callers;
import cn.township.workflow.security.Roles;
import cn.township.workflow.system.RejectedInputException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/audit?user=&case=&action=&from=&to=&page=&size=}: the audit trail ({@link AuditTrail}), newest first,
 * for administrators and the county supervisor only. Read only: there is no other method on this path.
 */
@RestController
public class AuditController {

  static final int MAX_PAGE_SIZE = 200;

  private final AuditTrail trail;
  private final IdentityService identity;
  private final ZoneId zone;

  public AuditController(AuditTrail trail, IdentityService identity, ZoneId officeZone) {
    this.trail = trail;
    this.identity = identity;
    this.zone = officeZone;
  }

  @GetMapping("/api/audit")
  public Map<String, Object> search(@RequestParam(required = false) String user,
                                    @RequestParam(name = "case", required = false) String caseNo,
                                    @RequestParam(required = false) String action,
                                    @RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "50") int size) {
    Authentication caller = identity.getCurrentAuthentication();
    List<String> groups = Callers.groups(caller);
    if (!groups.contains(Roles.ADMIN_GROUP) && !groups.contains(Roles.COUNTY_SUPERVISOR.groupId)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "审计记录仅供系统管理员和县督查查看。");
    }
    if (page < 0 || page > 100_000) {
      throw new RejectedInputException("page", "页码应为0至100000之间的整数。");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new RejectedInputException("size", "每页条数应为1至" + MAX_PAGE_SIZE + "。");
    }
    LocalDate first = date("from", from);
    LocalDate last = date("to", to);
    if (first != null && last != null && last.isBefore(first)) {
      throw new RejectedInputException("to", "结束日期不能早于开始日期。");
    }
    AuditTrail.Filter filter = new AuditTrail.Filter(blank(user), blank(caseNo), blank(action),
        first == null ? null : first.atStartOfDay(zone).toInstant(),
        last == null ? null : last.plusDays(1).atStartOfDay(zone).toInstant());
    List<AuditTrail.Entry> found = trail.search(filter, page * size, size + 1);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("page", page);
    answer.put("size", size);
    answer.put("hasMore", found.size() > size);
    answer.put("entries", found.size() > size ? found.subList(0, size) : found);
    return answer;
  }

  private static LocalDate date(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new RejectedInputException(field, "日期格式应为 yyyy-MM-dd，例如 2026-12-01。");
    }
  }

  private static String blank(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
