package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.TownshipWorkflowApplication;
import cn.township.workflow.enforcement.PenaltyRegister;
import cn.township.workflow.support.CaseWalker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import cn.township.workflow.security.TaskCommentGuard;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.h2.tools.RunScript;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * This version started on a database the previous release left (commit ceeaacf, before Flyway: our tables from
 * schema.sql, no migration history), with 54 cases waiting in every kind of step and 69 timers pending
 * (src/test/resources/upgrade, made as docs/upgrade-fixtures.md says). The schema is migrated (baseline 0, then
 * every step) and every running case then walks to its end, on H2 and on PostgreSQL. A later change of our schema
 * adds its migration and is covered here; a later change of a model must keep the cases of older versions walking.
 */
public class UpgradeTest {

  static final String CASES = "/upgrade/previous-release-cases.csv";
  /**
   * No web server and no Camunda webapps or REST: Camunda's webapps keep JVM-wide state, and a second application
   * with webapps, closed again, would leave the other tests' webapps pointing at its closed engine.
   */
  public static final String NO_WEB_SERVER = "--spring.main.web-application-type=none";
  public static final String NO_WEBAPPS = "--spring.autoconfigure.exclude="
      + "org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration,"
      + "org.camunda.bpm.spring.boot.starter.rest.CamundaBpmRestJerseyAutoConfiguration";

