package cn.township.workflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.TownshipWorkflowApplication;
import cn.township.workflow.support.ApplicationBuilder;
import cn.township.workflow.system.SchemaMigrations;
import cn.township.workflow.system.TaskCountStatement;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The benchmark of issue 7, outside {@code mvn test}: {@code mvn test -Pbenchmark} (see docs/benchmarks.md).
 * On H2 and on PostgreSQL, in one run, side by side:
 * <ol>
 *   <li>the full delegated-review path through the application (start, every task completed by the user whose
 *   role it is, full history): cases per second and p50/p99 of each engine API call;</li>
 *   <li>a bare process with the same five user tasks on a plain Camunda engine (no plugins, listeners, delegates,
 *   authorization) on the same database: the engine's own cost;</li>
 *   <li>raw JDBC inserts of as many rows as path 1 writes per case, in as many transactions: the storage floor;</li>
 *   <li>the clerk's Tasklist filter "待认领（本岗位）" (candidate of my groups, my township, by due date, first
 *   page, and the count Tasklist shows) with 100,000 open tasks and 1,000,000 finished cases in history, before
 *   and after the project's index migration (src/main/resources/db/engine-indexes.sql).</li>
 * </ol>
 * Sizes: -Dbench.cases, -Dbench.warmup, -Dbench.threads, -Dbench.openTasks, -Dbench.historyCases. Parts:
 * -Dbench.databases=h2,postgres, -Dbench.tasklist=false (parts 1-3 only). -Dbench.callers=true names the project
 * class behind each statement in statements-per-case-*.txt (slow; for counting runs).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class WorkflowBenchmark {

  static final int THREADS = Integer.getInteger("bench.threads", 4);
  static final int WARMUP = Integer.getInteger("bench.warmup", 100);
  static final int CASES = Integer.getInteger("bench.cases", 1000);
  static final int OPEN_TASKS = Integer.getInteger("bench.openTasks", 100_000);
  static final int HISTORY_CASES = Integer.getInteger("bench.historyCases", 1_000_000);
  static final int QUERY_RUNS = Integer.getInteger("bench.queryRuns", 100);
  /** open cases really walked by the engine; their runtime rows are then copied up to OPEN_TASKS */
  static final int OPEN_SEEDS = 1000;
  static final int TOWNSHIPS = 10;
  static final Path OUT = Path.of("target", "bench");
  static final List<String> HOMESTEAD_MATERIALS = List.of("农村宅基地和建房（规划许可）申请表", "申请人身份证明", "户口簿",
      "村民小组会议讨论意见及村委会审查意见", "住房设计图或通用图");
  static final List<String> STEPS = List.of("Task_CheckCompleteness", "Task_Review", "Task_LeaderSignOff",
      "Task_IssueAtWindow");

  /** one column of the result table */
  static final class Column {
    final Map<String, String> cells = new LinkedHashMap<>();

    void put(String row, String value) {
      cells.put(row, value);
      System.out.printf("bench: %-70s %s%n", row, value);
    }
  }

  /** latencies per API call */
  static final class Timings {
    final Map<String, ConcurrentLinkedQueue<Long>> nanos = new ConcurrentHashMap<>();

    <T> T time(String call, Supplier<T> action) {
      long start = System.nanoTime();
      T result = action.get();
      nanos.computeIfAbsent(call, c -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - start);
      return result;
    }

    void time(String call, Runnable action) {
      time(call, () -> {
        action.run();
        return null;
      });
    }

    String p50p99(String call) {
      long[] sorted = nanos.get(call).stream().mapToLong(Long::longValue).sorted().toArray();
      return ms(percentile(sorted, 0.50)) + " / " + ms(percentile(sorted, 0.99))
          + (sorted.length < QUERY_RUNS && call.matches("list|count") ? " (" + sorted.length + " runs)" : "");
    }
  }

  @Test
  void h2AndPostgresqlSideBySide() throws Exception {
    Files.createDirectories(OUT);
    Map<String, Column> columns = new LinkedHashMap<>();
    String databases = System.getProperty("bench.databases", "h2,postgres");
    if (databases.contains("h2")) {
      Path h2 = OUT.resolve("h2");
      deleteRecursively(h2);
      columns.put("H2 2.3 (file)", run("h2", "jdbc:h2:file:" + h2.toAbsolutePath().resolve("township"), "sa"));
    }
    if (databases.contains("postgres")) {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      // -Dbench.postgresDir=DIR: the database stays there after the run (EXPLAIN it again with pg_ctl -D DIR start)
      String keep = System.getProperty("bench.postgresDir");
      if (keep != null) {
        deleteRecursively(Path.of(keep));
        builder.setDataDirectory(Path.of(keep)).setCleanDataDirectory(false);
      }
      try (EmbeddedPostgres postgres = builder
          // production defaults for durability: every commit is flushed
          .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on")
          .setServerConfig("shared_buffers", "512MB").setServerConfig("max_connections", "100").start()) {
        columns.put("PostgreSQL (embedded)",
            run("postgres", postgres.getJdbcUrl("postgres", "postgres"), "postgres"));
      }
    }
    String table = table(columns);
    System.out.println(table);
    Files.writeString(OUT.resolve("benchmark.md"), table);
  }

  String currentDatabase;
  /** engine-rest of the running application and the demo users' password: Tasklist's own request is timed */
  String tasklistUrl;
  String demoPassword;

  Column run(String database, String url, String user) throws Exception {
    currentDatabase = database;
    Column column = new Column();
    StatementCounter counter = new StatementCounter();
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", "0");
    properties.put("spring.datasource.url", url);
    properties.put("spring.datasource.username", user);
    properties.put("spring.datasource.password", "");
    properties.put("spring.datasource.hikari.maximum-pool-size", "20");
    properties.put("township.demo.cases", "false");
    properties.put("spring.main.banner-mode", "off");
    properties.put("logging.level.root", "warn");
    if (database.equals("postgres")) {
      properties.put("camunda.bpm.database.type", "postgres");
    }
    // a county's worth of townships: the clerk's township holds a tenth of the open tasks
    for (int i = 0; i < TOWNSHIPS; i++) {
      properties.put("township.townships[" + i + "].id", i == 0 ? "qingshan" : i == 1 ? "baishi" : "town" + i);
      properties.put("township.townships[" + i + "].name", i == 0 ? "青山镇" : i == 1 ? "白石乡" : "第" + i + "镇");
      properties.put("township.townships[" + i + "].code", i == 0 ? "QS" : i == 1 ? "BS" : "T" + i);
    }
    ConfigurableApplicationContext app = new SpringApplicationBuilder(TownshipWorkflowApplication.class)
        // the production profile's settings (pool, plan cache) where PostgreSQL is measured
        .profiles(database.equals("postgres") ? new String[] {"postgres", "demo"} : new String[] {"demo"})
        .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
          @Override
          public Object postProcessAfterInitialization(Object bean, String name) {
            return bean instanceof DataSource dataSource && name.equals("dataSource") ? counter.wrap(dataSource)
                : bean;
          }
        }))
        // command-line arguments: they win over application.yaml (builder properties would not)
        .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    try {
      tasklistUrl = "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/engine-rest";
      demoPassword = app.getEnvironment().getProperty("township.demo.password");
      ProcessEngine engine = app.getBean(ProcessEngine.class);
      // names the engine's statements by their MyBatis id in statements-per-case-*.txt
      ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
          .getSqlSessionFactory().getConfiguration().addInterceptor(StatementCounter.mybatisIds());
      DataSource dataSource = app.getBean(DataSource.class);
      Dialect dialect = database.equals("h2") ? Dialect.H2 : Dialect.POSTGRES;

      double fullSecondsPerCase = fullPath(engine, counter, column);
      double bareSecondsPerCase = barePath(dataSource, counter, column);
      column.put("1/2: time per case, full path ÷ bare engine", String.format(Locale.ROOT, "%.1f×",
          fullSecondsPerCase / bareSecondsPerCase));
      storageFloor(dataSource, column, writesPerCase, commitsPerCase);
      if (Boolean.parseBoolean(System.getProperty("bench.tasklist", "true"))) { // -Dbench.tasklist=false: 1-3 only
        tasklistQuery(engine, dataSource, dialect, counter, column);
      }
    } finally {
      app.close();
    }
    return column;
  }

  // ---------------------------------------------------------------------------------------------- 1. full path

  long writesPerCase;
  long commitsPerCase;

  double fullPath(ProcessEngine engine, StatementCounter counter, Column column) throws Exception {
    Timings warmup = new Timings();
    parallel(WARMUP, i -> fullCase(engine, i, warmup));
    Timings timings = new Timings();
    long[] before = counter.snapshot();
    // -Dbench.callers=true: also name the project class behind each statement (a stack walk each: slows path 1,
    // so use it for counting runs, not for times)
    counter.callers = Boolean.getBoolean("bench.callers");
    long start = System.nanoTime();
    counter.clearBreakdown();
    parallel(CASES, i -> fullCase(engine, WARMUP + i, timings));
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] after = counter.snapshot();
    counter.callers = false;
    StringBuilder breakdown = new StringBuilder(String.format(Locale.ROOT,
        "Statements per case of the full delegated-review path (%d cases): one per execution or batch entry%n"
            + "%n== by kind and table%n", CASES));
    perCaseLines(counter.byTarget, breakdown);
    breakdown.append("\n== by kind, table and statement (the engine's MyBatis id, or our SQL's text)\n");
    perCaseLines(counter.byStatement, breakdown);
    if (!counter.byCaller.isEmpty()) {
      breakdown.append("\n== by statement and the project class that caused it (innermost on the stack)\n");
      perCaseLines(counter.byCaller, breakdown);
    }
    rowsPerCase(engine, breakdown, "\n== variable history rows per case by process and variable (type)\n",
        "SELECT v.PROC_DEF_KEY_ || ' ' || v.NAME_ || ' (' || v.VAR_TYPE_ || ')', COUNT(*) FROM ACT_HI_VARINST v "
            + "JOIN ACT_HI_PROCINST p ON p.ID_ = v.ROOT_PROC_INST_ID_ WHERE p.PROC_DEF_KEY_ = 'delegated-review' "
            + "GROUP BY v.PROC_DEF_KEY_, v.NAME_, v.VAR_TYPE_ ORDER BY COUNT(*) DESC, 1");
    rowsPerCase(engine, breakdown, "\n== decision evaluations per case: decision, activity; output rows\n",
        "SELECT d.DEC_DEF_KEY_ || ', ' || d.ACT_ID_ || '; ' || (SELECT COUNT(*) FROM ACT_HI_DEC_OUT o WHERE "
            + "o.DEC_INST_ID_ = d.ID_), COUNT(*) FROM ACT_HI_DECINST d JOIN ACT_HI_PROCINST p ON p.ID_ = "
            + "d.ROOT_PROC_INST_ID_ WHERE p.PROC_DEF_KEY_ = 'delegated-review' GROUP BY 1 ORDER BY COUNT(*) DESC, 1");
    rowsPerCase(engine, breakdown, "\n== activity history rows per case by process and activity type\n",
        "SELECT a.PROC_DEF_KEY_ || ' ' || a.ACT_TYPE_, COUNT(*) FROM ACT_HI_ACTINST a JOIN ACT_HI_PROCINST p ON p.ID_ "
            + "= a.ROOT_PROC_INST_ID_ WHERE p.PROC_DEF_KEY_ = 'delegated-review' GROUP BY 1 ORDER BY COUNT(*) DESC, 1");
    Files.writeString(OUT.resolve("statements-per-case-" + currentDatabase + ".txt"), breakdown);
    long ended = engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(
        "delegated-review").finished().count();
    assertThat(ended).as("every case reached its end").isEqualTo(WARMUP + CASES);
    column.put("1 full delegated-review path: cases/s (" + THREADS + " clients)", rate(CASES, seconds));
    column.put("1 start a case (the engine call behind POST /api/applications) p50 / p99 ms", timings.p50p99("start"));
    column.put("1 find the task (task query as the user) p50 / p99 ms", timings.p50p99("find"));
    for (String step : STEPS) {
      column.put("1 complete " + step + " p50 / p99 ms", timings.p50p99(step));
    }
    writesPerCase = perCase(after[1] - before[1] + after[2] - before[2] + after[3] - before[3]);
    commitsPerCase = perCase(after[4] - before[4]);
    column.put("1 statements per case: select / insert / update / delete; commits", String.format(Locale.ROOT,
        "%d / %d / %d / %d; %d", perCase(after[0] - before[0]), perCase(after[1] - before[1]),
        perCase(after[2] - before[2]), perCase(after[3] - before[3]), commitsPerCase));
    column.put("1 round trips per case (executions + batches; the engine batches its writes)",
        String.valueOf(perCase(after[5] - before[5])));
    return seconds / CASES;
  }

  /** rows of the finished cases of path 1 (warm-up included), per case, grouped by the query's first column */
  static void rowsPerCase(ProcessEngine engine, StringBuilder out, String title, String sql) throws SQLException {
    out.append(title);
    DataSource dataSource = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
        engine.getProcessEngineConfiguration()).getDataSource();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        out.append(String.format(Locale.ROOT, "%6.1f  %s%n", rows.getLong(2) / (double) (WARMUP + CASES),
            rows.getString(1)));
      }
    }
  }

  static void perCaseLines(Map<String, java.util.concurrent.atomic.AtomicLong> counts, StringBuilder out) {
    counts.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue().get(), x.getValue().get()))
        .forEach(e -> out.append(String.format(Locale.ROOT, "%6.1f  %s%n", (double) e.getValue().get() / CASES,
            e.getKey())));
  }

  static long perCase(long total) {
    return Math.round((double) total / CASES);
  }

  void fullCase(ProcessEngine engine, int i, Timings timings) {
    boolean qingshan = i % 2 == 0;
    String township = qingshan ? "qingshan" : "baishi";
    String prefix = qingshan ? "qs-" : "bs-";
    ProcessInstance instance = as(engine, prefix + "clerk", "window-clerk", township,
        () -> timings.time("start", () -> engine.getRuntimeService().startProcessInstanceByKey("delegated-review",
            ApplicationBuilder.anApplication().in(township).variables())));
    String key = instance.getBusinessKey();
    complete(engine, timings, key, "Task_CheckCompleteness", prefix + "clerk", "window-clerk", township,
        Variables.putValue("receivedMaterials", HOMESTEAD_MATERIALS).putValue("acceptable", true));
    complete(engine, timings, key, "Task_Review", prefix + "reviewer", "reviewer", township,
        Variables.putValue("reviewResult", "approve").putValue("reviewOpinion", "符合一户一宅，面积未超标准"));
    complete(engine, timings, key, "Task_LeaderSignOff", prefix + "leader", "leader", township,
        Variables.putValue("leaderDecision", "agree").putValue("leaderOpinion", "同意"));
    complete(engine, timings, key, "Task_IssueAtWindow", prefix + "clerk", "window-clerk", township,
        Variables.putValue("deliveryMethod", "window").putValue("decisionDelivered", true));
    // the applicant rates (POST /api/cases/{受理编号}/rating delivers this message)
    engine.getRuntimeService().createMessageCorrelation("applicant-rating").processInstanceBusinessKey(key)
        .setVariable("ratingLevel", "VERY_SATISFIED").correlate();
  }

  void complete(ProcessEngine engine, Timings timings, String businessKey, String step, String user, String group,
      String township, Map<String, Object> variables) {
    as(engine, user, group, township, () -> {
      TaskService tasks = engine.getTaskService();
      Task task = timings.time("find", () -> tasks.createTaskQuery().processInstanceBusinessKey(businessKey)
          .taskDefinitionKey(step).singleResult());
      assertThat(task).as("%s of %s", step, businessKey).isNotNull();
      timings.time(step, () -> tasks.complete(task.getId(), variables));
      return null;
    });
  }

  static <T> T as(ProcessEngine engine, String user, String group, String township, Supplier<T> action) {
    IdentityService identity = engine.getIdentityService();
    identity.setAuthentication(user, List.of(group), List.of(township));
    try {
      return action.get();
    } finally {
      identity.clearAuthentication();
    }
  }

  // ---------------------------------------------------------------------------------------------- 2. bare engine

  double barePath(DataSource dataSource, StatementCounter counter, Column column) throws Exception {
    StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName("bench-bare");
    configuration.setDataSource(dataSource);
    configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_FALSE);
    // the application's history level (the database holds it; an engine with another one refuses to start)
    configuration.setCustomHistoryLevels(new java.util.ArrayList<>(List.of(
        cn.township.workflow.system.CaseHistoryLevel.LEVEL)));
    configuration.setHistory(cn.township.workflow.system.CaseHistoryLevel.NAME);
    configuration.setJobExecutorActivate(false);
    ProcessEngine bare = configuration.buildProcessEngine();
    try {
      var builder = Bpmn.createExecutableProcess("bench-bare").camundaHistoryTimeToLive(3650).startEvent("Start");
      var flow = builder.userTask(STEPS.get(0)).camundaCandidateGroups("window-clerk");
      for (String step : STEPS.subList(1, STEPS.size())) {
        flow = flow.userTask(step).camundaCandidateGroups("window-clerk");
      }
      BpmnModelInstance model = flow.endEvent("End").done();
      bare.getRepositoryService().createDeployment().addModelInstance("bench-bare.bpmn", model).deploy();
      parallel(WARMUP, i -> bareCase(bare, i, new Timings()));
      Timings timings = new Timings();
      long[] before = counter.snapshot();
      long start = System.nanoTime();
      parallel(CASES, i -> bareCase(bare, i, timings));
      double seconds = (System.nanoTime() - start) / 1e9;
      long[] after = counter.snapshot();
      assertThat(bare.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("bench-bare")
          .finished().count()).isEqualTo(WARMUP + CASES);
      column.put("2 bare process, 5 user tasks, plain engine: cases/s", rate(CASES, seconds));
      column.put("2 start p50 / p99 ms", timings.p50p99("start"));
      column.put("2 find the task p50 / p99 ms", timings.p50p99("find"));
      column.put("2 complete a task p50 / p99 ms", timings.p50p99("complete"));
      column.put("2 statements per case: select / insert / update / delete; commits", String.format(Locale.ROOT,
          "%d / %d / %d / %d; %d", perCase(after[0] - before[0]), perCase(after[1] - before[1]),
          perCase(after[2] - before[2]), perCase(after[3] - before[3]), perCase(after[4] - before[4])));
      column.put("2 round trips per case", String.valueOf(perCase(after[5] - before[5])));
      return seconds / CASES;
    } finally {
      bare.close();
    }
  }

  void bareCase(ProcessEngine bare, int i, Timings timings) {
    RuntimeService runtime = bare.getRuntimeService();
    TaskService tasks = bare.getTaskService();
    String key = "BARE-" + i + "-" + UUID.randomUUID();
    ProcessInstance instance = timings.time("start", () -> runtime.startProcessInstanceByKey("bench-bare", key));
    for (String step : STEPS) {
      Task task = timings.time("find", () -> tasks.createTaskQuery().processInstanceBusinessKey(key)
          .taskDefinitionKey(step).singleResult());
      assertThat(task).as("%s of %s", step, instance.getId()).isNotNull();
      timings.time("complete", () -> tasks.complete(task.getId()));
    }
  }

  // ---------------------------------------------------------------------------------------------- 3. storage floor

  void storageFloor(DataSource dataSource, Column column, long rowsPerCase, long transactionsPerCase)
      throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS bench_floor");
      ddl.execute("CREATE TABLE bench_floor (id VARCHAR(64) PRIMARY KEY, rev INTEGER, case_id VARCHAR(64), "
          + "name VARCHAR(255), text_value VARCHAR(4000), created TIMESTAMP)");
    }
    long transactions = Math.max(1, transactionsPerCase);
    Timings timings = new Timings();
    IntConsumer oneCase = i -> {
      String caseId = UUID.randomUUID().toString();
      int row = 0;
      for (int t = 0; t < transactions; t++) {
        long rows = rowsPerCase / transactions + (t < rowsPerCase % transactions ? 1 : 0);
        int first = row;
        row += (int) rows;
        timings.time("transaction", () -> insertRows(dataSource, caseId, first, rows));
      }
    };
    parallel(WARMUP, oneCase);
    timings.nanos.clear();
    long start = System.nanoTime();
    parallel(CASES, oneCase);
    double seconds = (System.nanoTime() - start) / 1e9;
    column.put("3 raw JDBC: " + rowsPerCase + " rows per case in " + transactions + " transactions: cases/s",
        rate(CASES, seconds));
    column.put("3 one transaction p50 / p99 ms", timings.p50p99("transaction"));
  }

  static void insertRows(DataSource dataSource, String caseId, int first, long rows) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO bench_floor (id, rev, case_id, name, text_value, created) VALUES (?, 1, ?, ?, ?, ?)")) {
        for (int r = 0; r < rows; r++) {
          insert.setString(1, caseId + "-" + (first + r));
          insert.setString(2, caseId);
          insert.setString(3, "Task_Review");
          insert.setString(4, "符合一户一宅，面积未超标准");
          insert.setTimestamp(5, new Timestamp(System.currentTimeMillis()));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------- 4. Tasklist query

  enum Dialect {
    H2("SET REFERENTIAL_INTEGRITY FALSE", "SET REFERENTIAL_INTEGRITY TRUE", "DATEADD('MINUTE', n.n, %s)",
        "EXPLAIN ANALYZE "),
    POSTGRES("SET session_replication_role = replica", "SET session_replication_role = DEFAULT",
        "%s + n.n * INTERVAL '1 minute'", "EXPLAIN (ANALYZE, BUFFERS) ");

    final String constraintsOff;
    final String constraintsOn;
    final String addMinutes;
    final String explain;

    Dialect(String constraintsOff, String constraintsOn, String addMinutes, String explain) {
      this.constraintsOff = constraintsOff;
      this.constraintsOn = constraintsOn;
      this.addMinutes = addMinutes;
      this.explain = explain;
    }
  }

  /** columns holding ids of executions, tasks or cases: copied rows get the copy's suffix */
  static final Set<String> ID_COLUMNS = Set.of("ID_", "PARENT_ID_", "PROC_INST_ID_", "EXECUTION_ID_", "SUPER_EXEC_",
      "ROOT_PROC_INST_ID_", "TASK_ID_", "ACT_INST_ID_", "PARENT_ACT_INST_ID_", "BUSINESS_KEY_",
      "SUPER_PROCESS_INSTANCE_ID_", "CALL_PROC_INST_ID_", "RESOURCE_ID_", "PARENT_TASK_ID_");

  void tasklistQuery(ProcessEngine engine, DataSource dataSource, Dialect dialect, StatementCounter counter,
      Column column) throws Exception {
    long loadStart = System.nanoTime();
    // finished cases: the ones of path 1, copied up to HISTORY_CASES
    int finished = WARMUP + CASES;
    int historyCopies = (int) Math.ceil((double) (HISTORY_CASES - finished) / finished);
    String finishedCases = "s.ROOT_PROC_INST_ID_ IN (SELECT ID_ FROM ACT_HI_PROCINST WHERE PROC_DEF_KEY_ = "
        + "'delegated-review' AND END_TIME_ IS NOT NULL AND ID_ NOT LIKE '%x____')";
    Map<String, Long> historyRows = new LinkedHashMap<>();
    // the case and task history (what history lists read); activity and variable history of the copies is left out:
    // at ~150 rows per case it would be 150 million rows, and the clerk's query reads none of it
    for (String table : List.of("ACT_HI_PROCINST", "ACT_HI_TASKINST")) {
      copyRows(dataSource, dialect, table, finishedCases, historyCopies, null);
      historyRows.put(table, count(dataSource, "SELECT COUNT(*) FROM " + table));
    }
    long finishedTotal = count(dataSource, "SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE PROC_DEF_KEY_ = "
        + "'delegated-review' AND END_TIME_ IS NOT NULL");

    // open cases: walked by the engine to their stage in ten townships, then their runtime rows copied
    parallel(OPEN_SEEDS, i -> openCase(engine, i));
    int openCopies = (int) Math.ceil((double) (OPEN_TASKS - OPEN_SEEDS) / OPEN_SEEDS);
    copyRows(dataSource, dialect, "ACT_RU_AUTHORIZATION", "s.RESOURCE_TYPE_ = 7 AND s.RESOURCE_ID_ IN (SELECT ID_ FROM "
        + "ACT_RU_TASK)", openCopies, null);
    copyRows(dataSource, dialect, "ACT_RU_IDENTITYLINK", "s.TASK_ID_ IS NOT NULL", openCopies, null);
    copyRows(dataSource, dialect, "ACT_RU_TASK", "s.ID_ IS NOT NULL", openCopies, "DUE_DATE_");
    copyRows(dataSource, dialect, "ACT_RU_EXECUTION", "s.ID_ IS NOT NULL", openCopies, null);
    long openTasks = count(dataSource, "SELECT COUNT(*) FROM ACT_RU_TASK");
    analyze(dataSource, dialect);
    column.put("4 data: open tasks / finished cases", String.format(Locale.ROOT, "%,d / %,d", openTasks,
        finishedTotal));
    column.put("4 data: history rows (ACT_HI_PROCINST, ACT_HI_TASKINST)",
        historyRows.values().stream().map(n -> String.format(Locale.ROOT, "%,d", n)).toList().toString());
    column.put("4 data: loading took (s)", String.format(Locale.ROOT, "%.0f",
        (System.nanoTime() - loadStart) / 1e9));

    FilterService filters = engine.getFilterService();
    Filter filter = filters.createFilterQuery().filterName("待认领（本岗位）").singleResult();
    // -Dbench.before=none (default): without everything our migrations add to the engine's tables;
    // =v80: with V3 and V4, without V80 (issue 21's starting point); =count: all migrations, the engine's own count
    // statement instead of ours (TaskCountStatement); =skip: only the state after
    String beforeState = System.getProperty("bench.before", "none");
    var statements = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDbSqlSessionFactory();
    Timings before = null;
    if (!beforeState.equals("skip")) {
      if (beforeState.equals("count")) {
        createEngineIndexes(dataSource, dialect);
        TaskCountStatement.use(statements, false);
      } else {
        dropEngineIndexes(dataSource, dialect, beforeState.equals("v80"));
      }
      analyze(dataSource, dialect);
      before = queryTimings(engine, filters, filter, counter, dataSource, dialect, "before");
      TaskCountStatement.use(statements, true);
    }
    if (!beforeState.equals("count")) {
      createEngineIndexes(dataSource, dialect);
    }
    analyze(dataSource, dialect);
    Timings after = queryTimings(engine, filters, filter, counter, dataSource, dialect, "after");
    long visible = as(engine, "qs-clerk", "window-clerk", "qingshan", () -> filters.count(filter.getId()));
    column.put("4 tasks the clerk of 青山镇 may claim", String.format(Locale.ROOT, "%,d", visible));
    for (Timings timings : before == null ? List.of(after) : List.of(before, after)) {
      String state = timings == before ? ", before" : ", after";
      column.put("4 Tasklist first page (15, by due date) p50 / p99 ms" + state, timings.p50p99("list"));
      column.put("4 Tasklist count p50 / p99 ms" + state, timings.p50p99("count"));
      column.put("4 Tasklist's count (filter + active, as POST filter/{id}/list) p50 / p99 ms" + state,
          timings.p50p99("tasklist-count"));
      column.put("4 Tasklist's request POST /engine-rest/filter/{id}/list (HAL, 15 + count) p50 / p99 ms" + state,
          timings.p50p99("tasklist"));
    }
  }

  Timings queryTimings(ProcessEngine engine, FilterService filters, Filter filter, StatementCounter counter,
      DataSource dataSource, Dialect dialect, String label) throws Exception {
    Timings timings = new Timings();
    as(engine, "qs-clerk", "window-clerk", "qingshan", () -> {
      for (int run = 0; run < 2; run++) {
        filters.listPage(filter.getId(), 0, 15);
        filters.count(filter.getId());
      }
      counter.capture = "ACT_RU_TASK RES";
      somebodyWrites(dataSource);
      List<Task> page = timings.time("list", () -> filters.listPage(filter.getId(), 0, 15));
      plan(dataSource, dialect, counter, label + "-list");
      somebodyWrites(dataSource);
      long count = timings.time("count", () -> filters.count(filter.getId()));
      somebodyWrites(dataSource);
      timings.time("tasklist-count", () -> filters.count(filter.getId(), tasklistExtension(engine)));
      plan(dataSource, dialect, counter, label + "-count");
      counter.capture = null;
      assertThat(tasklistRequest(filter, timings)).as("Tasklist's count").isEqualTo(count);
      assertThat(page).hasSize(15);
      Date previous = null;
      for (Task task : page) {
        assertThat(task.getTenantId()).isEqualTo("qingshan");
        assertThat(task.getAssignee()).isNull();
        if (previous != null && task.getDueDate() != null) {
          assertThat(task.getDueDate()).isAfterOrEqualTo(previous);
        }
        previous = task.getDueDate();
      }
      // QUERY_RUNS, or fewer (at least 10) where one query takes seconds: at most two minutes per state
      long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      for (int run = 1; run < QUERY_RUNS && (run < 10 || System.nanoTime() < until); run++) {
        // in an office others write all the time; H2 would otherwise hand back its cached result of the same query
        somebodyWrites(dataSource);
        timings.time("list", () -> filters.listPage(filter.getId(), 0, 15));
        somebodyWrites(dataSource);
        timings.time("count", () -> filters.count(filter.getId()));
        somebodyWrites(dataSource);
        timings.time("tasklist-count", () -> filters.count(filter.getId(), tasklistExtension(engine)));
      }
      return null;
    });
    for (int run = 1; run < QUERY_RUNS; run++) {
      somebodyWrites(dataSource);
      tasklistRequest(filter, timings);
    }
    return timings;
  }

  /** What Tasklist adds to a filter's query (cam-tasklist-view-ctrl.js: active, sorted by creation, newest first). */
  static TaskQuery tasklistExtension(ProcessEngine engine) {
    return engine.getTaskService().createTaskQuery().active().orderByTaskCreateTime().desc();
  }

  static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * Tasklist's request for the open filter, as its JS sends it on opening, paging and every 10-second refresh: the
   * first 15 tasks and the count (HAL), as 青山镇's clerk (HTTP Basic on /engine-rest; Tasklist itself uses its session
   * on /camunda/api/engine, the same FilterResourceImpl). Returns the count.
   */
  long tasklistRequest(Filter filter, Timings timings) {
    String body = "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],\"firstResult\":0,"
        + "\"maxResults\":15,\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}],\"active\":true}";
    HttpRequest request = HttpRequest.newBuilder(URI.create(tasklistUrl + "/filter/" + filter.getId()
            + "/list?firstResult=0&maxResults=15"))
        .header("Accept", "application/hal+json, application/json; q=0.5")
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("qs-clerk:" + demoPassword)
            .getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = timings.time("tasklist", () -> {
      try {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    try {
      return new ObjectMapper().readTree(response.body()).get("count").asLong();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void somebodyWrites(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE bench_floor SET rev = rev + 1 WHERE id = (SELECT MIN(id) FROM bench_floor)");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Explains the statement the counter captured last (parameters inlined) into target/bench/. */
  static void plan(DataSource dataSource, Dialect dialect, StatementCounter counter, String name) {
    String sql = counter.capturedSql;
    if (sql == null) {
      return;
    }
    StringBuilder inlined = new StringBuilder();
    int parameter = 1;
    for (char c : sql.toCharArray()) {
      if (c == '?') {
        Object value = counter.capturedParameters.get(parameter++);
        inlined.append(value == null ? "NULL" : value instanceof Number || value instanceof Boolean ? value.toString()
            : "'" + value.toString().replace("'", "''") + "'");
      } else {
        inlined.append(c);
      }
    }
    StringBuilder plan = new StringBuilder(inlined).append("\n\n");
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.explain + inlined)) {
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
      Files.writeString(OUT.resolve(dialect.name().toLowerCase(Locale.ROOT) + "-plan-" + name + ".txt"), plan);
    } catch (SQLException | IOException e) {
      System.out.println("bench: no plan for " + name + ": " + e.getMessage());
    }
  }

  void openCase(ProcessEngine engine, int i) {
    String township = i % TOWNSHIPS == 0 ? "qingshan" : i % TOWNSHIPS == 1 ? "baishi" : "town" + (i % TOWNSHIPS);
    RuntimeService runtime = engine.getRuntimeService();
    TaskService tasks = engine.getTaskService();
    // the system starts them (no authentication): any township
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review",
        ApplicationBuilder.anApplication().in(township).variables());
    int stage = i / TOWNSHIPS % 10; // 40 % at intake, 30 % review, 20 % sign-off, 10 % issue
    List<Map<String, Object>> steps = List.of(
        Variables.putValue("receivedMaterials", HOMESTEAD_MATERIALS).putValue("acceptable", true),
        Variables.putValue("reviewResult", "approve").putValue("reviewOpinion", "符合条件"),
        Variables.putValue("leaderDecision", "agree").putValue("leaderOpinion", "同意"));
    int done = stage < 4 ? 0 : stage < 7 ? 1 : stage < 9 ? 2 : 3;
    for (int s = 0; s < done; s++) {
      Task task = tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).singleResult();
      tasks.complete(task.getId(), steps.get(s));
    }
  }

  static void copyRows(DataSource dataSource, Dialect dialect, String table, String where, int copies,
      String spreadColumn) throws SQLException {
    if (copies <= 0) {
      return;
    }
    assertThat(copies).as("copies are numbered in four digits").isLessThan(10_000);
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      List<String> columns = new ArrayList<>();
      String name = dialect == Dialect.H2 ? table : table.toLowerCase(Locale.ROOT);
      try (ResultSet rows = connection.getMetaData().getColumns(null, null, name, null)) {
        while (rows.next()) {
          columns.add(rows.getString("COLUMN_NAME").toUpperCase(Locale.ROOT));
        }
      }
      assertThat(columns).as(table).isNotEmpty();
      List<String> values = new ArrayList<>();
      for (String column : columns) {
        if (column.equals("BUSINESS_KEY_")) {
          values.add("CASE WHEN s." + column + " IS NULL THEN NULL ELSE CONCAT(s." + column + ", '~', n.n) END");
        } else if (ID_COLUMNS.contains(column)) {
          // same length (ids fill VARCHAR(64) nearly: "CallActivity_WindowIntake:" + a UUID): the UUIDs' last five
          // characters are this JVM's constant node part ("00001"); a copy has 'x' and its number there
          values.add("CASE WHEN s." + column + " IS NULL THEN NULL ELSE CONCAT(LEFT(s." + column + ", LENGTH(s."
              + column + ") - 5), 'x', LPAD(CAST(n.n AS VARCHAR(8)), 4, '0')) END");
        } else if (column.equals(spreadColumn)) {
          values.add(String.format(dialect.addMinutes, "s." + column));
        } else {
          values.add("s." + column);
        }
      }
      statement.execute("DROP TABLE IF EXISTS bench_n");
      statement.execute("CREATE TABLE bench_n (n INTEGER PRIMARY KEY)");
      statement.execute(dialect.constraintsOff);
      // in slices, so that no single transaction holds millions of rows
      int slice = 50;
      for (int from = 1; from <= copies; from += slice) {
        statement.execute("DELETE FROM bench_n");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_n (n) VALUES (?)")) {
          for (int n = from; n < Math.min(copies + 1, from + slice); n++) {
            insert.setInt(1, n);
            insert.addBatch();
          }
          insert.executeBatch();
        }
        statement.executeUpdate("INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT "
            + String.join(", ", values) + " FROM " + table + " s CROSS JOIN bench_n n WHERE " + where
            + " AND s.ID_ NOT LIKE '%x____'");
      }
      statement.execute(dialect.constraintsOn);
      statement.execute("DROP TABLE bench_n");
    }
  }

  /** Before: the engine's tables without what our migrations V3, V4 and V80 add to them (or without V80 only). */
  static void dropEngineIndexes(DataSource dataSource, Dialect dialect, boolean onlyV80) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      if (dialect == Dialect.POSTGRES) {
        statement.execute("DROP INDEX IF EXISTS tw_idx_auth_task_read");
      }
      if (onlyV80) {
        return;
      }
      statement.execute("DROP INDEX IF EXISTS tw_idx_task_due");
      if (dialect == Dialect.POSTGRES) {
        statement.execute("DROP STATISTICS IF EXISTS tw_stat_auth_read");
        statement.execute("DROP STATISTICS IF EXISTS tw_stat_auth_read_task");
      }
    }
  }

  /** After: the same statements as the migrations (db/migration/{h2,postgresql}/V3, V4, V80). */
  static void createEngineIndexes(DataSource dataSource, Dialect dialect) throws Exception {
    String folder = "db/migration/" + (dialect == Dialect.POSTGRES ? "postgresql" : "h2") + "/";
    List<String> scripts = new ArrayList<>(List.of(folder + "V3__engine_index_task_due.sql"));
    if (dialect == Dialect.POSTGRES) {
      scripts.add(folder + "V4__engine_statistics.sql");
      scripts.add(folder + "V80__engine_index_auth_task_read.sql");
    }
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      for (String script : scripts) {
        String sql;
        try (var in = SchemaMigrations.class.getClassLoader().getResourceAsStream(script)) {
          sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String each : sql.replaceAll("(?m)^--.*$", "").split(";")) {
          if (!each.isBlank()) {
            statement.execute(each.strip());
          }
        }
      }
    }
  }

  /**
   * Statistics for the planner after the bulk load; on PostgreSQL with -Dbench.vacuum=true also VACUUM, as autovacuum
   * keeps a database in use: without it the freshly copied rows are vacuumed by autovacuum while queries are timed.
   */
  static void analyze(DataSource dataSource, Dialect dialect) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      boolean vacuum = dialect == Dialect.POSTGRES && Boolean.getBoolean("bench.vacuum");
      statement.execute(vacuum ? "VACUUM ANALYZE" : "ANALYZE");
    }
  }

  static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  static void parallel(int count, IntConsumer work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      workers.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          work.accept(i);
        }
        return null;
      }));
    }
    try {
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static long percentile(long[] sorted, double p) {
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  static String ms(long nanos) {
    double ms = nanos / 1e6;
    return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.0f", ms);
  }

  static String rate(int cases, double seconds) {
    return String.format(Locale.ROOT, "%.1f", cases / seconds);
  }

  static String table(Map<String, Column> columns) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nBenchmark %s: %d clients, %d cases (+%d warm-up), %s cores, Java %s%n%n",
        LocalDate.now(), THREADS, CASES, WARMUP, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version")));
    out.append("| measure | ").append(String.join(" | ", columns.keySet())).append(" |\n|---|");
    columns.keySet().forEach(c -> out.append("---|"));
    out.append('\n');
    for (String row : columns.values().iterator().next().cells.keySet()) {
      out.append("| ").append(row);
      for (Column column : columns.values()) {
        out.append(" | ").append(column.cells.getOrDefault(row, "–"));
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  static void deleteRecursively(Path path) throws IOException {
    if (Files.exists(path)) {
      try (var files = Files.walk(path)) {
        files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
