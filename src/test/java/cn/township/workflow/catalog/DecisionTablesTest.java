package cn.township.workflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.township.workflow.support.ProcessTestCase;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A figure looked up from Java comes from the table's latest version, evaluated once per version and input: a new
 * deployment counts at once. Evaluations outside a case are recorded (history case-file), so the decision history
 * shows how often the table was really evaluated.
 */
class DecisionTablesTest extends ProcessTestCase {

  @Autowired DecisionTables tables;
  @Autowired HistoryService history;

  final String key = "test-figures-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void theSameVersionAnswersTheSameQuestionOnceAndANewVersionCountsAtOnce() {
    deploy(rule("\"a\"", 5));
    assertThat(tables.row(key, Map.of("name", "a")).orElseThrow()).containsEntry("days", 5);
    assertThat(tables.row(key, Map.of("name", "a")).orElseThrow()).containsEntry("days", 5);
    assertThat(evaluations()).as("the second lookup was answered without evaluating").isEqualTo(1);
    assertThat(tables.row(key, Map.of("name", "b"))).as("another question is evaluated: no row").isEmpty();
    assertThat(evaluations()).isEqualTo(2);

    deploy(rule("\"a\"", 7));
    assertThat(tables.row(key, Map.of("name", "a")).orElseThrow()).as("the new version").containsEntry("days", 7);
    assertThat(evaluations()).isEqualTo(3);
  }

  @Test
  void overlappingRulesAreRefused() {
    deploy(rule("\"a\"", 5) + rule("\"a\",\"b\"", 6), "COLLECT");
    assertThat(tables.rows(key, Map.of("name", "a"))).hasSize(2);
    assertThatThrownBy(() -> tables.row(key, Map.of("name", "a"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(key);
  }

  @Test
  void anUnknownOrOversizedQuestionIsEvaluatedEachTimeNotKept() {
    deploy(rule("\"a\"", 5));
    assertThat(tables.row(key, Map.of("name", "zzz"))).isEmpty();
    assertThat(tables.row(key, Map.of("name", "zzz"))).isEmpty();
    assertThat(evaluations()).as("a question without a row is not kept: asked twice, evaluated twice").isEqualTo(2);
    String oversized = "a".repeat(DecisionTables.MAX_INPUT_LENGTH + 1);
    assertThat(tables.row(key, Map.of("name", oversized))).isEmpty();
    assertThat(tables.row(key, Map.of("name", oversized))).isEmpty();
    assertThat(evaluations()).as("an oversized input is not kept either").isEqualTo(4);
    tables.row(key, Map.of("name", "a"));
    tables.row(key, Map.of("name", "a"));
    assertThat(evaluations()).as("a short question that found its row is kept").isEqualTo(5);
  }

  long evaluations() {
    return history.createHistoricDecisionInstanceQuery().decisionDefinitionKey(key).count();
  }

  static String rule(String names, int days) {
    String id = "R" + UUID.randomUUID().toString().substring(0, 8);
    return "<rule id=\"" + id + "\"><inputEntry id=\"" + id + "_in\"><text>" + names + "</text></inputEntry>"
        + "<outputEntry id=\"" + id + "_out\"><text>" + days + "</text></outputEntry></rule>";
  }

  void deploy(String rules) {
    deploy(rules, "UNIQUE");
  }

  void deploy(String rules, String hitPolicy) {
    String dmn = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" "
        + "xmlns:camunda=\"http://camunda.org/schema/1.0/dmn\" id=\"Definitions_Test\" name=\"测试\" "
        + "namespace=\"http://camunda.org/schema/1.0/dmn\">"
        + "<decision id=\"" + key + "\" name=\"测试期限\" camunda:historyTimeToLive=\"3650\">"
        + "<decisionTable id=\"Table_Test\" hitPolicy=\"" + hitPolicy + "\">"
        + "<input id=\"Input_Name\" label=\"名称\"><inputExpression id=\"InputExpression_Name\" typeRef=\"string\">"
        + "<text>name</text></inputExpression></input>"
        + "<output id=\"Output_Days\" label=\"天数\" name=\"days\" typeRef=\"integer\" />"
        + rules + "</decisionTable></decision></definitions>";
    engine.getRepositoryService().createDeployment().addString(key + ".dmn", dmn).deploy();
  }
}
