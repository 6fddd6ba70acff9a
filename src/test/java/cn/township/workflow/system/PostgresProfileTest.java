package cn.township.workflow.system;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The postgres profile against a real PostgreSQL: schema, a whole case, and receipt numbers under load. */
// own engine name: see ProcessTest
@SpringBootTest(properties = "camunda.bpm.process-engine-name=postgrestests")
@ActiveProfiles({"test", "postgres"})
// closed right after this class, while PostgreSQL still runs: closed at JVM exit instead, the engine's last metrics
// flush waited 30 s for a database already stopped (PostgreSQL stops at JVM exit, by its own shutdown hook)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresProfileTest {

  static final EmbeddedPostgres POSTGRES = start();

  static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new IllegalStateException("embedded PostgreSQL did not start", e);
    }
  }

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired DataSource dataSource;
  @Autowired cn.township.workflow.casefile.Sequences sequences;
  @Autowired org.springframework.transaction.PlatformTransactionManager transactionManager;
  @Autowired TaskService tasks;
  @Autowired cn.township.workflow.window.ApplicantRatings ratings;

  @Test
  void runsOnPostgresql() throws Exception {
    try (var connection = dataSource.getConnection()) {
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
  }

  @Test
  void theProjectsIndexesStatisticsAndPlanSettingAreInPlace() throws Exception {
    org.springframework.jdbc.core.JdbcTemplate db = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
    // db/migration/postgresql/V3, V4 and V80, applied at the engine's start
    assertThat(db.queryForList("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'tw_idx_%'", String.class))
        .containsExactlyInAnyOrder("tw_idx_task_due", "tw_idx_auth_task_read");
    // V80 is partial: it serves only the task query's own check (READ on the task, READ_TASK on its definition)
    assertThat(db.queryForObject("SELECT indexdef FROM pg_indexes WHERE indexname = 'tw_idx_auth_task_read'",
        String.class)).contains("(resource_id_)").contains(" WHERE ");
    assertThat(db.queryForList("SELECT stxname FROM pg_statistic_ext WHERE stxname LIKE 'tw_stat_%'", String.class))
        .containsExactlyInAnyOrder("tw_stat_auth_read", "tw_stat_auth_read_task");
    // every pooled connection plans for its actual values (application-postgres.yaml)
    assertThat(db.queryForObject("SHOW plan_cache_mode", String.class)).isEqualTo("force_custom_plan");
    // migrating again (every start, every node) changes nothing and fails nothing
    assertThat(SchemaMigrations.migrate(dataSource).migrationsExecuted).isZero();
    assertThat(db.queryForObject("SELECT COUNT(*) FROM pg_indexes WHERE indexname LIKE 'tw_idx_%'", Integer.class))
        .isEqualTo(2);
  }

  @Test
  void aWholeCaseRunsOnPostgresql() {
    AbstractAssertions.init(engine);
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review",
        anApplication().forMatter("TEMPORARY_ASSISTANCE").variables());
    complete(caseTask(instance), withVariables("receivedMaterials", List.of("临时救助申请书", "申请人身份证明", "困难情况说明及证明材料"),
        "acceptable", true));
    complete(caseTask(instance), withVariables("reviewResult", "approve", "reviewOpinion", "符合临时救助条件",
        "grantAmount", 800));
    // 公示 (public-notice.bpmn), its period run as the job executor would at its end
    var notice = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getId()).singleResult();
    engine.getManagementService().executeJob(engine.getManagementService().createJobQuery()
        .processInstanceId(notice.getId()).activityId("Timer_PublicNoticeEnds").singleResult().getId());
    complete(caseTask(instance), withVariables("objectionsReceived", "无", "objectionsFounded", false));
    complete(caseTask(instance), withVariables("deliveryMethod", "window", "decisionDelivered", true));
    ratings.rate(instance.getBusinessKey(), cn.township.workflow.window.RecordRating.Level.SATISFIED, null,
        cn.township.workflow.window.ApplicantRatings.Channel.ONLINE, null);
    assertThat(instance).isEnded().hasPassed("End_Issued");
  }

  Task caseTask(ProcessInstance instance) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).singleResult();
  }

  @Test
  void parallelIntakesNeverShareAReceiptNumber() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<String>> numbers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      numbers.add(pool.submit(() -> runtime.startProcessInstanceByKey("delegated-review",
          anApplication().in("baishi").variables()).getBusinessKey()));
    }
    Set<String> distinct = Collections.synchronizedSet(new TreeSet<>());
    for (Future<String> number : numbers) {
      distinct.add(number.get());
    }
    pool.shutdown();
    assertThat(distinct).hasSize(40);
  }

  /**
   * 文号 are given in the transaction that issues the document: accepting 24 cases on 8 threads gives 24 受理通知书
   * numbered consecutively, none twice, and a step that fails gives its number back (no gap).
   */
  @Test
  void acceptanceNoticesIssuedInParallelAreNumberedWithoutGapOrRepeat() throws Exception {
    List<ProcessInstance> cases = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      cases.add(runtime.startProcessInstanceByKey("delegated-review",
          anApplication().in("baishi").forMatter("TEMPORARY_ASSISTANCE").variables()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> accepted = new ArrayList<>();
    for (ProcessInstance instance : cases) {
      accepted.add(pool.submit(() -> tasks.complete(caseTask(instance).getId(), java.util.Map.of("receivedMaterials",
          List.of("临时救助申请书", "申请人身份证明", "困难情况说明及证明材料"), "acceptable", true))));
    }
    for (Future<?> done : accepted) {
      done.get();
    }
    pool.shutdown();
    org.springframework.jdbc.core.JdbcTemplate db = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
    List<Integer> numbers = new ArrayList<>();
    for (ProcessInstance instance : cases) {
      String docNo = db.queryForObject("SELECT doc_no FROM tw_document WHERE case_no = ? AND kind = 'ACCEPTED'",
          String.class, instance.getBusinessKey());
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(".+受〔\\d{4}〕(\\d+)号").matcher(docNo);
      assertThat(m.matches()).as(docNo).isTrue();
      numbers.add(Integer.valueOf(m.group(1)));
    }
    Collections.sort(numbers);
    assertThat(numbers).doesNotHaveDuplicates();
    assertThat(numbers.get(numbers.size() - 1) - numbers.get(0)).as("consecutive: " + numbers).isEqualTo(23);

    // a step that fails after taking its number gives it back: the next one issued gets it
    var transactions = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
    int before = transactions.execute(status -> sequences.next("test:rollback", "2026"));
    try {
      transactions.executeWithoutResult(status -> {
        sequences.next("test:rollback", "2026");
        throw new IllegalStateException("the step fails");
      });
    } catch (IllegalStateException expected) {
      // rolled back
    }
    assertThat((int) transactions.execute(status -> sequences.next("test:rollback", "2026"))).isEqualTo(before + 1);
  }
}
