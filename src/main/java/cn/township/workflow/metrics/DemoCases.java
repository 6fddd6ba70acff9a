package cn.township.workflow.metrics;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.window.ApplicantRatings;
import cn.township.workflow.window.RecordRating;
import cn.township.workflow.window.ChineseIdNumber;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import cn.township.workflow.system.BeforeRequests;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Demo profile, first start only: cases walked over the past weeks (the engine clock is set back while they are
 * walked) so the supervision dashboard has something to show: cases done on time, overdue cases, a bad rating being
 * verified, a case waiting at the county, enforcement and decision cases in progress. Off with
 * {@code township.demo.cases=false} (the tests do). The engine's clock is JVM-wide, so this happens before the web
 * server takes requests (a lifecycle phase before the server's): a clerk registering a case at that moment got a
 * receipt number of six weeks ago.
 */
@Component
@Profile("demo")
public class DemoCases extends BeforeRequests {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCases.class);
  static final String DEMO_ID = ChineseIdNumber.withCheckCharacter("43052119800101123");
  static final List<String> HOMESTEAD = List.of("农村宅基地和建房（规划许可）申请表", "申请人身份证明", "户口簿",
      "村民小组会议讨论意见及村委会审查意见", "住房设计图或通用图");
  static final List<String> ASSISTANCE = List.of("临时救助申请书", "申请人身份证明", "困难情况说明及证明材料");
  static final List<String> LOGGING = List.of("林木采伐申请书", "申请人身份证明", "林木权属证明", "伐区调查设计或采伐作业说明");

  private final RuntimeService runtime;
  private final TaskService tasks;
  private final JdbcTemplate jdbc;
  private final Deadlines deadlines;
  private final ApplicantRatings ratings;
  private final ManagementService management;
  private final boolean enabled;

  public DemoCases(RuntimeService runtime, TaskService tasks, JdbcTemplate jdbc, Deadlines deadlines,
                   ApplicantRatings ratings, ManagementService management,
                   @Value("${township.demo.cases:true}") boolean enabled) {
    this.runtime = runtime;
    this.tasks = tasks;
    this.jdbc = jdbc;
    this.deadlines = deadlines;
    this.ratings = ratings;
    this.management = management;
    this.enabled = enabled;
  }

  @Override
  protected int step() {
    return 3;
  }

  @Override
  protected void prepare() {
    Long cases = jdbc.queryForObject("SELECT COUNT(*) FROM tw_case_fact", Long.class);
    if (!enabled || cases == null || cases > 0) {
      return;
    }
    try {
      walk();
      LOG.info("演示案件已生成（督查看板：Cockpit，用户 qs-supervisor / county-supervisor）。");
    } finally {
      ClockUtil.reset();
    }
  }

  private void walk() {
    LocalDate today = deadlines.today();
    // done on time and rated well, in both townships
    for (String[] c : new String[][] {{"qingshan", "VERY_SATISFIED"}, {"qingshan", "SATISFIED"},
        {"baishi", "VERY_SATISFIED"}, {"qingshan", "BASICALLY_SATISFIED"}}) {
      at(today.minusDays(35), 10);
      ProcessInstance instance = accepted("RURAL_HOMESTEAD", c[0], HOMESTEAD, "王大山");
      at(today.minusDays(25), 15);
      decide(instance);
      rate(instance, c[1], null);
    }
    // done, but rated badly: the supervisor is verifying the complaint
    at(today.minusDays(20), 9);
    ProcessInstance rated = accepted("TEMPORARY_ASSISTANCE", "qingshan", ASSISTANCE, "李秀英");
    at(today.minusDays(14), 11);
    decide(rated);
    rate(rated, "DISSATISFIED", "窗口多次让我补交同一份证明");
    // accepted six weeks ago and still with the reviewer: overdue
    for (String name : List.of("赵德明", "孙桂兰")) {
      at(today.minusDays(42), 10);
      accepted("RURAL_HOMESTEAD", "qingshan", HOMESTEAD, name);
    }
    at(today.minusDays(40), 10);
    accepted("RURAL_HOMESTEAD", "baishi", HOMESTEAD, "钱志刚");
    // recent and on course
    at(today.minusDays(2), 10);
    accepted("RURAL_HOMESTEAD", "qingshan", HOMESTEAD, "周小燕");
    // pre-examined and forwarded: waiting at the county forestry bureau
    at(today.minusDays(6), 10);
    ProcessInstance forwarded = accepted("FOREST_LOGGING", "qingshan", LOGGING, "吴家林", "forward-to-county");
    complete(forwarded, Map.of("preExamResult", "pass", "preliminaryOpinion", "agree", "preExamOpinion", "材料齐全，符合转报条件"));
    // enforcement: one filed, its officers declaring no conflict, one reported and waiting for the filing decision
    at(today.minusDays(12), 14);
    ProcessInstance construction = report("ILLEGAL_CONSTRUCTION", "青山镇东村");
    complete(construction, Map.of("filingDecision", "file", "filingReason", "符合立案条件",
        "caseOfficers", List.of("qs-officer1", "qs-officer2")));
    at(today.minusDays(1), 16);
    report("LITTERING", "青山镇集镇");
    // a major decision being examined
    at(today.minusDays(3), 10);
    runtime.startProcessInstanceByKey("major-decision", Variables.createVariables()
        .putValue("townshipId", "qingshan").putValue("subject", "青山镇集镇生活垃圾分类收运方案")
        .putValue("background", "集镇垃圾量逐年增加，现有收运方式不能满足需要")
        .putValue("draft", "一、实行四分类收集；二、每日定时收运；三、设立督导员")
        .putValue("affectedGroups", "集镇居民、商户").putValue("affectsPublicInterest", true)
        .putValue("technicallyComplex", false).putValue("mayAffectStability", false));
  }

  private ProcessInstance accepted(String matter, String township, List<String> materials, String applicant) {
    return accepted(matter, township, materials, applicant, "delegated-review");
  }

  private ProcessInstance accepted(String matter, String township, List<String> materials, String applicant,
                                   String procedure) {
    VariableMap variables = Variables.createVariables().putValue("townshipId", township)
        .putValue("matterCode", matter).putValue("applicantName", applicant)
        .putValue("applicantIdNumber", DEMO_ID).putValue("applicantPhone", "13800138000")
        .putValue("applicationSummary", "演示案件");
    ProcessInstance instance = runtime.startProcessInstanceByKey(procedure, variables);
    complete(instance, Map.of("receivedMaterials", materials, "acceptable", true));
    return instance;
  }

  private ProcessInstance report(String violation, String location) {
    return runtime.startProcessInstanceByKey("joint-enforcement", Variables.createVariables()
        .putValue("townshipId", "qingshan").putValue("caseSource", "inspection").putValue("violationType", violation)
        .putValue("partyType", "citizen").putValue("partyName", "刘某").putValue("partyIdNumber", DEMO_ID)
        .putValue("partyBirthDate", "1980-01-01").putValue("violationDate", deadlines.today().minusDays(3).toString())
        .putValue("location", location).putValue("facts", "巡查发现当事人实施违法行为"));
  }

  /**
   * Approves (with the leader's sign-off and the 公示 where the matter needs them: the 公示 period is let run) and
   * issues the decision at the window.
   */
  private void decide(ProcessInstance instance) {
    complete(instance, Map.of("reviewResult", "approve", "reviewOpinion", "符合条件", "grantAmount", 600));
    while (!"Task_IssueAtWindow".equals(openKey(instance))) {
      switch (String.valueOf(openKey(instance))) {
        case "Task_LeaderSignOff" -> complete(instance, Map.of("leaderDecision", "agree", "leaderOpinion", "同意"));
        case "Task_ReviewObjections" -> complete(instance, Map.of("objectionsReceived", "无", "objectionsFounded", false));
        default -> management.executeJob(management.createJobQuery().timers().activityId("Timer_PublicNoticeEnds")
            .processInstanceId(runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId())
                .singleResult().getId()).singleResult().getId());
      }
    }
    complete(instance, Map.of("deliveryMethod", "window", "decisionDelivered", true));
  }

  private String openKey(ProcessInstance instance) {
    List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).list();
    return open.isEmpty() ? null : open.get(0).getTaskDefinitionKey();
  }

  /** The applicant rates online, as they would with the receipt's query code. */
  private void rate(ProcessInstance instance, String level, String comment) {
    ratings.rate(instance.getBusinessKey(), RecordRating.Level.valueOf(level), comment, ApplicantRatings.Channel.ONLINE,
        null);
  }

  private Task open(ProcessInstance instance) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).list().get(0);
  }

  private void complete(ProcessInstance instance, Map<String, Object> variables) {
    tasks.complete(open(instance).getId(), variables);
  }

  /** Sets the engine clock to {@code hour} o'clock on {@code day}, moved to the Friday before if a weekend. */
  private void at(LocalDate day, int hour) {
    LocalDate date = switch (day.getDayOfWeek()) {
      case SATURDAY -> day.minusDays(1);
      case SUNDAY -> day.minusDays(2);
      default -> day;
    };
    ClockUtil.setCurrentTime(Date.from(ZonedDateTime.of(date.atTime(hour, 0), deadlines.zone()).toInstant()));
  }
}
