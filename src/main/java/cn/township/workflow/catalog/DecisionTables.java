package cn.township.workflow.catalog;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Looks figures up in the analysts' decision tables from Java (matter catalog, statutory periods, enforcement
 * tables): always the latest deployed version, each version's answer to the same inputs evaluated once. Evaluating a
 * table is FEEL work on every rule (about a tenth of a case's CPU before, docs/benchmarks.md); a table does not
 * change within a version, and a new deployment is a new version, so the answer is looked up again at once.
 */
@Component
public class DecisionTables {

  /** answers kept per table version; beyond this (free-form inputs) lookups are evaluated without being kept */
  static final int ANSWERS_PER_VERSION = 1000;

  private record Version(String definitionId, Map<Map<String, Object>, List<Map<String, Object>>> answers) {}

  private final ObjectProvider<ProcessEngine> engine;
  private final Map<String, Version> versions = new ConcurrentHashMap<>();

  public DecisionTables(ObjectProvider<ProcessEngine> engine) {
    this.engine = engine;
  }

  /** The rows (output name → value) the latest version of table {@code key} gives for {@code inputs}. */
  public List<Map<String, Object>> rows(String key, Map<String, Object> inputs) {
    String definitionId = latest(key);
    Version version = versions.compute(key, (k, kept) -> kept != null && kept.definitionId().equals(definitionId)
        ? kept : new Version(definitionId, new ConcurrentHashMap<>()));
    Map<String, Object> question = Collections.unmodifiableMap(new HashMap<>(inputs));
    List<Map<String, Object>> answer = version.answers().get(question);
    if (answer == null) {
      answer = evaluate(definitionId, inputs);
      if (!answer.isEmpty() && cacheable(inputs) && version.answers().size() < ANSWERS_PER_VERSION) {
        version.answers().put(question, answer);
      }
    }
    return answer;
  }

  /**
   * Kept only for short inputs that found a row: a code or a number looked up again and again. A refused free-form or
   * oversized input (an unknown 1 MB matter code) is evaluated each time instead of staying in memory until the next
   * deployment.
   */
  static boolean cacheable(Map<String, Object> inputs) {
    return inputs.values().stream().allMatch(value -> value == null || value instanceof Number
        || value instanceof Boolean || (value instanceof CharSequence text && text.length() <= MAX_INPUT_LENGTH));
  }

  /** the longest text input kept (matter codes, violation types, units are far shorter) */
  static final int MAX_INPUT_LENGTH = 64;

  /** The one row a table with a unique hit policy gives, or none. */
  public Optional<Map<String, Object>> row(String key, Map<String, Object> inputs) {
    List<Map<String, Object>> rows = rows(key, inputs);
    if (rows.size() > 1) {
      throw new IllegalStateException("决策表 " + key + " 对同一输入给出了 " + rows.size() + " 行结果，请分析员检查规则是否重叠。");
    }
    return rows.stream().findFirst();
  }

  /** The id of the table's latest version: one read, the same the engine makes to evaluate a table by its key. */
  private String latest(String key) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getObject().getProcessEngineConfiguration();
    return configuration.getCommandExecutorTxRequired().execute(context -> context.getProcessEngineConfiguration()
        .getDeploymentCache().findDeployedLatestDecisionDefinitionByKey(key).getId());
  }

  private List<Map<String, Object>> evaluate(String definitionId, Map<String, Object> inputs) {
    DecisionService decisions = engine.getObject().getDecisionService();
    return decisions.evaluateDecisionById(definitionId).variables(Variables.fromMap(inputs)).evaluate()
        .getResultList().stream().map(row -> Collections.unmodifiableMap(new LinkedHashMap<>(row))).toList();
  }
}
