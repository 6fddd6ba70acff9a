package cn.township.workflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import cn.township.workflow.catalog.CalendarUpdate;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.Townships;
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
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Issue 20's export figures, outside {@code mvn test}: {@code mvn test -Pbenchmark -Dbench.test=ReportBenchmark}.
 * Loads three years of cases into the reporting tables of an H2 file database (by default 750 000 cases, so that the
 * last year holds about 250 000 cases and 1 000 000 steps: a county's year), then downloads the whole county's
 * year as /api/metrics/report.xlsx does, twice: once timed, once with the live heap sampled after a GC every
 * 200 ms (the extra heap the export holds, not the garbage it leaves). Prints lines starting {@code bench:}.
 * {@code -Dscale.cases=150000} for a quick run on a loaded machine.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ReportBenchmark {

  static {
    // SupervisionFiguresAtScale's loader spreads its cases over three years
    System.setProperty("scale.cases", System.getProperty("scale.cases", "750000"));
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
  void aCountysYearStreams() throws Exception {
    ClockUtil.setCurrentTime(java.util.Date.from(SupervisionFiguresAtScale.NOW.toInstant()));
    Path dir = Path.of("target", "bench", "report-h2");
    Files.createDirectories(dir);
    // -Dbench.reuse=true: measure again on the database the last run loaded (loading takes minutes)
    boolean reuse = Boolean.getBoolean("bench.reuse") && Files.exists(dir.resolve("report.mv.db"));
    if (!reuse) {
      for (String file : List.of("report.mv.db", "report.trace.db")) {
        Files.deleteIfExists(dir.resolve(file));
      }
    }
    JdbcDataSource h2 = new JdbcDataSource();
    // open for the whole run, as the application's connection pool keeps it: without DB_CLOSE_DELAY every query
    // (no pool here) reopened the file database and its empty page cache, 0.5-0.8 s of CPU each
    h2.setURL("jdbc:h2:file:" + dir.toAbsolutePath().resolve("report") + ";CACHE_SIZE=65536;DB_CLOSE_DELAY=-1");
    long loadStart = System.nanoTime();
    if (!reuse) {
      SupervisionFiguresAtScale.schema(h2);
      SupervisionFiguresAtScale.load(h2);
    }
    JdbcTemplate jdbc = new JdbcTemplate(h2);
    // the engine's open tasks, which the 催办 count looks up: none here (the benchmark has no engine)
    jdbc.execute("CREATE TABLE IF NOT EXISTS ACT_RU_TASK (ID_ VARCHAR(64) PRIMARY KEY)");
    Townships townships = new Townships(List.of(new Townships.Township("qingshan", "青山镇", "QS", null),
        new Townships.Township("baishi", "白石乡", "BS", null)), "Asia/Shanghai");
    Deadlines deadlines = new Deadlines(SupervisionFiguresAtScale.ZONE);
    SupervisionFigures figures = new SupervisionFigures(new NamedParameterJdbcTemplate(h2), deadlines,
        mock(RepositoryService.class, RETURNS_DEEP_STUBS), mock(IdentityService.class, RETURNS_DEEP_STUBS), townships);
    SupervisionScope scope = mock(SupervisionScope.class);
    when(scope.resolve(null)).thenReturn(townships.townships());
    when(scope.county()).thenReturn(true);
    MetricsController controller = new MetricsController(scope, figures, deadlines,
        mock(CalendarUpdate.class, RETURNS_DEEP_STUBS), new SupervisionReport(figures, deadlines),
        new TownshipRanking(figures));
    String from = SupervisionFiguresAtScale.NOW.withDayOfYear(1).toLocalDate().toString();
    String to = SupervisionFiguresAtScale.NOW.toLocalDate().toString();
    long yearCases = jdbc.queryForObject("SELECT COUNT(*) FROM tw_case_fact WHERE started_at >= ?", Long.class,
        java.sql.Date.valueOf(from));
    long yearSteps = jdbc.queryForObject("SELECT COUNT(*) FROM tw_step_fact WHERE ended_at >= ? OR ended_at IS NULL",
        Long.class, java.sql.Date.valueOf(from));
    System.out.printf("bench: loaded %,d cases and %,d steps in %d s; this year (%s to %s): %,d cases accepted, "
            + "%,d steps%n", jdbc.queryForObject("SELECT COUNT(*) FROM tw_case_fact", Long.class),
        jdbc.queryForObject("SELECT COUNT(*) FROM tw_step_fact", Long.class),
        Duration.ofNanos(System.nanoTime() - loadStart).toSeconds(), from, to, yearCases, yearSteps);

    // the dashboard's figures alone (the report computes them first, then streams the sheets)
    // CPU time of this thread as well as wall time: H2 (embedded) and POI work in the caller's thread, so on a
    // machine shared with other builds the CPU time is what the export costs, the wall time what the wait was
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int run = 0; run < 2; run++) {
      long start = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      controller.dashboard(null, null, null, from, to);
      System.out.printf("bench: dashboard figures of the county's year: %,d ms wall, %,d ms CPU%n",
          Duration.ofNanos(System.nanoTime() - start).toMillis(), (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000);
    }
    // where the time goes: each part of the dashboard and each streamed list, CPU time of this thread
    SupervisionFigures.Filter year = new SupervisionFigures.Filter(List.of("qingshan", "baishi"), null, null,
        java.time.LocalDate.parse(from).atStartOfDay(SupervisionFiguresAtScale.ZONE).toInstant(),
        SupervisionFiguresAtScale.NOW.toLocalDate().plusDays(1).atStartOfDay(SupervisionFiguresAtScale.ZONE).toInstant());
    TownshipRanking ranking = new TownshipRanking(figures);
    java.util.Map<String, Runnable> parts = new java.util.LinkedHashMap<>();
    parts.put("cases", () -> figures.cases(year));
    parts.put("overdue", () -> figures.overdue(year));
    parts.put("steps", () -> figures.steps(year));
    parts.put("ratings", () -> figures.ratings(year));
    parts.put("enforcement", () -> figures.enforcement(year));
    parts.put("decisions", () -> figures.decisions(year));
    parts.put("forwarding", () -> figures.forwarding(year));
    parts.put("evaluations", () -> figures.evaluations(year));
    parts.put("charts", () -> figures.charts(year));
    parts.put("ranking", () -> ranking.rank(townships.townships(), year));
    parts.put("eachCase", () -> figures.eachCase(year, c -> { }));
    parts.put("eachOverdue", () -> figures.eachOverdue(year, c -> { }));
    parts.put("eachBadRating", () -> figures.eachBadRating(year, c -> { }));
    parts.forEach((name, part) -> {
      long start = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      part.run();
      System.out.printf("bench: part %s: %,d ms wall, %,d ms CPU%n", name,
          Duration.ofNanos(System.nanoTime() - start).toMillis(), (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000);
    });
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int run = 0; run < 2; run++) {
      boolean sample = run == 1;
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
      long start = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      controller.report(null, null, null, from, to, response);
      long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
      long cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
      done.set(true);
      sampler.join();
      assertThat(out.bytes.get()).isPositive();
      if (sample) {
        System.out.printf("bench: export with the live heap sampled (GC every 200 ms): %,d ms; live heap before "
            + "%,d MB, peak %,d MB: extra %,d MB%n", ms, baseline >> 20, peak.get() >> 20, (peak.get() - baseline) >> 20);
      } else {
        System.out.printf("bench: export of the county's year: %,d ms wall, %,d ms CPU, %,d bytes of xlsx (%,d cases "
            + "in 办件明细); load average %.1f%n", ms, cpuMs, out.bytes.get(), yearCases,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      }
    }
  }
}
