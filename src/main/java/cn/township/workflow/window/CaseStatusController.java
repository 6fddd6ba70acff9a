package cn.township.workflow.window;

import cn.township.workflow.duty.FirstResponsible;
import cn.township.workflow.casefile.CaseLookup;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.Departments;
import cn.township.workflow.system.PublicRateLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
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
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final Map<String, String> ENDS = Map.of(
      "End_Issued", "已办结，决定书已出件",
      "End_NotAccepted", "不予受理",
      "End_Withdrawn", "视为撤回申请",
      "End_NotForwarded", "经乡镇预审不予转报");

  private final CaseLookup lookup;
  private final HistoryService history;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final Departments departments;
  private final Deadlines deadlines;

  private final FirstResponsible firstResponsible;
  private final PublicRateLimits limits;
  private final int perAddress;
  private final int overall;

  public CaseStatusController(CaseLookup lookup, HistoryService history, RuntimeService runtime, TaskService tasks,
                              Departments departments, Deadlines deadlines, FirstResponsible firstResponsible,
                              PublicRateLimits limits,
                              @Value("${township.security.status-lookups-per-minute:30}") int perAddress,
                              @Value("${township.security.status-lookups-per-minute-overall:1200}") int overall) {
    this.firstResponsible = firstResponsible;
    this.limits = limits;
    this.perAddress = perAddress;
    this.overall = overall;
    this.lookup = lookup;
    this.history = history;
    this.runtime = runtime;
    this.tasks = tasks;
    this.departments = departments;
    this.deadlines = deadlines;
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
        .map(found -> ResponseEntity.ok(lookup.withoutCaller(() -> describe(found))))
        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
            .body(Map.of("status", 404, "message", NOT_FOUND)));
  }

  private Map<String, Object> describe(CaseLookup.Case found) {
    Map<String, Object> variables = new LinkedHashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery()
        .processInstanceIdIn(found.processInstanceId()).list()) {
      variables.put(v.getName(), v.getValue());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("receiptNo", found.receiptNo());
    body.put("matter", variables.get("matterName"));
    body.put("township", variables.get("townshipName"));
    List<Map<String, Object>> steps = new ArrayList<>();
    String level = "乡镇";
    boolean waitingForSupplement = false;
    if (found.ended()) {
      body.put("state", ENDS.getOrDefault(found.endActivityId(), "已办结"));
    } else {
      body.put("state", variables.get("completedAt") != null ? "已作出决定" : "办理中");
      for (Task task : tasks.createTaskQuery().processInstanceBusinessKey(found.receiptNo()).active()
          .orderByTaskCreateTime().asc().list()) {
        if (task.getTaskDefinitionKey().startsWith("Task_Supervise")) {
          continue; // internal supervision is not the applicant's business
        }
        waitingForSupplement |= task.getTaskDefinitionKey().equals("Task_ReceiveSupplement");
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", task.getName());
        Object reviewLevel = runtime.getVariable(task.getExecutionId(), "reviewLevelName");
        boolean atHigherLevel = task.getTaskDefinitionKey().equals("Task_DepartmentReview");
        if (atHigherLevel && reviewLevel != null) {
          level = reviewLevel.toString();
          step.put("department", candidateDepartments(task));
        }
        step.put("level", atHigherLevel ? level : "乡镇");
        step.put("since", TIME.format(task.getCreateTime().toInstant().atZone(deadlines.zone())));
        steps.add(step);
      }
      body.put("level", level);
      body.put("steps", steps);
      if (waitingForSupplement) {
        body.put("note", "等待申请人补正材料，补正期间不计入办理时限。");
      }
    }
    // 首问负责: the clerk the applicant turns to (their substitute while away) and the window's phone
    firstResponsible.contact(variables.get(FirstResponsible.USER), variables.get(FirstResponsible.PHONE))
        .ifPresent(contact -> body.put("firstResponsible", contact));
    Object due = variables.get("timeLimitDueAt");
    if (due instanceof Date date) {
      body.put("promisedCompletionDate", deadlines.formatDate(date));
    }
    return body;
  }

  private String candidateDepartments(Task task) {
    return tasks.getIdentityLinksForTask(task.getId()).stream()
        .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
        .map(IdentityLink::getGroupId).map(departments::nameOf).distinct()
        .reduce((a, b) -> a + "、" + b).orElse("");
  }
}