  /** The dump restored into an empty database, the new version started on it, and every case walked. */
  static void upgradeAndWalk(String url, String user, String databaseType, boolean beforeDecidedAt) throws Exception {
    // the column matters to enforcement cases only: the run without it walks those (and saves half a minute)
    String walked = beforeDecidedAt ? "joint-enforcement" : null;
    if (beforeDecidedAt) {
      try (Connection connection = DriverManager.getConnection(url, user, "");
           Statement statement = connection.createStatement()) {
        // as a database created before V2 (decided_at) looks
        statement.execute("ALTER TABLE tw_case_fact DROP COLUMN decided_at");
      }
    }
    Map<String, String> idNumbers = idNumbersInTheEngine(url, user, "applicantIdNumber");
    assertThat(idNumbers).as("the previous release kept applicants' ID numbers as case variables").isNotEmpty();
    Map<String, String> partyNumbers = idNumbersInTheEngine(url, user, "partyIdNumber");
    assertThat(partyNumbers).as("and enforcement parties' numbers").isNotEmpty();
    String name = "upgrade" + UUID.randomUUID().toString().substring(0, 8);
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TownshipWorkflowApplication.class)
        .run("--spring.profiles.active=test", NO_WEB_SERVER, NO_WEBAPPS,
            "--spring.datasource.url=" + url, "--spring.datasource.username=" + user, "--spring.datasource.password=",
            "--camunda.bpm.database.type=" + databaseType, "--camunda.bpm.process-engine-name=" + name)) {
      JdbcTemplate db = new JdbcTemplate(context.getBean(DataSource.class));
      ProcessEngine engine = context.getBean(ProcessEngine.class);
      List<ProcessInstance> running = engine.getRuntimeService().createProcessInstanceQuery().rootProcessInstances()
          .list();
      assertThat(new TreeSet<>(running.stream().map(ProcessInstance::getBusinessKey).toList()))
          .as("the cases the previous release left").isEqualTo(new TreeSet<>(expectedCases().keySet()));

      assertIdNumbersMovedOutOfTheEngine(db, idNumbers, partyNumbers, running);
      assertCandidatesOfOpenStepsReadTheirNotes(engine);

      CaseWalker walker = new CaseWalker(engine);
      Map<String, String> failures = new LinkedHashMap<>();
      for (ProcessInstance instance : running) {
        if (walked != null && !expectedCases().get(instance.getBusinessKey()).startsWith(walked + " ")) {
          continue;
        }
        try {
          walker.walkToEnd(instance.getId());
        } catch (RuntimeException | AssertionError failed) {
          failures.put(instance.getBusinessKey() + " (" + expectedCases().get(instance.getBusinessKey()) + ")",
              String.valueOf(failed.getMessage()));
        }
      }
      assertThat(failures).as("cases that could not walk to their end").isEmpty();
      assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(
          walked == null ? "joint-enforcement" : walked).count()).isZero();
      if (walked == null) {
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isZero();
      }
      assertThat(engine.getManagementService().createJobQuery().withException().count()).isZero();
      assertThat(db.queryForObject("SELECT COUNT(*) FROM tw_case_fact WHERE ended_at IS NULL AND procedure_key LIKE ?",
          Integer.class, walked == null ? "%" : walked)).as("every case is ended in the supervision figures too").isZero();
      assertThat(db.queryForObject("SELECT COUNT(*) FROM ACT_HI_VARINST WHERE NAME_ IN ('applicantIdNumber', "
          + "'partyIdNumber')", Integer.class)).as("no case walked to its end brought the variables back").isZero();
      assertTheRepeatFineCheckFindsTheMovedNumbers(db, context.getBean(PenaltyRegister.class), partyNumbers, running);
      List<String> versions = db.queryForList("SELECT \"version\" FROM \"" + SchemaMigrations.HISTORY_TABLE
          + "\" WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"", String.class);
      assertThat(versions).as("baselined, then every migration").startsWith("0", "1", "2", "3");
    }
  }

  /**
   * The ID numbers the previous release kept as a case variable (the applicant's applicantIdNumber, which its models
   * copied into every called process; the enforcement party's partyIdNumber): case (root process instance) → number,
   * trimmed and in upper case as the tables keep them.
   */
  static Map<String, String> idNumbersInTheEngine(String url, String user, String variable) throws SQLException {
    Map<String, String> numbers = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection(url, user, "");
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT COALESCE(ROOT_PROC_INST_ID_, PROC_INST_ID_), "
             + "UPPER(TRIM(TEXT_)) FROM ACT_HI_VARINST WHERE NAME_ = '" + variable + "' AND TEXT_ IS NOT NULL")) {
      while (rows.next()) {
        String earlier = numbers.put(rows.getString(1), rows.getString(2));
        assertThat(earlier == null || earlier.equals(rows.getString(2))).as("one number per case").isTrue();
      }
    }
    return numbers;
  }

  /**
   * The enforcement cases of the previous release fined on their walk are on the penalty register under the number V91
   * moved (DraftPenaltyDecision reads it from tw_party_identity): the number the repeat-fine check (行政处罚法第二十九条)
   * compares. That release recorded no violationDate, so its cases' rows carry none and the check, which compares the
   * date too, can match them only where a date is there; where it is, it finds them.
   */
  static void assertTheRepeatFineCheckFindsTheMovedNumbers(JdbcTemplate db, PenaltyRegister register,
                                                           Map<String, String> partyNumbers,
                                                           List<ProcessInstance> running) {
    List<String> enforcementCases = running.stream().filter(i -> i.getProcessDefinitionId()
        .startsWith("joint-enforcement:")).map(ProcessInstance::getId).toList();
    List<Map<String, Object>> fined = db.queryForList("SELECT process_instance_id, case_no, party_id_number, "
        + "violation_type, violation_date FROM tw_penalty_decision WHERE fine_amount > 0 AND revoked_on IS NULL");
    List<Map<String, Object>> ofTheFixture = fined.stream().filter(row -> enforcementCases.contains(
        (String) row.get("process_instance_id"))).toList();
    assertThat(ofTheFixture).as("enforcement cases of the previous release fined on their walk").isNotEmpty();
    for (Map<String, Object> row : ofTheFixture) {
      String number = partyNumbers.get((String) row.get("process_instance_id"));
      assertThat(number).as("%s had a party number", row.get("case_no")).isNotNull();
      assertThat(row.get("party_id_number")).as("%s", row.get("case_no")).isEqualTo(number);
      if (row.get("violation_date") != null) {
        assertThat(register.finesForTheSameAct(number, (String) row.get("violation_type"),
            ((java.sql.Date) row.get("violation_date")).toLocalDate())).as("%s", row.get("case_no"))
            .contains((String) row.get("case_no"));
      }
    }
  }

  /**
   * The steps the previous release left open: each one's candidate group, in its township, reads the notes on it
   * (security/TaskCommentGuard needs only the runtime grant every open task already has: no upgrade step), another
   * township's does not.
   */
  static void assertCandidatesOfOpenStepsReadTheirNotes(ProcessEngine engine) throws Exception {
    TaskService tasks = engine.getTaskService();
    IdentityService identity = engine.getIdentityService();
    TaskCommentGuard guard = new TaskCommentGuard(identity, tasks, engine.getHistoryService(),
        null); // only reads here: no note is written, so no ID number is looked for
    int checked = 0;
    for (Task task : tasks.createTaskQuery().list()) {
      String group = tasks.getIdentityLinksForTask(task.getId()).stream()
          .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
          .map(IdentityLink::getGroupId).findFirst().orElse(null);
      if (group == null || task.getTenantId() == null) {
        continue;
      }
      tasks.createComment(task.getId(), task.getProcessInstanceId(), "【催办】升级前已在办的步骤");
      String otherTownship = "qingshan".equals(task.getTenantId()) ? "baishi" : "qingshan";
      MockHttpServletResponse own = notesAs(guard, identity, task.getId(), group, task.getTenantId());
      assertThat(own.getStatus()).as("%s %s", task.getTaskDefinitionKey(), own.getContentAsString()).isEqualTo(200);
      assertThat(own.getContentAsString()).as(task.getTaskDefinitionKey()).contains("【催办】升级前已在办的步骤");
      assertThat(notesAs(guard, identity, task.getId(), group, otherTownship).getStatus())
          .as(task.getTaskDefinitionKey()).isEqualTo(404);
      checked++;
    }
    assertThat(checked).as("open steps of the fixtures with a candidate group").isGreaterThan(20);
  }

  private static MockHttpServletResponse notesAs(TaskCommentGuard guard, IdentityService identity, String taskId,
                                                 String group, String township) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/engine-rest/task/" + taskId + "/comment");
    request.setServletPath("/engine-rest");
    request.setPathInfo("/task/" + taskId + "/comment");
    MockHttpServletResponse response = new MockHttpServletResponse();
    identity.setAuthentication("upgrade-check", List.of(group), List.of(township));
    try {
      guard.doFilter(request, response, new MockFilterChain());
    } finally {
      identity.clearAuthentication();
    }
    return response;
  }

  /**
   * V87 moved every applicant's number into tw_applicant_identity (the running cases' too, with their township and
   * receipt number), V91 every party's into tw_party_identity, and they left no row of the variables, nor the numbers
   * under another name, in the engine's tables.
   */
  static void assertIdNumbersMovedOutOfTheEngine(JdbcTemplate db, Map<String, String> idNumbers,
                                                 Map<String, String> partyNumbers, List<ProcessInstance> running) {
    Map<String, String> kept = new TreeMap<>();
    db.query("SELECT process_instance_id, id_number FROM tw_applicant_identity",
        (java.sql.ResultSet row) -> { kept.put(row.getString(1), row.getString(2)); });
    assertThat(kept).isEqualTo(idNumbers);
    List<ProcessInstance> windowCases = running.stream().filter(i -> i.getProcessDefinitionId()
        .startsWith("delegated-review:") || i.getProcessDefinitionId().startsWith("forward-to-county:")).toList();
    assertThat(windowCases).as("running window cases in the fixture").hasSizeGreaterThan(20);
    for (ProcessInstance instance : windowCases) {
      assertThat(db.queryForMap("SELECT tenant_id, receipt_no, id_number FROM tw_applicant_identity "
          + "WHERE process_instance_id = ?", instance.getId())).as(instance.getBusinessKey())
          .containsEntry("tenant_id", instance.getTenantId()).containsEntry("receipt_no", instance.getBusinessKey())
          .satisfies(row -> assertThat(cn.township.workflow.window.ChineseIdNumber.problem(
              (String) row.get("id_number"))).isNull());
    }
    // V91: the parties' numbers, each with its case's party type
    Map<String, String> partiesKept = new TreeMap<>();
    db.query("SELECT process_instance_id, id_number, party_type FROM tw_party_identity", (ResultSet row) -> {
      partiesKept.put(row.getString(1), row.getString(2));
      assertThat(row.getString(3)).as(row.getString(1)).isIn("citizen", "organization");
    });
    assertThat(partiesKept).isEqualTo(partyNumbers);
    java.util.Set<String> numbers = new java.util.HashSet<>(idNumbers.values());
    numbers.addAll(partyNumbers.values());
    for (String table : List.of("ACT_RU_VARIABLE", "ACT_HI_VARINST", "ACT_HI_DETAIL")) {
      assertThat(db.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE NAME_ IN ('applicantIdNumber', "
          + "'partyIdNumber')", Integer.class)).as(table).isZero();
      List<String> texts = db.queryForList("SELECT UPPER(TRIM(TEXT_)) FROM " + table + " WHERE TEXT_ IS NOT NULL",
          String.class);
      assertThat(texts).as(table).doesNotContainAnyElementsOf(numbers);
    }
  }

  /** case number → procedure and where it waited. */
  static Map<String, String> expectedCases() throws IOException {
    Map<String, String> cases = new LinkedHashMap<>();
    try (InputStream in = UpgradeTest.class.getResourceAsStream(CASES)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] fields = line.split(",", 4);
          cases.put(fields[0], fields[1] + " " + fields[3]);
        }
      }
    }
    return cases;
  }

  static Reader dump(String resource) throws IOException {
    return new InputStreamReader(new GZIPInputStream(UpgradeTest.class.getResourceAsStream(resource)),
        StandardCharsets.UTF_8);
  }

  static String restoredH2() throws IOException, SQLException {
    String url = "jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
         Reader script = dump("/upgrade/previous-release-h2.sql.gz")) {
      RunScript.execute(connection, script);
    }
    return url;
  }

  @Test
  void onH2EveryCaseOfThePreviousReleaseWalksToItsEnd() throws Exception {
    upgradeAndWalk(restoredH2(), "sa", "h2", false);
  }

  @Test
  void aDatabaseFromBeforeDecidedAtGetsItAndTheDecisionStepCompletes() throws Exception {
    upgradeAndWalk(restoredH2(), "sa", "h2", true);
  }

  @Test
  void onPostgresqlEveryCaseOfThePreviousReleaseWalksToItsEnd() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
        ScriptUtils.executeSqlScript(connection, new EncodedResource(new InputStreamResource(new GZIPInputStream(
            UpgradeTest.class.getResourceAsStream("/upgrade/previous-release-postgresql.sql.gz"))),
            StandardCharsets.UTF_8));
      }
      upgradeAndWalk(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", false);
    }
  }
}
