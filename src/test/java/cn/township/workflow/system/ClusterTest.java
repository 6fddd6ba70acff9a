package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
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
          "--spring.main.banner-mode=off"));
      Files.createDirectories(LOGS);
      File log = LOGS.resolve(name + ".log").toFile();
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
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

    /** SIGKILL: no shutdown hook, no unlocking of jobs, transactions in flight die with it. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
      return HTTP.send(request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:demo".getBytes(StandardCharsets.UTF_8)));
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
    a.start(); // creates the schema, users and deployments; the second node finds them
    b.start();
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

  @Test
  @Order(2)
  void jobsRunExactlyOnceAndNothingIsLostWhenANodeIsKilled() throws Exception {
    List<String> started = new ArrayList<>();
    long killedAt = 0;
    for (int i = 0; i < CASES; i++) {
      Node node = killedAt == 0 && i % 2 == 1 ? a : b; // alternating, then all on the survivor
      started.add(node.startProbe());
      if (i == CASES / 2) {
        Thread.sleep(1500); // let node A acquire and lock a batch of jobs
        a.kill();
        killedAt = System.nanoTime();
      }
    }
    long lockedByDeadNode = db.queryForObject("SELECT COUNT(*) FROM act_ru_job WHERE lock_owner_ IS NOT NULL "
        + "AND lock_exp_time_ > now()", Long.class);
    awaitEnded(started, Duration.ofSeconds(120));
    double recovery = (System.nanoTime() - killedAt) / 1e9;
    assertCasesEndedAndJobsRanOnce(started);
    Map<String, Object> byNode = db.queryForMap("SELECT SUM(CASE WHEN hostname_ = 'node-a' THEN 1 ELSE 0 END) a, "
        + "SUM(CASE WHEN hostname_ = 'node-b' THEN 1 ELSE 0 END) b FROM act_hi_job_log WHERE job_state_ = 2 "
        + "AND process_def_key_ = 'cluster-probe'");
    System.out.printf("cluster: %d cases, %d jobs run once each (node-a %s, node-b %s), duplicates 0, lost 0; node-a "
            + "killed after %d starts with %d jobs locked; all cases ended %.1f s after the kill (lock time %d s)%n",
        CASES, 3 * CASES, byNode.get("a"), byNode.get("b"), CASES / 2 + 1, lockedByDeadNode, recovery,
        LOCK_TIME.toSeconds());
    assertThat(((Number) byNode.get("a")).longValue()).as("node-a ran jobs before it was killed").isPositive();
  }

  @Test
  @Order(3)
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
        + "AND process_instance_id_ IN (" + String.join(",", started.stream().map(id -> "'" + id + "'").toList()) + ")",
        Long.class);
    assertThat(byA).isEqualTo(90);
    System.out.printf("cluster: node-a restarted in %.1f s, node-b killed, node-a ran all 90 jobs of 30 new cases%n",
        rejoin);
  }

  static void awaitEnded(List<String> instances, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String ids = String.join(",", instances.stream().map(id -> "'" + id + "'").toList());
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
    String ids = String.join(",", instances.stream().map(id -> "'" + id + "'").toList());
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
