package cn.township.workflow.window;

import cn.township.workflow.casefile.CaseLookup;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.duty.FirstResponsible;
import cn.township.workflow.metrics.CaseFacts;
import cn.township.workflow.system.Departments;
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
import org.springframework.stereotype.Component;

/**
 * What the applicant may know of their case — township, county or city, which step, since when, the promised
 * completion date — and nothing internal (opinions, people, supervision). The status lookup, the receiving window of a
 * 通办 case and the village agent who registered it all see this. Call it without the caller's authentication
 * ({@link CaseLookup#withoutCaller}): the case may belong to another township.
 */
@Component
public class CaseStatus {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final Map<String, String> ENDS = Map.of(
      "End_Issued", "已办结，决定书已出件",
      "End_NotAccepted", "不予受理",
      "End_Withdrawn", "视为撤回申请",
      "End_NotForwarded", "经乡镇预审不予转报",
      // a forwarded case ends on its 双向考核评议 branch when that closes after the decision was issued
      "End_CountyHandlingRated", "已办结，决定书已出件",
      "End_CountyHandlingNotRated", "已办结，决定书已出件");
  /** Steps between offices that are not the applicant's business: supervision, the 双向考核评议 of a forwarded case. */
  private static final java.util.Set<String> INTERNAL_STEPS = java.util.Set.of("Task_RateCountyHandling");

  private final HistoryService history;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final Departments departments;
  private final Deadlines deadlines;
  private final FirstResponsible firstResponsible;
  private final CaseFacts facts;

  public CaseStatus(HistoryService history, RuntimeService runtime, TaskService tasks, Departments departments,
                    Deadlines deadlines, FirstResponsible firstResponsible, CaseFacts facts) {
    this.firstResponsible = firstResponsible;
    this.facts = facts;
    this.history = history;
    this.runtime = runtime;
    this.tasks = tasks;
    this.departments = departments;
    this.deadlines = deadlines;
  }

  public Map<String, Object> describe(CaseLookup.Case found) {
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
    // a forwarded case whose decision is issued waits only for the offices' 双向考核评议: issued for the applicant
    boolean issued = !found.ended() && history.createHistoricActivityInstanceQuery()
        .processInstanceId(found.processInstanceId()).activityId("End_Issued").count() > 0;
    if (found.ended() || issued) {
      body.put("state", ENDS.getOrDefault(issued ? "End_Issued" : found.endActivityId(), "已办结"));
    } else {
      // decided: tw_case_fact's completion date; cases completed by an earlier release also hold it as a variable
      boolean decided = variables.get("completedAt") != null || facts.completed(found.processInstanceId());
      body.put("state", decided ? "已作出决定" : "办理中");
      for (Task task : tasks.createTaskQuery().processInstanceBusinessKey(found.receiptNo()).active()
          .orderByTaskCreateTime().asc().list()) {
        if (task.getTaskDefinitionKey().startsWith("Task_Supervise")
            || INTERNAL_STEPS.contains(task.getTaskDefinitionKey())) {
          continue; // internal supervision and evaluation are not the applicant's business
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
