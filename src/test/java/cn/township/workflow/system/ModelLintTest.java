package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lint rules of .bpmnlintrc (bpmnlint, Camunda 7.24 compatibility, our plugin in
 * lint/bpmnlint-plugin-township) refuse a broken model with a message naming the element and the fix,
 * and pass the analysts' models. The build installs the linter (npm ci) before the tests run.
 */
class ModelLintTest {

  record Lint(int exitCode, String output) {}

  static Lint lint(String... files) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("npx", "--no-install", "bpmnlint"));
    command.addAll(List.of(files));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bpmnlint finished").isTrue();
    return new Lint(process.exitValue(), output);
  }

  @Test
  void aBrokenModelFailsWithTheFileTheElementAndTheFix() throws Exception {
    Lint result = lint("src/test/resources/lint/broken.bpmn");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output())
        .contains("broken.bpmn")
        .containsPattern("Activity_0abc123 +error +generated id \"Activity_0abc123\" — give this UserTask a meaningful id")
        .containsPattern("Activity_0abc123 +error +user task has no camunda:formRef — choose \"Form → Camunda Forms")
        .containsPattern("broken-example +error +process has no camunda:historyTimeToLive")
        .containsPattern("Timer_Wait +error +timer has no legal basis")
        .containsPattern("Task_Compute +error +script task")
        .containsPattern("StartEvent_Submitted +error +inline script")
        .containsPattern("CallActivity_CopyAll +error +camunda:in variables=\"all\" — list the variables the called model reads")
        .containsPattern("CallActivity_CopyAll +error +camunda:out variables=\"all\" — list the variables the called model produces");
  }

  @Test
  void theAnalystsModelsPass() throws Exception {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("processes"))) {
      String[] models = files.map(Object::toString).filter(f -> f.endsWith(".bpmn")).sorted().toArray(String[]::new);
      assertThat(models).hasSizeGreaterThanOrEqualTo(7);
      Lint result = lint(models);
      assertThat(result.exitCode()).as(result.output()).isZero();
    }
  }
}
