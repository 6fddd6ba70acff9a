package cn.township.workflow.forwarding;

import cn.township.workflow.security.Callers;
import org.camunda.bpm.engine.TaskService;
import cn.township.workflow.casefile.CaseAccess;
import cn.township.workflow.casefile.CaseLookup;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.Matter;
import cn.township.workflow.catalog.MatterCatalog;
import cn.township.workflow.security.Roles;
import cn.township.workflow.system.Departments;
import cn.township.workflow.system.RejectedInputException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * 双向考核评议 on forwarded cases: the township's pre-examiner rates how the county department handled the case, the
 * county department rates the township's pre-examination (was what it forwarded complete). A 1–5 score and a
 * comment, once per case and direction; who may rate is decided from the case itself (its township, the departments
 * its review tasks were offered to).
 */
@Component
public class MutualEvaluations {

  /** Who rates whom. */
  public enum Direction {
    COUNTY_HANDLING("county-handling", "乡镇评县级部门办理"),
    PRE_EXAMINATION("pre-examination", "县级部门评乡镇预审");

    public final String path;
    public final String label;

    Direction(String path, String label) {
      this.path = path;
      this.label = label;
    }

    static Direction of(String path) {
      for (Direction direction : values()) {
        if (direction.path.equals(path)) {
          return direction;
        }
      }
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "评议方向应为 county-handling（乡镇评县级部门办理）"
          + "或 pre-examination（县级部门评乡镇预审）。");
    }
  }

  static final int MAX_COMMENT = 500;
  static final String REVIEW_STEP = CaseAccess.REVIEW_STEP;

  private final CaseLookup lookup;
  private final HistoryService history;
  private final JdbcTemplate jdbc;
  private final Departments departments;
  private final Deadlines deadlines;
  private final TaskService tasks;
  private final CaseAccess access;
  private final RepositoryService repository;
  private final MatterCatalog catalog;

  public MutualEvaluations(CaseLookup lookup, HistoryService history, JdbcTemplate jdbc, Departments departments,
                           Deadlines deadlines, TaskService tasks, CaseAccess access, RepositoryService repository,
                           MatterCatalog catalog) {
    this.catalog = catalog;
    this.tasks = tasks;
    this.access = access;
    this.repository = repository;
    this.lookup = lookup;
    this.history = history;
    this.jdbc = jdbc;
    this.departments = departments;
    this.deadlines = deadlines;
  }

  /** A forwarded case: its instance, township and the departments its county review was offered to. */
  record ForwardedCase(String processInstanceId, String receiptNo, String township, Set<String> departments,
                       boolean countyDone) {}

  /**
   * The forwarded case as the caller may know of it: someone with no part in it (another township's staff, a department
   * that did not review it) is told it does not exist, as CaseAccess tells outsiders, not that it is someone else's.
   */
  ForwardedCase forwarded(String receiptNo, Authentication caller) {
    ForwardedCase found = forwarded(receiptNo);
    List<String> groups = Callers.groups(caller);
    List<String> tenants = Callers.townships(caller);
    boolean countyWide = Callers.overseesAll(groups);
    boolean ownTownship = tenants.contains(found.township());
    if (!countyWide && !ownTownship && groups.stream().noneMatch(found.departments()::contains)) {
      throw notFound(receiptNo);
    }
    return found;
  }

  private static ResponseStatusException notFound(String receiptNo) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "没有受理编号为 " + abbreviate(receiptNo) + " 的转报案件。");
  }

  ForwardedCase forwarded(String receiptNo) {
    CaseLookup.Case found = lookup.byNumber(receiptNo)
        .filter(c -> "forward-to-county".equals(c.procedure()))
        .orElseThrow(() -> notFound(receiptNo));
    Set<String> groups = access.reviewingDepartments(found.receiptNo());
    boolean done = lookup.withoutCaller(() -> history.createHistoricTaskInstanceQuery()
        .processInstanceBusinessKey(found.receiptNo()).taskDefinitionKey(REVIEW_STEP).finished().count() > 0);
    return new ForwardedCase(found.processInstanceId(), found.receiptNo(), found.tenantId(), groups, done);
  }

  /** Records one evaluation given in Tasklist (the task's completion listener). */
  public Map<String, Object> rate(String receiptNo, Direction direction, Integer score, String comment,
                                  Authentication caller) {
    return rate(receiptNo, direction, score, comment, caller, false);
  }

  /**
   * Records one evaluation; refuses the wrong rater (403), a case not ready (409), a second one (409). Over the API
   * ({@code overApi}) a case whose model opens the rating task in Tasklist is rated there (409): the task would
   * otherwise stay open and end as 未评议.
   */
  public Map<String, Object> rate(String receiptNo, Direction direction, Integer score, String comment,
                                  Authentication caller, boolean overApi) {
    if (score == null || score < 1 || score > 5) {
      throw new RejectedInputException("score", "评分应为 1 到 5 的整数（5 分最好）：收到 " + score + "。");
    }
    String text = comment == null ? "" : comment.strip();
    if (text.length() > MAX_COMMENT) {
      throw new RejectedInputException("comment", "评议意见最多 " + MAX_COMMENT + " 字，收到 " + text.length() + " 字。");
    }
    if (score <= 2 && text.isEmpty()) {
      throw new RejectedInputException("comment", "评分 2 分及以下须写明理由。");
    }
    ForwardedCase found = forwarded(receiptNo, caller);
    List<String> groups = Callers.groups(caller);
    List<String> tenants = Callers.townships(caller);
    String raterUnit;
    String ratedUnit;
    if (direction == Direction.COUNTY_HANDLING) {
      if (!groups.contains(Roles.PRE_EXAMINER.groupId) || !tenants.contains(found.township())) {
        throw new ResponseStatusException(HttpStatus.FORBIDDEN, "只有本案所属乡镇的预审员可以评议县级部门的办理。");
      }
      if (!found.countyDone()) {
        throw new ResponseStatusException(HttpStatus.CONFLICT, "县级部门尚未办理本案，暂不能评议。");
      }
      if (overApi) {
        ratedInTasklist(found, direction);
      }
      raterUnit = found.township();
      ratedUnit = String.join(",", found.departments());
    } else {
      raterUnit = groups.stream().filter(found.departments()::contains).findFirst()
          .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN,
              "只有审查本案的县级部门可以评议乡镇的预审。"));
      // as on the review form (RecordMutualEvaluation): the county department that decides, not a co-reviewer giving
      // an opinion nor the city, whose rating would also take the lead's one rating of the case
      if (overApi && !raterUnit.equals(countyLead(found))) {
        throw new ResponseStatusException(HttpStatus.FORBIDDEN,
            "只有本案的县级主办部门可以评议乡镇的预审；协办部门和市级部门不评议。");
      }
      ratedUnit = found.township();
    }
    try {
      jdbc.update("INSERT INTO tw_mutual_evaluation (process_instance_id, direction, case_no, township_id, rated_unit, "
          + "rater_id, rater_unit, score, rating_comment, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          found.processInstanceId(), direction.name(), found.receiptNo(), found.township(), ratedUnit,
          caller.getUserId(), raterUnit, score, text.isEmpty() ? null : text, Timestamp.from(deadlines.now()));
    } catch (DuplicateKeyException e) {
      throw alreadyRated(direction);
    }
    return evaluations(found);
  }

  /**
   * The county department that decides the case: the catalog's lead for its matter, or its one county department;
   * where the catalog no longer has the matter, the county-level department that reviewed it.
   */
  private String countyLead(ForwardedCase found) {
    Optional<Matter> matter = lookup.withoutCaller(() -> {
      HistoricVariableInstance code = history.createHistoricVariableInstanceQuery()
          .processInstanceIdIn(found.processInstanceId()).variableName("matterCode").singleResult();
      return code == null ? Optional.<Matter>empty() : catalog.find(String.valueOf(code.getValue()));
    });
    if (matter.isPresent() && matter.get().countyDepartments().size() == 1) {
      return matter.get().countyDepartments().get(0);
    }
    if (matter.isPresent() && matter.get().countyLeadDepartment() != null) {
      return matter.get().countyLeadDepartment().strip();
    }
    return found.departments().stream().filter(d -> departments.departments().stream()
        .anyMatch(known -> known.id().equals(d) && "county".equals(known.level()))).findFirst().orElse(null);
  }

  /**
   * Refuses the API's county-handling rating of a case whose model opens 评议县级部门办理: it is rated there, within the
   * period of processes/mutual-evaluation.csv (the task would otherwise stay open and end as 未评议). Before the task
   * opens and after it ended (rated, or 未评议 when the period passed) the API does not rate either; it rates only cases
   * of model versions without the task.
   */
  private void ratedInTasklist(ForwardedCase found, Direction direction) {
    boolean tasklistRates = lookup.withoutCaller(() -> {
      String definition = history.createHistoricProcessInstanceQuery().processInstanceId(found.processInstanceId())
          .singleResult().getProcessDefinitionId();
      return repository.getBpmnModelInstance(definition).getModelElementById(RecordMutualEvaluation.RATE_COUNTY_STEP)
          != null;
    });
    if (!tasklistRates) {
      return;
    }
    if (lookup.withoutCaller(() -> tasks.createTaskQuery().processInstanceId(found.processInstanceId())
        .taskDefinitionKey(RecordMutualEvaluation.RATE_COUNTY_STEP).count()) > 0) {
      throw new ResponseStatusException(HttpStatus.CONFLICT,
          "本案的评议在待办任务“评议县级部门办理”中进行，请在待办任务中提交评分。");
    }
    if (rated(found.receiptNo(), direction)) {
      throw alreadyRated(direction);
    }
    if (lookup.withoutCaller(() -> history.createHistoricTaskInstanceQuery().processInstanceId(
        found.processInstanceId()).taskDefinitionKey(RecordMutualEvaluation.RATE_COUNTY_STEP).count()) > 0) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "本案的评议期已届满，记为未评议，不能再评议。");
    }
    throw new ResponseStatusException(HttpStatus.CONFLICT,
        "本案尚未办结到评议环节：决定回到乡镇后，请在待办任务“评议县级部门办理”中评议。");
  }

  private static ResponseStatusException alreadyRated(Direction direction) {
    return new ResponseStatusException(HttpStatus.CONFLICT, "本案已有“" + direction.label + "”的评议，不能重复评议。");
  }

  /** Whether the case has its evaluation in this direction (a form then no longer offers it). */
  public boolean rated(String receiptNo, Direction direction) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM tw_mutual_evaluation WHERE case_no = ? AND direction = ?",
        Integer.class, receiptNo, direction.name()) > 0;
  }

  /** Both evaluations of a case, for its township's pre-examiners, its departments and supervisors. */
  public Map<String, Object> read(String receiptNo, Authentication caller) {
    ForwardedCase found = forwarded(receiptNo, caller);
    List<String> groups = Callers.groups(caller);
    List<String> tenants = Callers.townships(caller);
    boolean supervisor = Callers.overseesAll(groups)
        || groups.contains(Roles.SUPERVISOR.groupId) && tenants.contains(found.township());
    boolean township = groups.contains(Roles.PRE_EXAMINER.groupId) && tenants.contains(found.township());
    boolean department = groups.stream().anyMatch(found.departments()::contains);
    if (!supervisor && !township && !department) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "本案的双向考核评议仅供本乡镇预审员、审查部门和督查人员查看。");
    }
    return evaluations(found);
  }

  private Map<String, Object> evaluations(ForwardedCase found) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("receiptNo", found.receiptNo());
    body.put("township", found.township());
    body.put("departments", found.departments().stream().map(d -> Map.of("id", d, "name", departments.nameOf(d)))
        .toList());
    for (Direction direction : Direction.values()) {
      body.put(direction == Direction.COUNTY_HANDLING ? "countyHandling" : "preExamination",
          jdbc.query("SELECT score, rating_comment, rater_id, rater_unit, rated_at FROM tw_mutual_evaluation "
              + "WHERE process_instance_id = ? AND direction = ?", rs -> rs.next() ? Map.of("score", rs.getInt(1),
              "comment", rs.getString(2) == null ? "" : rs.getString(2), "rater", rs.getString(3),
              "raterUnit", rs.getString(4), "ratedAt", rs.getTimestamp(5).toInstant()) : null,
              found.processInstanceId(), direction.name()));
    }
    return body;
  }

  private static String abbreviate(String value) {
    return value == null ? "" : value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }
}
