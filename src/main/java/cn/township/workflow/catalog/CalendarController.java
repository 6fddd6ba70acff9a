package cn.township.workflow.catalog;

import cn.township.workflow.security.Callers;
import cn.township.workflow.security.Roles;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/admin/calendar}: reads the holiday file again on this node and recomputes the provisional deadlines
 * of running cases that a newly published year changes (also done at every start). Analysts and admins only.
 */
@RestController
public class CalendarController {

  private final CalendarUpdate update;
  private final Deadlines deadlines;
  private final IdentityService identity;

  public CalendarController(CalendarUpdate update, Deadlines deadlines, IdentityService identity) {
    this.update = update;
    this.deadlines = deadlines;
    this.identity = identity;
  }

  @PostMapping("/api/admin/calendar")
  public ResponseEntity<Map<String, Object>> reload() throws IOException {
    Authentication caller = identity.getCurrentAuthentication();
    if (!Callers.inGroup(caller, Roles.MODEL_ANALYST.groupId) && !Callers.inGroup(caller, Roles.ADMIN_GROUP)) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("status", 403,
          "message", "只有流程分析员或管理员可以更新节假日安排。"));
    }
    List<CalendarUpdate.Change> changes = update.reload(caller.getUserId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("publishedThrough", String.valueOf(deadlines.coverage().publishedThrough()));
    body.put("recomputed", changes);
    body.put("message", "节假日安排已重新读取，%d 个期限已重算。".formatted(changes.size()));
    return ResponseEntity.ok(body);
  }
}
