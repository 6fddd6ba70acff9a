package cn.township.workflow.forwarding;

import cn.township.workflow.forwarding.MutualEvaluations.Direction;
import cn.township.workflow.system.ConclusionFields;
import cn.township.workflow.system.RejectedInputException;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * 双向考核评议 entered in Tasklist: the township pre-examiner's rating task (评议县级部门办理, score required) and the
 * optional rating of the pre-examination on the county department's review form. Stored by {@link MutualEvaluations}
 * as the API stores it, with its checks (who may rate, once per case and direction, 1–5, comment length), in the
 * task's transaction: a refused rating completes nothing and writes nothing, the form keeps what was entered.
 */
@Component("recordMutualEvaluation")
public class RecordMutualEvaluation implements TaskListener {

  static final String RATE_COUNTY_STEP = "Task_RateCountyHandling";

  private final MutualEvaluations evaluations;
  private final IdentityService identity;

  public RecordMutualEvaluation(MutualEvaluations evaluations, IdentityService identity) {
    this.evaluations = evaluations;
    this.identity = identity;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = ConclusionFields.guarded(completed);
    switch (task.getTaskDefinitionKey()) {
      case RATE_COUNTY_STEP -> rate(task, Direction.COUNTY_HANDLING, "countyHandlingScore", "countyHandlingComment", true);
      // optional on the lead department's decision: left empty, the decision is completed unrated
      case MutualEvaluations.REVIEW_STEP -> {
        if (leadCountyDecision(task)) {
          rate(task, Direction.PRE_EXAMINATION, "preExamScore", "preExamComment", false);
        } else if (given(task.getVariable("preExamScore")) || given(task.getVariable("preExamComment"))) {
          // the form shows the fields only there; a co-reviewer's opinion, the city level or a supplement request
          // cannot rate through Tasklist's or the REST API's variables either
          throw new RejectedInputException("preExamScore",
              "只有县级主办部门作出准予或不予许可决定时可以评议乡镇预审；协办意见、市级审查和要求补正时不评议。");
        }
      }
      default -> throw new IllegalStateException("RecordMutualEvaluation has no rating for task "
          + task.getTaskDefinitionKey());
    }
  }

  /** The county lead department deciding (approve or refuse): the one who judges what the township forwarded. */
  private static boolean leadCountyDecision(DelegateTask task) {
    Object decision = task.getVariable("departmentDecision");
    return "county".equals(task.getVariable("reviewLevel")) && "decision".equals(task.getVariable("reviewPhase"))
        && ("approve".equals(decision) || "refuse".equals(decision));
  }

  private static boolean given(Object value) {
    return value != null && !value.toString().isBlank();
  }

  private void rate(DelegateTask task, Direction direction, String scoreField, String commentField, boolean required) {
    Object rawScore = task.getVariable(scoreField);
    Object rawComment = task.getVariable(commentField);
    boolean blank = !given(rawScore);
    if (blank && !required) {
      if (given(rawComment)) {
        throw new RejectedInputException(scoreField, "填写了评议意见但没有选择评分：请选择 1 到 5 分，或清空评议意见。");
      }
      return;
    }
    if (blank) {
      throw new RejectedInputException(scoreField, "请选择评分（1 到 5 分，5 分最好）。");
    }
    Integer score = score(scoreField, rawScore);
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      throw new RejectedInputException(null, "评议须由评议人本人登录后在待办任务中提交。");
    }
    String receiptNo = task.getExecution().getProcessBusinessKey();
    try {
      evaluations.rate(receiptNo, direction, score, rawComment == null ? null : rawComment.toString(), caller);
    } catch (ResponseStatusException refused) {
      String reason = refused.getReason() == null ? "不能评议。" : refused.getReason();
      if (refused.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)
          || refused.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
        throw new AuthorizationException(reason);
      }
      throw new RejectedInputException(scoreField, reason); // already rated, county not done: 400 with the reason
    }
  }

  /** "4" as a Tasklist select submits it, 4 as a REST caller does; anything else is refused in Chinese. */
  static Integer score(String field, Object raw) {
    String text = raw.toString().strip();
    if (raw instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
        && Math.abs(number.doubleValue()) < 1e9) {
      return number.intValue();
    }
    if (raw instanceof Number || !text.matches("-?\\d{1,9}")) {
      throw new RejectedInputException(field, "评分应为 1 到 5 的整数（5 分最好）：收到“"
          + (text.length() > 20 ? text.substring(0, 20) + "…" : text) + "”。");
    }
    return Integer.valueOf(text);
  }
}
