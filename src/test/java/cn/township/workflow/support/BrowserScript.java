package cn.township.workflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A browser test's script (browser-tests/*.mjs) run with node and Debian's chromium: it must finish within three
 * minutes and say "browser tests passed"; its output is kept in {@link #SHOTS} beside its screenshots.
 */
public final class BrowserScript {

  public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  public static final Path SHOTS = Path.of("target", "browser-screenshots");

  private BrowserScript() {}

  /** Runs {@code script} with the application's address, {@link #SHOTS} and {@code arguments}; returns its output. */
  public static String run(String script, int port, String log, String... arguments) throws Exception {
    assertThat(CHROMIUM).as("Chromium for the browser tests: .ci/run (mvn test) installs Debian's chromium; "
        + "or apt-get install chromium fonts-wqy-microhei").isExecutable();
    Files.createDirectories(SHOTS);
    List<String> command = new ArrayList<>(List.of("node", "browser-tests/" + script, "http://localhost:" + port,
        SHOTS.toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder node = new ProcessBuilder(command).redirectErrorStream(true);
    node.environment().put("CHROMIUM", CHROMIUM.toString());
    Path output = SHOTS.resolve(log);
    node.redirectOutput(output.toFile());
    Process run = node.start();
    assertThat(run.waitFor(180, TimeUnit.SECONDS)).as("browser test finished within 3 minutes").isTrue();
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(run.exitValue()).as(text).isZero();
    assertThat(text).contains("browser tests passed");
    return text;
  }
}
