package cn.township.workflow.bench;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;

import cn.township.workflow.casefile.CaseFiles;
import cn.township.workflow.casefile.CaseLookup;
import cn.township.workflow.casefile.Documents;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 18's figures, outside {@code mvn test}: {@code mvn test -Pbenchmark -Dbench.test=DocumentBenchmark}.
 * One document = render the template, embed the font subset and the seal, hash, store (as Documents.issue and
 * reissue do); 300 in a row after 30 warm-up ones. The case file of a case with 30 documents, built 20 times.
 * Prints lines starting {@code bench:} and writes target/bench/documents.md.
 */
@SpringBootTest(properties = "camunda.bpm.process-engine-name=documentbench")
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "bench", matches = "true")
class DocumentBenchmark {

  @Autowired RuntimeService runtime;
  @Autowired Documents documents;
  @Autowired CaseFiles caseFiles;
  @Autowired CaseLookup lookup;

  @Test
  void oneDocumentAndTheCaseFileOfAThirtyDocumentCase() throws Exception {
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review",
        anApplication().forMatter("RURAL_HOMESTEAD").variables());
    String caseNo = instance.getBusinessKey();
    Documents.Document receipt = documents.forCase(caseNo).get(0);
    Map<String, Object> variables = runtime.getVariables(instance.getId());
    List<Double> issue = new ArrayList<>();
    List<Double> issueCpu = new ArrayList<>();
    for (int i = 0; i < 330; i++) {
      long start = System.nanoTime();
      long cpu = THREADS.getCurrentThreadCpuTime();
      documents.correct(receipt, Map.of("recipient", "王大山" + i), "基准测试", "qs-clerk", () -> variables);
      if (i >= 30) {
        issue.add((System.nanoTime() - start) / 1e6);
        issueCpu.add((THREADS.getCurrentThreadCpuTime() - cpu) / 1e6);
      }
    }
    // a case file of 30 documents: a fresh case with 29 further versions of its receipt
    ProcessInstance thirty = runtime.startProcessInstanceByKey("delegated-review",
        anApplication().forMatter("RURAL_HOMESTEAD").variables());
    Documents.Document first = documents.forCase(thirty.getBusinessKey()).get(0);
    Map<String, Object> thirtyVariables = runtime.getVariables(thirty.getId());
    for (int i = 0; i < 29; i++) {
      documents.correct(first, Map.of("recipient", "王大山" + i), "基准测试", "qs-clerk", () -> thirtyVariables);
    }
    CaseLookup.Case found = lookup.byNumber(thirty.getBusinessKey()).orElseThrow();
    List<Double> file = new ArrayList<>();
    List<Double> fileCpu = new ArrayList<>();
    int pages = 0;
    for (int i = 0; i < 23; i++) {
      long start = System.nanoTime();
      long cpu = THREADS.getCurrentThreadCpuTime();
      CaseFiles.CaseFile built = caseFiles.of(found);
      if (i >= 3) {
        file.add((System.nanoTime() - start) / 1e6);
        fileCpu.add((THREADS.getCurrentThreadCpuTime() - cpu) / 1e6);
      }
      pages = built.pages();
    }
    // wall time depends on what else the machine runs; the thread's CPU time (rendering and embedded H2 run in
    // this thread) is what the work itself costs, so both are reported, with the load average at the end
    String report = """
        | measured | runs | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | goal |
        |---|---|---|---|---|---|---|---|
        | one document (receipt, 1 page) | %d | %.0f | %.0f | %.0f | %.0f | %.0f | p95 ≤ 300 ms |
        | case file of 30 documents (%d pages) | %d | %.0f | %.0f | %.0f | %.0f | %.0f | ≤ 3,000 ms |

        load average (1, 5, 15 min) at the end: %s
        """.formatted(issue.size(), percentile(issue, 50), percentile(issue, 95), percentile(issue, 100),
        percentile(issueCpu, 50), percentile(issueCpu, 95), pages,
        file.size(), percentile(file, 50), percentile(file, 95), percentile(file, 100),
        percentile(fileCpu, 50), percentile(fileCpu, 95), loadAverage());
    System.out.println("bench: documents\n" + report);
    Path out = Path.of("target", "bench", "documents.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);
  }

  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static String loadAverage() throws java.io.IOException {
    Path load = Path.of("/proc/loadavg");
    return Files.exists(load) ? String.join(" ", List.of(Files.readString(load).split(" ")).subList(0, 3))
        : String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
