package cn.township.workflow.decision;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.PublicRateLimits;
import cn.township.workflow.system.PublicTexts;
import cn.township.workflow.system.RejectedInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public side of major decisions, no account needed: the published decisions with their adoption
 * summaries, and comments on a draft while its comment period is open (validated, every comment stored,
 * limited per address).
 */
@RestController
@RequestMapping("/api/decisions")
public class DecisionController {

  /** What anyone may send about a draft. */
  public record CommentRequest(String name, String contact, String content) {}

  private static final List<String> PUBLISHED_FIELDS = List.of("decisionNo", "townshipName", "subject", "draft",
      "publishedDate", "adoptionSummary", "commentCount");

  private static final Logger LOG = LoggerFactory.getLogger(DecisionController.class);

  private final HistoryService history;
  private final RuntimeService runtime;
  private final PublicComments comments;
  private final Deadlines deadlines;
  private final PublicRateLimits limits;
  private final DecisionSettings settings;

  public DecisionController(HistoryService history, RuntimeService runtime, PublicComments comments,
                            Deadlines deadlines, DecisionSettings settings, PublicRateLimits limits) {
    this.history = history;
    this.runtime = runtime;
    this.comments = comments;
    this.deadlines = deadlines;
    this.settings = settings;
    this.limits = limits;
  }

  @GetMapping
  public List<Map<String, Object>> published() {
    List<Map<String, Object>> decisions = new ArrayList<>();
    for (HistoricVariableInstance flag : history.createHistoricVariableInstanceQuery()
        .variableValueEquals("decisionPublished", true).list()) {
      Map<String, Object> decision = new LinkedHashMap<>();
      for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery()
          .processInstanceIdIn(flag.getProcessInstanceId()).variableNameIn(PUBLISHED_FIELDS.toArray(String[]::new))
          .list()) {
        decision.put(v.getName(), v.getValue());
      }
      decisions.add(decision);
    }
    decisions.sort((a, b) -> String.valueOf(b.get("decisionNo")).compareTo(String.valueOf(a.get("decisionNo"))));
    return decisions;
  }

  @PostMapping("/{decisionNo}/comments")
  public ResponseEntity<Map<String, Object>> comment(@PathVariable String decisionNo,
                                                     @RequestBody CommentRequest request,
                                                     HttpServletRequest http) {
    if (!limits.allow("public-comment", http.getRemoteAddr(), settings.commentsPerMinute(),
        settings.commentsPerMinuteOverall())) {
      return answer(HttpStatus.TOO_MANY_REQUESTS, "提交过于频繁，请稍后再试。");
    }
    PublicTexts.check("content", "意见内容", request.content(), true);
    PublicTexts.check("name", "姓名", request.name(), false);
    PublicTexts.check("contact", "联系方式", request.contact(), false);
    String content = request.content() == null ? "" : request.content().strip();
    if (content.length() < 5 || content.length() > 2000) {
      throw new RejectedInputException("content", "意见内容应为5至2000字。");
    }
    if (request.name() != null && request.name().length() > 50) {
      throw new RejectedInputException("name", "姓名最多50字。");
    }
    if (request.contact() != null && request.contact().length() > 100) {
      throw new RejectedInputException("contact", "联系方式最多100字。");
    }
    ProcessInstance decision = runtime.createProcessInstanceQuery().processInstanceBusinessKey(decisionNo)
        .processDefinitionKey("major-decision").singleResult();
    if (decision == null) {
      return answer(HttpStatus.NOT_FOUND, "未找到该决策事项。");
    }
    Object until = runtime.getVariable(decision.getId(), "commentOpenUntil");
    boolean open = Boolean.TRUE.equals(runtime.getVariable(decision.getId(), "commentOpen"))
        && until instanceof Date date && deadlines.now().isBefore(date.toInstant());
    if (!open) {
      return answer(HttpStatus.CONFLICT, "该决策草案当前不在征求意见期内。");
    }
    comments.add(decisionNo, PublicComments.Channel.PUBLIC, blankToNull(request.name()),
        blankToNull(request.contact()), content, null, deadlines.now());
    recount(decision.getId(), decisionNo);
    return answer(HttpStatus.CREATED, "意见已收到，感谢参与。");
  }

  /**
   * The count the office's form shows ({@code publicCommentCount}). The comment is stored already: two citizens
   * commenting at once both write the count and the engine refuses one (optimistic lock), which answered that citizen
   * 409 "本次操作未生效" although the comment was kept — and a citizen who sent it again was counted twice. The loser
   * counts again; after three lost attempts the next comment's count brings it up to date.
   */
  private void recount(String processInstanceId, String decisionNo) {
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        runtime.setVariable(processInstanceId, "publicCommentCount", comments.count(decisionNo));
        return;
      } catch (OptimisticLockingException concurrent) {
        LOG.debug("Comment count of {} written concurrently (attempt {})", decisionNo, attempt);
      }
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("status", status.value(), "message", message));
  }
}
