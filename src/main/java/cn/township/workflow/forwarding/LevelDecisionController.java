package cn.township.workflow.forwarding;

import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.util.List;
import cn.township.workflow.casefile.CaseLookup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A county (or city) department's own system posts its decision on a forwarded case instead of working
 * the task in Tasklist. Delivered by receipt number to that department's review (a BPMN message event on
 * its task); the caller must belong to the department and the department must still be reviewing.
 */
@RestController
@RequestMapping("/api/cases")
public class LevelDecisionController {

  private static final Set<String> DECISIONS = Set.of("approve", "refuse", "supplement");

  /** The posted decision; {@code queryCode} is the one on the applicant's receipt, forwarded with the file. */
  public record LevelDecisionRequest(String queryCode, String department, String decision, String opinion,
                                     String legalBasis, List<String> supplementItems) {}

  private final CaseLookup lookup;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final PostLevelDecision post;

  public LevelDecisionController(CaseLookup lookup, RuntimeService runtime, IdentityService identity,
                                 PostLevelDecision post) {
    this.lookup = lookup;
    this.runtime = runtime;
    this.identity = identity;
    this.post = post;
  }

  @PostMapping("/{receiptNo}/level-decision")
  public ResponseEntity<Map<String, Object>> decide(@PathVariable String receiptNo,
                                                    @RequestBody LevelDecisionRequest request) {
    validate(request);
    if (lookup.find(receiptNo, request.queryCode()).isEmpty()) {
      return answer(HttpStatus.NOT_FOUND, "受理编号或查询码不正确。");
    }
    Authentication caller = identity.getCurrentAuthentication();
    // the department decides its own review, and nobody for it: not even an administrator (行政许可法第二十二条、第二十三条)
    if (!caller.getGroupIds().contains(request.department())) {
      return answer(HttpStatus.FORBIDDEN, "您不属于部门“" + request.department() + "”，不能以其名义回传决定。");
    }
    ProcessInstance waiting = runtime.createProcessInstanceQuery().processInstanceBusinessKey(receiptNo)
        .processDefinitionKey("higher-level-review").active().singleResult();
    List<String> items = request.supplementItems() == null ? List.of() : request.supplementItems();
    if ("supplement".equals(request.decision()) && waiting != null) {
      List<String> notOnFile = CaseVariables.asList("itemsNotInFile", runtime.getVariable(waiting.getId(), "itemsNotInFile"));
      if (items.isEmpty() || !notOnFile.containsAll(items)) {
        throw new RejectedInputException("supplementItems", "上级行政机关不得要求申请人重复提供申请材料（《行政许可法》第三十五条）："
            + "只能列出案卷中没有的目录材料：" + notOnFile + "。");
      }
    }
    // delivered as the system: the caller's department was checked above, and departments hold no right to change a
    // level review over the engine (TownshipIdentity)
    if (waiting == null || !lookup.withoutCaller(() -> post.post(waiting.getId(), request.department(),
        request.decision(), request.opinion().strip(), request.legalBasis(), items))) {
      return answer(HttpStatus.CONFLICT, "该案件当前不在等待“" + request.department() + "”作出决定。");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("receiptNo", receiptNo);
    body.put("message", "决定已登记。");
    return ResponseEntity.ok(body);
  }

  private static void validate(LevelDecisionRequest request) {
    if (request.department() == null || request.department().isBlank()) {
      throw new RejectedInputException("department", "请填写作出决定的部门编码。");
    }
    if (request.decision() == null || !DECISIONS.contains(request.decision())) {
      throw new RejectedInputException("decision", "决定应为准予（approve）、不予（refuse）或退回补正（supplement）。");
    }
    if (request.opinion() == null || request.opinion().isBlank()) {
      throw new RejectedInputException("opinion", "请填写审查意见。");
    }
    if ("refuse".equals(request.decision()) && (request.legalBasis() == null || request.legalBasis().isBlank())) {
      throw new RejectedInputException("legalBasis", "不予准予须写明法律依据。");
    }
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("status", status.value(), "message", message));
  }
}
