package cn.township.workflow.catalog;

import cn.township.workflow.security.Callers;
import cn.township.workflow.audit.AuditTrail;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.casefile.NoticeBook;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.Spin;
import org.camunda.spin.plugin.variable.SpinValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When analysts publish a year in holidays.csv: the provisional deadlines of running cases that reached it are
 * counted again with the published 调休, and where a date moves, its timers, task due dates and case variables move
 * with it, the applicant is told of a changed promised date, and the change goes into the audit trail. Runs at every
 * start (after the new file is deployed with the application) and on {@code POST /api/admin/calendar}, which first
 * reads the holiday file again ({@code township.calendar.holiday-file}, default the one shipped in processes/).
 * Also warns at start when the published calendar covers less than {@code township.calendar.warn-days} (90) days.
 */
@Component
@Order(1)
public class CalendarUpdate implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(CalendarUpdate.class);
  static final String ACTION = "DEADLINE_RECOMPUTED";

  /** One date moved on one case. */
  public record Change(String caseNo, String processInstanceId, String from, String to) {}

  private final Deadlines deadlines;
  private final ProvisionalDeadlines provisional;
  private final RuntimeService runtime;
  private final ManagementService management;
  private final TaskService tasks;
  private final IdentityService identity;
  private final NoticeBook notices;
  private final AuditTrail audit;
  private final TransactionTemplate transaction;
  private final String holidayFile;
  private final int warnDays;

  public CalendarUpdate(Deadlines deadlines, ProvisionalDeadlines provisional, RuntimeService runtime,
                        ManagementService management, TaskService tasks, IdentityService identity, NoticeBook notices,
                        AuditTrail audit, PlatformTransactionManager transactions,
                        @Value("${township.calendar.holiday-file:}") String holidayFile,
                        @Value("${township.calendar.warn-days:90}") int warnDays) {
    this.deadlines = deadlines;
    this.provisional = provisional;
    this.runtime = runtime;
    this.management = management;
    this.tasks = tasks;
    this.identity = identity;
    this.notices = notices;
    this.audit = audit;
    this.transaction = new TransactionTemplate(transactions);
    this.holidayFile = holidayFile;
    this.warnDays = warnDays;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (!holidayFile.isBlank()) {
      deadlines.replaceCalendar(read(holidayFile));
    }
    List<Change> changes = settle("system");
    if (!changes.isEmpty()) {
      LOG.info("节假日安排已更新：{} 个运行中案件的期限已按新公布的安排重算（见 tw_audit_event）。", changes.size());
    }
    if (coverageShort()) {
      LOG.warn(coverageWarning());
    }
  }

  /** Whether the published calendar covers less than the next {@code township.calendar.warn-days} days. */
  public boolean coverageShort() {
    return deadlines.coverage().daysAhead() < warnDays;
  }

  /** The warning given at start and on the supervision dashboard. */
  public String coverageWarning() {
    Deadlines.Coverage coverage = deadlines.coverage();
    LocalDate next = deadlines.today().plusDays(coverage.daysAhead());
    return ("节假日安排（processes/holidays.csv）只覆盖到%s，今后%d天中只覆盖%d天：请在国务院办公厅公布后追加%d年的安排。"
        + "在此之前，到达该年的期限按《全国年节及纪念日放假办法》的法定节假日推算，并在案件上标为暂定。").formatted(
        coverage.publishedThrough() == null ? "（无）" : deadlines.formatDate(
            Date.from(coverage.publishedThrough().atStartOfDay(deadlines.zone()).toInstant())),
        warnDays, coverage.daysAhead(), next.getYear());
  }

  public int warnDays() {
    return warnDays;
  }

  /** Reads the holiday file again, puts it in force on this node and recomputes what it changes. */
  public List<Change> reload(String actor) throws IOException {
    return publish(holidayFile.isBlank() ? Deadlines.loadCalendar() : read(holidayFile), actor);
  }

  List<Change> publish(WorkingDayCalendar newer, String actor) {
    deadlines.replaceCalendar(newer);
    return settle(actor);
  }

  private static WorkingDayCalendar read(String location) throws IOException {
    Resource resource = new DefaultResourceLoader().getResource(location);
    try (InputStream in = resource.getInputStream()) {
      return WorkingDayCalendar.read(in, location);
    }
  }

  /** Recomputes every kept deadline whose years are all published now, each case in its own transaction. */
  List<Change> settle(String actor) {
    // the system moves the dates, whoever asked; townships' tenant checks do not apply
    return Callers.as(identity, null, () -> {
      List<Change> changes = new ArrayList<>();
      for (ProvisionalDeadlines.Kept kept : provisional.open()) {
        Change change = transaction.execute(status -> settle(kept, actor));
        if (change != null) {
          changes.add(change);
        }
      }
      return changes;
    });
  }

  private Change settle(ProvisionalDeadlines.Kept kept, String actor) {
    WorkingDayCalendar calendar = deadlines.calendar();
    LocalDate day = calendar.addWorkingDays(kept.startDay(), kept.workingDays());
    if (calendar.provisional(kept.startDay(), day)) {
      return null; // still reaching a year that is not published
    }
    Instant due = kept.atOpening() ? day.atTime(TimeLimit.WARNING_TIME).atZone(deadlines.zone()).toInstant()
        : TimeLimit.endOfDay(day, deadlines.zone());
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(kept.processInstanceId())
        .singleResult();
    Date before = Date.from(kept.dueAt());
    Date after = Date.from(due);
    String beforeText = deadlines.formatDate(before);
    String afterText = deadlines.formatDate(after);
    Change change = null;
    if (instance != null) {
      unmark(instance.getRootProcessInstanceId(), beforeText);
      if (!due.equals(kept.dueAt())) {
        move(instance, before, after, beforeText, afterText);
        change = new Change(kept.caseNo(), instance.getId(), beforeText, afterText);
        audit.record(actor, ACTION, kept.caseNo(), "%d年节假日安排公布后重算期限：%s起%d个工作日，由%s调整为%s（流程实例 %s）。"
            .formatted(day.getYear(), deadlines.formatDate(Date.from(kept.startDay().atStartOfDay(deadlines.zone())
                .toInstant())), kept.workingDays(), beforeText, afterText, instance.getId()));
      }
    }
    provisional.settle(kept, deadlines.now());
    return change;
  }

  /** The timers, task due dates and case variables (dates, and the dates as forms print them) that held the old date. */
  private void move(ProcessInstance instance, Date before, Date after, String beforeText, String afterText) {
    for (Job job : management.createJobQuery().processInstanceId(instance.getId()).timers().list()) {
      if (same(job.getDuedate(), before)) {
        management.setJobDuedate(job.getId(), after);
      }
    }
    for (Task task : tasks.createTaskQuery().processInstanceId(instance.getId()).list()) {
      if (same(task.getDueDate(), before)) {
        task.setDueDate(after);
        tasks.saveTask(task);
      }
    }
    boolean promisedDateMoved = false;
    for (Map.Entry<String, Object> variable : runtime.getVariables(instance.getId()).entrySet()) {
      if (same(variable.getValue(), before)) {
        runtime.setVariable(instance.getId(), variable.getKey(), after);
        promisedDateMoved |= variable.getKey().equals("timeLimitDueAt");
      } else if (beforeText.equals(variable.getValue())) {
        runtime.setVariable(instance.getId(), variable.getKey(), afterText);
      }
    }
    String root = instance.getRootProcessInstanceId();
    if (promisedDateMoved) {
      notices.record(new NoticeBook.Notice((String) runtime.getVariable(root, "receiptNo"), root,
          instance.getTenantId(), (String) runtime.getVariable(root, "applicantName"), NoticeBook.Kind.DEADLINE_CHANGED,
          "%s：国务院办公厅已公布节假日安排，您申请的“%s”（受理编号 %s）的承诺办结日期由%s调整为%s。".formatted(
              runtime.getVariable(root, "applicantName"), runtime.getVariable(root, "matterName"),
              runtime.getVariable(root, "receiptNo"), beforeText, afterText), deadlines.now()));
    }
  }

  private void unmark(String root, String shown) {
    List<String> marked = new ArrayList<>(CaseVariables.asList(ProvisionalDeadlines.MARK,
        runtime.getVariable(root, ProvisionalDeadlines.MARK)));
    if (marked.remove(shown)) {
      runtime.setVariable(root, ProvisionalDeadlines.MARK, SpinValues.jsonValue(Spin.JSON(marked)).create());
    }
  }

  private static boolean same(Object value, Date date) {
    return value instanceof Date other && other.getTime() == date.getTime();
  }
}
