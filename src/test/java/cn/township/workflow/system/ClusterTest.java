package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.ApplicationBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Camunda 7's own cluster model: two application nodes, separate JVMs on their own ports, one PostgreSQL, a job
 * executor on each. Jobs must run exactly once and nothing may be lost when a node is killed (SIGKILL) with jobs
 * locked; the killed node rejoins; a task completed from both nodes at once succeeds exactly once. Figures are
 * printed ("cluster:") and logs kept in target/cluster/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

  static final int CASES = 300;
  static final Duration LOCK_TIME = Duration.ofSeconds(10);
  static final Path LOGS = Path.of("target", "cluster");
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final ObjectMapper JSON = new ObjectMapper();

  static EmbeddedPostgres postgres;
  static JdbcTemplate db;
  static Node a;
  static Node b;

  /** One application node: a JVM started from the test's classpath, with the postgres and demo profiles. */
  static final class Node {
    final String name;
    final int port;
    Process process;

    Node(String name) throws IOException {
      this.name = name;
      try (ServerSocket socket = new ServerSocket(0)) {
        this.port = socket.getLocalPort();
      }
    }

    void start() throws Exception {
      launch();
      awaitUp();
    }

    /** Starts the JVM and returns at once. */
    void launch() throws IOException {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
          "-cp", applicationClasspath(), "cn.township.workflow.TownshipWorkflowApplication",
          "--server.port=" + port,
          "--spring.profiles.active=postgres,demo",
          "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
          "--spring.datasource.username=postgres", "--spring.datasource.password=",
          "--township.demo.cases=false",
          // the node's name in the job log (ACT_HI_JOB_LOG.HOSTNAME_)
          "--camunda.bpm.generic-properties.properties.hostname=" + name,
          // locks of a dead node expire after 10 s instead of 5 min, so the test sees the takeover
          "--camunda.bpm.job-execution.lock-time-in-millis=" + LOCK_TIME.toMillis(),
          "--camunda.bpm.job-execution.max-wait=1000",
          "--camunda.bpm.job-execution.wait-time-in-millis=500",
          // the applicant's messages: small batches often, so that both nodes' senders claim at once
          "--township.messages.batch-size=3", "--township.messages.send-every-millis=200",
          "--spring.main.banner-mode=off"));
      Files.createDirectories(LOGS);
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
    }

    Path log() {
      return LOGS.resolve(name + ".log");
    }

    void awaitUp() throws Exception {
      Path log = log();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        assertThat(process.isAlive()).as("node %s died at start, see %s", name, log).isTrue();
        try {
          if (get("/engine-rest/engine").statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(500);
      }
      throw new AssertionError("node " + name + " did not start within 120 s, see " + log);
    }

    /** SIGSTOP freezes the JVM where it is (locks held, transactions open); SIGCONT lets it go on. */
    void signal(String signal) throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start();
      assertThat(kill.waitFor()).as("kill -%s %s", signal, name).isZero();
    }

    /** SIGKILL: no shutdown hook, no unlocking of jobs, transactions in flight die with it. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return get(path, "admin");
    }

    HttpResponse<String> get(String path, String user) throws IOException, InterruptedException {
      return HTTP.send(request(path, user).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
      return send("POST", path, body, "admin");
    }

    HttpResponse<String> send(String method, String path, Object body, String user)
        throws IOException, InterruptedException {
      return HTTP.send(request(path, user).header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
      return request(path, "admin");
    }

    /** As a demo user (password demo): the nodes check authorizations and townships as for a clerk's browser. */
    HttpRequest.Builder request(String path, String user) {
      return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Basic " + Base64.getEncoder()
              .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
    }

    String startProbe() throws Exception {
      HttpResponse<String> started = post("/engine-rest/process-definition/key/cluster-probe/start",
          Map.of("variables", Map.of("townshipId", Map.of("value", "qingshan"))));
      assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
      return JSON.readTree(started.body()).get("id").asText();
    }
  }

  /** The test JVM's classpath without the test classes: what a deployed node would have. */
  static String applicationClasspath() throws IOException {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar") && entry.contains("surefire")) {
        // surefire's manifest-only jar: the real classpath is in its manifest
        try (JarFile jar = new JarFile(entry)) {
          Manifest manifest = jar.getManifest();
          String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
          if (classPath != null) {
            for (String url : classPath.split(" ")) {
              entries.add(Path.of(URI.create(url)).toString());
            }
            continue;
          }
        }
      }
      entries.add(entry);
    }
    entries.removeIf(e -> e.contains("test-classes") || e.contains("surefire"));
    return String.join(File.pathSeparator, entries);
  }

  @BeforeAll
  static void startCluster() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    db = new JdbcTemplate(postgres.getPostgresDatabase());
    a = new Node("node-a");
    b = new Node("node-b");
    // both at once on the empty database, as after a first install: one creates the schema, users and deployments
    // while the other waits for it (StartupLock), then finds them
    long launched = System.nanoTime();
    for (Node node : new Node[] {a, b}) {
      Files.deleteIfExists(node.log());
      node.launch();
    }
    a.awaitUp();
    double aUp = (System.nanoTime() - launched) / 1e9;
    b.awaitUp();
    double bothUp = (System.nanoTime() - launched) / 1e9;
    assertThat(Files.readString(a.log()) + Files.readString(b.log()))
        .as("one node waited for the other's start").contains("Another node is starting on this database");
    System.out.printf("cluster: both nodes started at once on an empty database, one waited for the other: node-a up "
        + "after %.1f s, both after %.1f s%n", aUp, bothUp);
    // analysts' test models: the probe (two asynchronous continuations and a timer per case) and a task to race for
    byte[] model = Files.readAllBytes(Path.of("src/test/resources/cluster/cluster-probe.bpmn"));
    String boundary = "----cluster" + System.nanoTime();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\ncluster\r\n--"
        + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"cluster-probe.bpmn\"\r\n"
        + "Content-Type: application/xml\r\n\r\n";
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.write(head.getBytes(StandardCharsets.UTF_8));
    body.write(model);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> deployed = HTTP.send(a.request("/engine-rest/deployment/create")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (Node node : new Node[] {a, b}) {
      if (node != null && node.process != null) {
        node.kill();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void aTaskCompletedFromBothNodesAtOnceSucceedsExactlyOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int conflicts = 0;
    int notFound = 0;
    for (int round = 0; round < 10; round++) {
      HttpResponse<String> started = a.post("/engine-rest/process-definition/key/cluster-task/start",
          Map.of("variables", Map.of("townshipId", Map.of("value", "qingshan"))));
      String instance = JSON.readTree(started.body()).get("id").asText();
      JsonNode tasks = JSON.readTree(b.get("/engine-rest/task?processInstanceId=" + instance).body());
      String task = tasks.get(0).get("id").asText();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (Node node : new Node[] {a, b}) {
        calls.add(pool.submit(() -> {
          go.await();
          return node.post("/engine-rest/task/" + task + "/complete", Map.of());
        }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get();
        statuses.add(response.statusCode());
        if (response.statusCode() == 409) {
          assertThat(response.body()).contains("本次操作未生效");
          conflicts++;
        } else if (response.statusCode() != 204) {
          notFound++;
          assertThat(response.statusCode()).as(response.body()).isIn(400, 404);
        }
      }
      assertThat(statuses).as("round %d", round).containsOnlyOnce(204);
      assertThat(db.queryForObject("SELECT COUNT(*) FROM act_hi_taskinst WHERE id_ = ? AND end_time_ IS NOT NULL",
          Long.class, task)).isEqualTo(1);
      assertThat(db.queryForObject("SELECT end_act_id_ FROM act_hi_procinst WHERE id_ = ?", String.class, instance))
          .isEqualTo("End_Task");
    }
    pool.shutdown();
    System.out.printf("cluster: 10 races for one task: 10 completed once, losers answered 409 %d times, "
        + "'task gone' %d times%n", conflicts, notFound);
  }

  /**
   * The application itself rather than a probe: delegated-review cases registered at both nodes at once, their
   * statutory timers (行政许可法第三十二条 deemed acceptance, the 好差评 rating period) run by whichever node's job
   * executor takes them, and each step decided through the other node than the step before.
   */
  @Test
  @Order(2)
  void realCasesRunThroughBothNodesWithTheirStatutoryTimers() throws Exception {
    int cases = 40;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<JsonNode>> registrations = new ArrayList<>();
    for (int i = 0; i < cases; i++) {
      Node node = i % 2 == 0 ? a : b;
      String clerk = i / 2 % 2 == 0 ? "qs-clerk" : "bs-clerk"; // each township at both nodes
      registrations.add(pool.submit(() -> {
        HttpResponse<String> registered = node.send("POST", "/api/applications",
            ApplicationBuilder.anApplication().json(), clerk);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return JSON.readTree(registered.body());
      }));
    }
    Map<String, String> receipts = new LinkedHashMap<>(); // process instance → receipt number
    for (Future<JsonNode> registration : registrations) {
      JsonNode answer = registration.get();
      receipts.put(answer.get("processInstanceId").asText(), answer.get("receiptNo").asText());
    }
    // numbered per township and day with no gap and no repeat, though both nodes numbered at once
    Map<String, List<Integer>> numbers = receipts.values().stream().collect(Collectors.groupingBy(
        no -> no.substring(0, no.lastIndexOf('-')), TreeMap::new,
        Collectors.mapping(no -> Integer.parseInt(no.substring(no.lastIndexOf('-') + 1)), Collectors.toList())));
    numbers.forEach((day, sequence) -> assertThat(sequence).as(day)
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, sequence.size()).boxed().toList()));
    assertThat(numbers.keySet()).anyMatch(day -> day.startsWith("QS-")).anyMatch(day -> day.startsWith("BS-"));
    String instances = sqlList(receipts.keySet());

    List<String> timers = new ArrayList<>(makeDue("Timer_AcceptanceDeadline", cases));
    assertThat(awaitCount("SELECT COUNT(*) FROM act_ru_task WHERE task_def_key_ = 'Task_Review' AND proc_inst_id_ IN ("
        + instances + ")", cases, Duration.ofSeconds(180))).as("cases deemed accepted, waiting at 审查").isEqualTo(cases);
    // the 受理通知书 both nodes' job executors issued carry 文号 per organ and year, with no gap and no repeat
    Map<String, List<Integer>> docNos = db.queryForList("SELECT organ, doc_no FROM tw_document WHERE kind = 'ACCEPTED' "
        + "AND process_instance_id IN (" + instances + ")").stream().collect(Collectors.groupingBy(
            row -> (String) row.get("organ"), TreeMap::new, Collectors.mapping(row -> {
              String docNo = (String) row.get("doc_no");
              return Integer.parseInt(docNo.substring(docNo.indexOf('〕') + 1, docNo.length() - 1));
            }, Collectors.toList())));
    assertThat(docNos.keySet()).containsExactly("白石乡人民政府", "青山镇人民政府");
    docNos.forEach((organ, sequence) -> assertThat(sequence).as(organ).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(java.util.Collections.min(sequence),
            java.util.Collections.min(sequence) + sequence.size() - 1).boxed().toList()));
    assertThat(docNos.values().stream().mapToInt(List::size).sum()).isEqualTo(cases);

    List<Future<Object>> decided = new ArrayList<>();
    int i = 0;
    for (String receiptNo : receipts.values()) {
      String prefix = receiptNo.startsWith("QS-") ? "qs-" : "bs-";
      Node one = i++ % 2 == 0 ? a : b;
      Node other = one == a ? b : a;
      decided.add(pool.submit(() -> {
        complete(one, receiptNo, "Task_Review", prefix + "reviewer",
            Map.of("reviewResult", "approve", "reviewOpinion", "符合一户一宅，面积未超标准"));
        complete(other, receiptNo, "Task_LeaderSignOff", prefix + "leader",
            Map.of("leaderDecision", "agree", "leaderOpinion", "同意"));
        complete(one, receiptNo, "Task_IssueAtWindow", prefix + "clerk",
            Map.of("deliveryMethod", "window", "decisionDelivered", true));
        return null;
      }));
    }
    for (Future<Object> decision : decided) {
      decision.get();
    }
    pool.shutdown();

    timers.addAll(makeDue("Timer_RatingPeriod", cases));
    assertThat(awaitCount("SELECT COUNT(*) FROM act_hi_procinst WHERE id_ IN (" + instances + ") AND end_act_id_ = "
        + "'End_Issued'", cases, Duration.ofSeconds(60))).as("cases issued and closed").isEqualTo(cases);
    for (String[] called : new String[][] {{"window-intake", "End_DeemedAccepted"},
        {"satisfaction-rating", "End_NotRated"}}) {
      assertThat(db.queryForObject("SELECT COUNT(*) FROM act_hi_procinst WHERE super_process_instance_id_ IN ("
          + instances + ") AND proc_def_key_ = ? AND end_act_id_ = ?", Long.class, (Object[]) called))
          .as("%s ended at %s", called[0], called[1]).isEqualTo(cases);
    }
    String timerJobs = sqlList(timers);
    assertThat(db.queryForList("SELECT job_id_ FROM act_hi_job_log WHERE job_state_ = 2 AND job_id_ IN (" + timerJobs
        + ") GROUP BY job_id_ HAVING COUNT(*) > 1", String.class)).as("timers that ran twice").isEmpty();
    assertThat(db.queryForObject("SELECT COUNT(DISTINCT job_id_) FROM act_hi_job_log WHERE job_state_ = 2 "
        + "AND job_id_ IN (" + timerJobs + ")", Long.class)).as("timers that ran").isEqualTo(2L * cases);
    assertThat(db.queryForList("SELECT proc_inst_id_ FROM act_hi_actinst WHERE root_proc_inst_id_ IN (" + instances
        + ") GROUP BY proc_inst_id_, act_id_ HAVING COUNT(*) > 1", String.class)).as("steps done twice").isEmpty();
    assertThat(db.queryForObject("SELECT COUNT(*) FROM act_ru_job WHERE process_def_key_ IN "
        + "('delegated-review', 'window-intake', 'satisfaction-rating')", Long.class)).as("jobs left over").isZero();
    // what the nodes wrote beside the engine: each notice once, each case once in the supervision figures
    String receiptNos = sqlList(receipts.values());
    assertNoNoticeTwice(receiptNos);
    for (String kind : List.of("RECEIPT", "DECISION")) {
      assertThat(db.queryForObject("SELECT COUNT(DISTINCT receipt_no) FROM tw_notice WHERE kind = ? AND receipt_no IN ("
          + receiptNos + ")", Long.class, kind)).as("cases with a %s notice", kind).isEqualTo(cases);
    }
    assertThat(db.queryForObject("SELECT COUNT(*) FROM tw_case_fact WHERE process_instance_id IN (" + instances
        + ") AND completed_at IS NOT NULL", Long.class)).as("cases the supervision figures count as completed")
        .isEqualTo(cases);
    Map<String, Object> byNode = jobsRunByNode("job_id_ IN (" + timerJobs + ")");
    System.out.printf("cluster: %d delegated-review cases registered at both nodes at once (%s), %d statutory timers "
        + "run once each (node-a %s, node-b %s), %d tasks decided through alternating nodes, all issued%n",
        cases, numbers.keySet(), 2 * cases, byNode.get("a"), byNode.get("b"), 3 * cases);
  }

  /**
   * A county department's system posts its decision on a forwarded case to both nodes at once (a retry through a
   * second gateway, say): it counts once, and the other call is told so with a 409, never a 500.
   */
  @Test
  @Order(3)
  void aCountyDecisionPostedToBothNodesAtOnceCountsOnce() throws Exception {
    int cases = 10;
    List<String> loggingMaterials = List.of("林木采伐申请书", "申请人身份证明", "林木权属证明", "伐区调查设计或采伐作业说明");
    Map<String, String> queryCodes = new LinkedHashMap<>(); // receipt number → query code
    for (int i = 0; i < cases; i++) {
      Node one = i % 2 == 0 ? a : b;
      Node other = one == a ? b : a;
      HttpResponse<String> registered = one.send("POST", "/api/applications",
          ApplicationBuilder.anApplication().forMatter("FOREST_LOGGING").json(), "qs-clerk");
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
      JsonNode answer = JSON.readTree(registered.body());
      String receiptNo = answer.get("receiptNo").asText();
      queryCodes.put(receiptNo, answer.get("queryCode").asText());
      complete(other, receiptNo, "Task_CheckCompleteness", "qs-clerk", Map.of("acceptable", true,
          "receivedMaterials", Map.of("value", JSON.writeValueAsString(loggingMaterials), "type", "Json")));
      complete(one, receiptNo, "Task_PreExamine", "qs-preexaminer",
          Map.of("preExamResult", "pass", "preliminaryOpinion", "agree", "preExamOpinion", "符合转报条件"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int raced = 0;
    for (Map.Entry<String, String> forwarded : queryCodes.entrySet()) {
      Map<String, Object> decision = Map.of("queryCode", forwarded.getValue(), "department", "county-forestry",
          "decision", "approve", "opinion", "经现场核实，采伐量在年度限额内");
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (Node node : new Node[] {a, b}) {
        calls.add(pool.submit(() -> {
          go.await();
          return node.send("POST", "/api/cases/" + forwarded.getKey() + "/level-decision", decision, "xlj-reviewer");
        }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get();
        statuses.add(response.statusCode());
        if (response.statusCode() != 200) {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
          String message = JSON.readTree(response.body()).get("message").asText();
          assertThat(message).isIn(EngineRestErrors.CONCURRENT_CHANGE, "该案件当前不在等待“county-forestry”作出决定。");
          raced += EngineRestErrors.CONCURRENT_CHANGE.equals(message) ? 1 : 0;
        }
      }
      assertThat(statuses).as(forwarded.getKey()).containsOnlyOnce(200);
    }
    pool.shutdown();
    String receiptNos = sqlList(queryCodes.keySet());
    assertThat(db.queryForObject("SELECT COUNT(*) FROM act_hi_actinst a JOIN act_hi_procinst p ON p.id_ = "
        + "a.proc_inst_id_ WHERE p.business_key_ IN (" + receiptNos + ") AND a.act_id_ = 'Task_RecordExternalDecision'",
        Long.class)).as("decisions recorded").isEqualTo(cases);
    assertThat(db.queryForObject("SELECT COUNT(*) FROM act_ru_task WHERE task_def_key_ = 'Task_IssueAtWindow' AND "
        + "proc_inst_id_ IN (SELECT id_ FROM act_ru_execution WHERE business_key_ IN (" + receiptNos + "))",
        Long.class)).as("cases back at the township window").isEqualTo(cases);
    // the winner told the applicant (上级审查结果告知); the losing transaction wrote nothing of its own
    assertThat(db.queryForObject("SELECT COUNT(DISTINCT receipt_no) FROM tw_notice WHERE kind = 'LEVEL_DECISION' AND "
        + "receipt_no IN (" + receiptNos + ")", Long.class)).isEqualTo(cases);
    assertNoNoticeTwice(receiptNos);
    System.out.printf("cluster: %d county decisions posted to both nodes at once: each recorded once; the other call "
        + "409 every time (%d lost the race inside the engine, %d found the case already decided)%n",
        cases, raced, cases - raced);
  }

  /**
   * Lets the given timers' periods pass: their due dates set a minute back in the shared database, as time would. Not
   * over the job API: nobody may move a case's statutory deadline there (StatutoryTimerGuard), an operator included.
   */
  static List<String> makeDue(String timer, int expected) throws Exception {
    JsonNode jobs = JSON.readTree(a.get("/engine-rest/job?activityId=" + timer).body());
    assertThat(jobs).as("open %s timers", timer).hasSize(expected);
    Timestamp passed = new Timestamp(System.currentTimeMillis() - 60_000);
    List<String> ids = new ArrayList<>();
    for (JsonNode job : jobs) {
      String id = job.get("id").asText();
      assertThat(db.update("UPDATE act_ru_job SET duedate_ = ? WHERE id_ = ?", passed, id)).as(id).isEqualTo(1);
      ids.add(id);
    }
    return ids;
  }

  static void complete(Node node, String receiptNo, String step, String user, Map<String, Object> values)
      throws Exception {
    HttpResponse<String> found = node.get("/engine-rest/task?processInstanceBusinessKey=" + receiptNo
        + "&taskDefinitionKey=" + step, user);
    JsonNode tasks = JSON.readTree(found.body());
    assertThat(tasks).as("%s of %s for %s: %s", step, receiptNo, user, found.body()).hasSize(1);
    Map<String, Object> variables = new LinkedHashMap<>();
    // a value given as {value, type} (Json, as Tasklist sends a checklist) is passed as it is
    values.forEach((name, value) -> variables.put(name, value instanceof Map ? value : Map.of("value", value)));
    HttpResponse<String> completed = node.send("POST", "/engine-rest/task/" + tasks.get(0).get("id").asText()
        + "/complete", Map.of("variables", variables), user);
    assertThat(completed.statusCode()).as("%s of %s: %s", step, receiptNo, completed.body()).isEqualTo(204);
  }

  /**
   * The outbox on two nodes: a burst of registrations on both, each with its receipt message, while both nodes' senders
   * claim due messages every 200 ms. Every message is sent, none twice (neither in the delivery table nor in the
   * nodes' logs, which the gateway writes outside any transaction), and neither the phone number, the applicant's name
   * nor a query code appears in a log.
   */
  @Test
  @Order(4)
  void aMessageIsSentExactlyOnceWhenBothNodesRunTheSender() throws Exception {
    int cases = 30;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<com.fasterxml.jackson.databind.JsonNode>> registered = new ArrayList<>();
    for (int i = 0; i < cases; i++) {
      Node node = i % 2 == 0 ? a : b;
      String clerk = i / 2 % 2 == 0 ? "qs-clerk" : "bs-clerk";
      registered.add(pool.submit(() -> {
        HttpResponse<String> answer = node.send("POST", "/api/applications", ApplicationBuilder.anApplication().json(),
            clerk);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return JSON.readTree(answer.body());
      }));
    }
    List<String> receiptNos = new ArrayList<>();
    List<String> queryCodes = new ArrayList<>();
    for (Future<com.fasterxml.jackson.databind.JsonNode> registration : registered) {
      receiptNos.add(registration.get().get("receiptNo").asText());
      queryCodes.add(registration.get().get("queryCode").asText());
    }
    assertThat(queryCodes).as("query codes").allMatch(code -> code.matches("\\d{8}"));
    pool.shutdown();
    String numbers = sqlList(receiptNos);
    assertThat(db.queryForObject("SELECT COUNT(*) FROM tw_message WHERE template_code = 'RECEIPT' AND receipt_no IN ("
        + numbers + ")", Long.class)).as("receipt messages enqueued").isEqualTo(cases);
    assertThat(awaitCount("SELECT COUNT(*) FROM tw_message WHERE status <> 'SENT'", 0, Duration.ofSeconds(60)))
        .as("messages not sent yet").isZero();

    long messages = db.queryForObject("SELECT COUNT(*) FROM tw_message", Long.class);
    assertThat(db.queryForList("SELECT message_id FROM tw_message_delivery GROUP BY message_id HAVING COUNT(*) > 1",
        String.class)).as("messages delivered twice").isEmpty();
    assertThat(db.queryForObject("SELECT COUNT(DISTINCT message_id) FROM tw_message_delivery", Long.class))
        .as("messages delivered").isEqualTo(messages);
    Map<String, Long> byNode = new TreeMap<>();
    db.queryForList("SELECT node, COUNT(*) AS n FROM tw_message_delivery GROUP BY node").forEach(row ->
        byNode.put((String) row.get("node"), ((Number) row.get("n")).longValue()));
    assertThat(byNode.keySet()).as("nodes that sent").containsExactly("node-a", "node-b");

    // the gateway's log lines are written outside the transaction: a second send would show here
    Map<String, Long> logged = new TreeMap<>();
    for (Node node : new Node[] {a, b}) {
      for (String line : Files.readAllLines(node.log())) {
        if (line.contains("短信")) {
          assertThat(line).as("a phone number in %s's log", node.name).doesNotContain("13800138000");
          // the message's text is never logged: it carries the applicant's name and the query code
          assertThat(line).as("the applicant's name in %s's log", node.name).doesNotContain("王大山");
          for (String code : queryCodes) {
            assertThat(line).as("a query code in %s's log", node.name).doesNotContain(code);
          }
        }
        int at = line.indexOf("短信已发送 message=");
        if (at >= 0) {
          logged.merge(line.substring(at).split("[ =]")[2], 1L, Long::sum);
        }
      }
    }
    assertThat(logged).as("messages logged as sent").hasSize((int) messages);
    assertThat(logged.values()).as("messages logged as sent more than once").containsOnly(1L);
    System.out.printf("cluster: %d messages sent exactly once by two nodes' senders (%s)%n", messages, byNode);
  }

  /** Our own tables share the engine's transaction: a step run twice, or a loser not rolled back, shows here. */
  static void assertNoNoticeTwice(String receiptNos) {
    assertThat(db.queryForList("SELECT receipt_no FROM tw_notice WHERE receipt_no IN (" + receiptNos + ") "
        + "GROUP BY receipt_no, kind, recipient HAVING COUNT(*) > 1", String.class)).as("notices given twice").isEmpty();
  }

  static long awaitCount(String sql, long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long count = -1;
    while (System.nanoTime() < deadline && (count = db.queryForObject(sql, Long.class)) != expected) {
      Thread.sleep(500);
    }
    return count;
  }

  static String sqlList(Collection<String> ids) {
    return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
  }

  @Test
  @Order(5)
  void jobsRunExactlyOnceAndNothingIsLostWhenANodeIsKilled() throws Exception {
    List<String> started = new ArrayList<>();
    Map<String, Timestamp> heldByA = Map.of(); // job → lock expiry, locked by node-a when it died
    long killedAt = 0;
    for (int i = 0; i < CASES; i++) {
      Node node = killedAt == 0 && i % 2 == 1 ? a : b; // alternating, then all on the survivor
      started.add(node.startProbe());
      if (i == CASES / 2) {
        // kill node A while it holds locked jobs (acquired, queued or running): only their expiry frees them.
        // Frozen first (SIGSTOP), so what it holds is read exactly and cannot finish before the SIGKILL.
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int idle = 0;
        while (heldByA.isEmpty() && System.nanoTime() < until) {
          if (lockedBy("node-a").isEmpty()) {
            // node-a may have run all it had (a fast machine) or not yet acquired any (a loaded one): give it more
            if (++idle % 100 == 0) {
              started.add(a.startProbe());
            }
            Thread.sleep(5);
            continue;
          }
          a.signal("STOP");
          Thread.sleep(200); // a commit already sent to PostgreSQL still lands
          heldByA = lockedBy("node-a");
          if (heldByA.isEmpty()) {
            a.signal("CONT");
          }
        }
        a.kill();
        killedAt = System.nanoTime();
      }
    }
    assertThat(heldByA).as("jobs node-a held when it was killed (none: the kill proved nothing)").isNotEmpty();
    awaitEnded(started, Duration.ofSeconds(120));
    double recovery = (System.nanoTime() - killedAt) / 1e9;
    assertCasesEndedAndJobsRanOnce(started);
    // each job the dead node held was run by node-b, once, and only after the dead node's lock had expired
    List<Map<String, Object>> takenOver = db.queryForList("SELECT job_id_, hostname_, timestamp_ FROM act_hi_job_log "
        + "WHERE job_state_ = 2 AND job_id_ IN (" + sqlList(heldByA.keySet()) + ")");
    assertThat(takenOver).hasSize(heldByA.size());
    for (Map<String, Object> run : takenOver) {
      assertThat(run.get("hostname_")).as("job %s", run.get("job_id_")).isEqualTo("node-b");
      assertThat((Timestamp) run.get("timestamp_")).as("job %s ran after its lock expired", run.get("job_id_"))
          .isAfterOrEqualTo(heldByA.get((String) run.get("job_id_")));
    }
    Map<String, Object> byNode = jobsRunByNode("process_def_key_ = 'cluster-probe'");
    System.out.printf("cluster: %d cases, %d jobs run once each (node-a %s, node-b %s), duplicates 0, lost 0; node-a "
            + "killed after %d starts holding %d locked jobs, all taken over by node-b after their locks expired; "
            + "all cases ended %.1f s after the kill (lock time %d s)%n",
        started.size(), 3 * started.size(), byNode.get("a"), byNode.get("b"), CASES / 2 + 1, heldByA.size(), recovery,
        LOCK_TIME.toSeconds());
    assertThat(((Number) byNode.get("a")).longValue()).as("node-a ran jobs before it was killed").isPositive();
  }

  /** Successful job runs per node (keys a and b) among the jobs the condition on ACT_HI_JOB_LOG selects. */
  static Map<String, Object> jobsRunByNode(String condition) {
    return db.queryForMap("SELECT SUM(CASE WHEN hostname_ = 'node-a' THEN 1 ELSE 0 END) a, "
        + "SUM(CASE WHEN hostname_ = 'node-b' THEN 1 ELSE 0 END) b FROM act_hi_job_log WHERE job_state_ = 2 AND "
        + condition);
  }

  /** Jobs whose lock carries the node's name (JobLockOwner), with the time each lock expires. */
  static Map<String, Timestamp> lockedBy(String node) {
    Map<String, Timestamp> locked = new LinkedHashMap<>();
    db.query("SELECT id_, lock_exp_time_ FROM act_ru_job WHERE lock_owner_ LIKE ?",
        row -> {
          locked.put(row.getString(1), row.getTimestamp(2));
        }, node + "#%");
    return locked;
  }

  @Test
  @Order(6)
  void theKilledNodeRejoinsAndCarriesOnAlone() throws Exception {
    long restart = System.nanoTime();
    a.start();
    double rejoin = (System.nanoTime() - restart) / 1e9;
    b.kill(); // from now on only the restarted node can run the jobs
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      started.add(a.startProbe());
    }
    awaitEnded(started, Duration.ofSeconds(90));
    assertCasesEndedAndJobsRanOnce(started);
    Long byA = db.queryForObject("SELECT COUNT(*) FROM act_hi_job_log WHERE job_state_ = 2 AND hostname_ = 'node-a' "
        + "AND process_instance_id_ IN (" + sqlList(started) + ")",
        Long.class);
    assertThat(byA).isEqualTo(90);
    System.out.printf("cluster: node-a restarted in %.1f s, node-b killed, node-a ran all 90 jobs of 30 new cases%n",
        rejoin);
  }

  static void awaitEnded(List<String> instances, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String ids = sqlList(instances);
    while (System.nanoTime() < deadline) {
      Long ended = db.queryForObject("SELECT COUNT(*) FROM act_hi_procinst WHERE id_ IN (" + ids + ") "
          + "AND end_time_ IS NOT NULL", Long.class);
      if (ended != null && ended == instances.size()) {
        return;
      }
      Thread.sleep(500);
    }
  }

  static void assertCasesEndedAndJobsRanOnce(List<String> instances) {
    String ids = sqlList(instances);
    assertThat(db.queryForObject("SELECT COUNT(*) FROM act_hi_procinst WHERE id_ IN (" + ids + ") "
        + "AND end_act_id_ = 'End_Probe'", Long.class)).as("cases that reached their end (lost = the rest)")
        .isEqualTo(instances.size());
    assertThat(db.queryForObject("SELECT COUNT(*) FROM act_ru_job WHERE process_instance_id_ IN (" + ids + ")",
        Long.class)).as("jobs left over").isZero();
    assertThat(db.queryForList("SELECT job_id_ FROM act_hi_job_log WHERE job_state_ = 2 AND process_instance_id_ IN ("
        + ids + ") GROUP BY job_id_ HAVING COUNT(*) > 1", String.class)).as("jobs that ran twice").isEmpty();
    assertThat(db.queryForObject("SELECT COUNT(DISTINCT job_id_) FROM act_hi_job_log WHERE job_state_ = 2 "
        + "AND process_instance_id_ IN (" + ids + ")", Long.class)).as("jobs that ran").isEqualTo(3L * instances.size());
    assertThat(db.queryForList("SELECT proc_inst_id_ FROM act_hi_actinst WHERE proc_inst_id_ IN (" + ids + ") "
        + "GROUP BY proc_inst_id_, act_id_ HAVING COUNT(*) > 1", String.class)).as("steps done twice").isEmpty();
  }
}
