package cn.township.workflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import cn.township.workflow.catalog.CalendarUpdate;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.Townships;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.identity.Group;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Issue 20's export figures, outside {@code mvn test}: {@code mvn test -Pbenchmark -Dbench.test=ReportBenchmark#h2}
 * (or {@code #postgres}, embedded PostgreSQL). Loads two years of cases into the reporting tables
 * ({@link ReportingTablesAtScale}; by default 615,000 finished cases and 10,250 open ones, so that this year holds
 * about 250,000 cases and well over 1,000,000 steps: a county's year), then downloads the whole county's year as
 * /api/metrics/report.xlsx does, twice: once timed, once with the live heap sampled after a GC every 200 ms (the
 * extra heap the export holds, not the garbage it leaves). Prints lines starting {@code bench:}.
 * {@code -Dscale.cases=60000} for a quick run; {@code -Dbench.reuse=true} to measure again on the loaded database.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ReportBenchmark {

  static {
    // two years of history: this year (to 24 November) and the year before, ~250,000 cases accepted this year
    System.setProperty("scale.cases", System.getProperty("scale.cases", "615000"));
    System.setProperty("scale.years", System.getProperty("scale.years", "2"));
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /** A response that only counts what is written (as a servlet container streams it to the browser). */
  static final class Counting extends ServletOutputStream {
    final AtomicLong bytes = new AtomicLong();

    @Override
    public void write(int b) {
      bytes.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes.addAndGet(len);
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {}
  }

  @Test
  void h2() throws Exception {
    Path dir = Path.of("target", "bench", "report-h2");
    Files.createDirectories(dir);
    // -Dbench.reuse=true: measure again on the database the last run loaded
    boolean reuse = Boolean.getBoolean("bench.reuse") && Files.exists(dir.resolve("report.mv.db"));
    if (!reuse) {
      for (String file : List.of("report.mv.db", "report.trace.db")) {
        Files.deleteIfExists(dir.resolve(file));
      }
    }
    // as the application: a connection pool (the database stays open) on an H2 file database, 64 MB page cache
    try (HikariDataSource h2 = pool("jdbc:h2:file:" + dir.toAbsolutePath().resolve("report") + ";CACHE_SIZE=65536")) {
      measure("H2 " + org.h2.engine.Constants.VERSION, h2, reuse, () -> 0L); // H2 works in the exporting thread
    }
  }

  @Test
  void postgres() throws Exception {
    Path dir = Path.of("target", "bench", "report-pg").toAbsolutePath();
    boolean reuse = Boolean.getBoolean("bench.reuse") && Files.exists(dir.resolve("postgresql.conf"));
    if (!reuse && Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
    // never cleaned by the library: it would delete the loaded database when it stops
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
        .start(); HikariDataSource pg = pool(postgres.getJdbcUrl("postgres", "postgres"))) {
      measure("PostgreSQL " + new JdbcTemplate(pg).queryForObject("SHOW server_version", String.class) + " (embedded)",
          pg, reuse, () -> serverCpuMillis(dir));
    }
  }

  private static HikariDataSource pool(String url) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setMaximumPoolSize(4);
    return pool;
  }

  /**
   * CPU time the PostgreSQL server has used so far (Linux /proc, clock ticks of 10 ms): the postmaster, the children
   * it has reaped (parallel workers) and its live children (the pool's backends). The export's wall time on a machine
   * of its own is about this plus the exporting thread's CPU time, which a shared machine cannot show.
   */
  static long serverCpuMillis(Path dataDirectory) {
    try {
      String postmaster = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip();
      long ticks = 0;
      try (var processes = Files.list(Path.of("/proc"))) {
        for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          String[] stat;
          try {
            String line = Files.readString(process.resolve("stat"));
            stat = line.substring(line.lastIndexOf(')') + 2).split(" "); // fields from the 3rd on
          } catch (java.io.IOException | RuntimeException gone) {
            continue;
          }
          boolean self = process.getFileName().toString().equals(postmaster);
          if (self || stat[1].equals(postmaster)) { // ppid
            ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime, stime
            if (self) {
              ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]); // reaped children
            }
          }
        }
      }
      return ticks * 10;
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  void measure(String database, DataSource dataSource, boolean reuse, java.util.function.LongSupplier serverCpu)
      throws Exception {
    ClockUtil.setCurrentTime(java.util.Date.from(SupervisionFiguresAtScale.NOW.toInstant()));
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    long loadStart = System.nanoTime();
    SupervisionFiguresAtScale.schema(dataSource); // on a reused database: the migrations added since it was loaded
    if (!reuse) {
      SupervisionFiguresAtScale.load(dataSource);
    }
    if (database.startsWith("PostgreSQL")) {
      // what autovacuum does after a bulk load (statistics, visibility map for index-only scans)
      jdbc.execute("VACUUM ANALYZE");
    }
    long loadSeconds = Duration.ofNanos(System.nanoTime() - loadStart).toSeconds();
    // the engine's open tasks, which the 催办 count looks up: none here (the benchmark has no engine)
    jdbc.execute("CREATE TABLE IF NOT EXISTS ACT_RU_TASK (ID_ VARCHAR(64) PRIMARY KEY)");
    Townships townships = ReportingTablesAtScale.TOWNSHIPS;
    Deadlines deadlines = new Deadlines(SupervisionFiguresAtScale.ZONE);
    // the engine's names of groups (holders of steps), looked up once per group as in the application
    IdentityService identity = mock(IdentityService.class, RETURNS_DEEP_STUBS);
    Group group = mock(Group.class);
    when(group.getName()).thenReturn("审查组");
    when(identity.createGroupQuery().groupId(org.mockito.ArgumentMatchers.anyString()).singleResult()).thenReturn(group);
    SupervisionFigures figures = new SupervisionFigures(new NamedParameterJdbcTemplate(dataSource), deadlines,
        mock(RepositoryService.class, RETURNS_DEEP_STUBS), identity, townships);
    SupervisionScope scope = mock(SupervisionScope.class);
    when(scope.resolve(null)).thenReturn(townships.townships());
    when(scope.county()).thenReturn(true);
    SupervisionReport report = new SupervisionReport(figures, deadlines);
    MetricsController controller = new MetricsController(scope, figures, deadlines,
        mock(CalendarUpdate.class, RETURNS_DEEP_STUBS), report, new TownshipRanking(figures));
    String from = SupervisionFiguresAtScale.NOW.withDayOfYear(1).toLocalDate().toString();
    String to = SupervisionFiguresAtScale.NOW.toLocalDate().toString();
    java.sql.Timestamp yearStart = java.sql.Timestamp.valueOf(from + " 00:00:00");
    long yearCases = jdbc.queryForObject("SELECT COUNT(*) FROM tw_case_fact WHERE started_at >= ?", Long.class,
        yearStart);
    long yearSteps = jdbc.queryForObject("SELECT COUNT(*) FROM tw_step_fact WHERE started_at >= ? OR ended_at >= ? "
        + "OR ended_at IS NULL", Long.class, yearStart, yearStart);
    System.out.printf("bench: %s: %,d cases and %,d steps (%s in %d s); this year (%s to %s): %,d cases accepted, "
            + "%,d steps begun, ended or open; %s%n", database,
        jdbc.queryForObject("SELECT COUNT(*) FROM tw_case_fact", Long.class),
        jdbc.queryForObject("SELECT COUNT(*) FROM tw_step_fact", Long.class), reuse ? "reused" : "loaded",
        loadSeconds, from, to, yearCases, yearSteps, load());

    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // where the time goes: each part of the export's figures, then each streamed sheet with POI's cell writing
    // (wall and CPU time of this thread: H2 embedded and POI work in it; PostgreSQL's work is in its own process)
    SupervisionFigures.Filter year = new SupervisionFigures.Filter(townships.townships().stream()
        .map(Townships.Township::id).toList(), null, null,
        java.time.LocalDate.parse(from).atStartOfDay(SupervisionFiguresAtScale.ZONE).toInstant(),
        SupervisionFiguresAtScale.NOW.toLocalDate().plusDays(1).atStartOfDay(SupervisionFiguresAtScale.ZONE).toInstant());
    TownshipRanking ranking = new TownshipRanking(figures);
    SXSSFWorkbook[] book = new SXSSFWorkbook[1];
    ReportSheets[] sheets = new ReportSheets[1];
    java.util.Map<String, Runnable> parts = new java.util.LinkedHashMap<>();
    parts.put("cases", () -> figures.cases(year));
    parts.put("overdue", () -> figures.overdue(year));
    parts.put("steps", () -> figures.steps(year));
    parts.put("ratings", () -> figures.ratings(year));
    parts.put("enforcement", () -> figures.enforcement(year));
    parts.put("decisions", () -> figures.decisions(year));
    parts.put("forwarding", () -> figures.forwarding(year));
    parts.put("ranking", () -> ranking.rank(townships.townships(), year));
    parts.put("sheet 差评及处理 (eachBadRating)", () -> report.badRatings(sheets[0], year));
    parts.put("sheet 超期未办结 (eachOverdue)", () -> report.overdue(sheets[0], year));
    parts.put("sheet 双向考核评议 (eachEvaluation)", () -> report.evaluations(sheets[0], year));
    parts.put("sheet 办件明细 (eachCase)", () -> report.cases(sheets[0], year));
    parts.put("those four sheets zipped (book.write)", () -> {
      try {
        book[0].write(new Counting());
        book[0].close();
        book[0].dispose();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    for (int round = 0; round < 2; round++) { // the first round warms up the JIT
      int r = round;
      book[0] = SupervisionReport.workbook();
      sheets[0] = new ReportSheets(book[0], deadlines.zone());
      parts.forEach((name, part) -> {
        long start = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        part.run();
        System.out.printf("bench: round %d, part %s: %,d ms wall, %,d ms CPU%n", r + 1, name,
            Duration.ofNanos(System.nanoTime() - start).toMillis(), (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000);
      });
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int run = 0; run < 3; run++) {
      boolean sample = run == 2;
      System.gc();
      System.gc();
      long baseline = memory.getHeapMemoryUsage().getUsed();
      AtomicLong peak = new AtomicLong(baseline);
      AtomicBoolean done = new AtomicBoolean();
      Thread sampler = new Thread(() -> {
        while (!done.get()) {
          System.gc(); // what the export holds, not the garbage it has left
          peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      if (sample) {
        sampler.start();
      }
      Counting out = new Counting();
      HttpServletResponse response = mock(HttpServletResponse.class);
      when(response.getOutputStream()).thenReturn(out);
      String loadBefore = load();
      long server = serverCpu.getAsLong();
      long start = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      controller.report(null, null, null, from, to, response);
      long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
      long cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
      long serverMs = serverCpu.getAsLong() - server;
      done.set(true);
      sampler.join();
      assertThat(out.bytes.get()).isPositive();
      if (sample) {
        System.out.printf("bench: %s: export with the live heap sampled (GC every 200 ms): %,d ms; live heap before "
            + "%,d MB, peak %,d MB: extra %,d MB%n", database, ms, baseline >> 20, peak.get() >> 20,
            (peak.get() - baseline) >> 20);
      } else {
        System.out.printf("bench: %s: export %d of the county's year: %,d ms wall, %,d ms CPU of the exporting "
            + "thread, %,d ms CPU of the database server, %,d bytes of xlsx (%,d cases in 办件明细); before: %s, "
            + "after: %s%n", database, run + 1, ms, cpuMs, serverMs, out.bytes.get(), yearCases, loadBefore, load());
      }
    }
  }

  /** The machine's load average (1, 5, 15 minutes), as uptime prints it: the 2 cores are shared. */
  static String load() {
    try {
      String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return "load average " + avg[0] + ", " + avg[1] + ", " + avg[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
  }
}
