package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.junit.jupiter.api.Test;

/** docs/lawfulness.md cannot drift: every row names a real element, cites the law there, and a real test. */
class LawfulnessTableTest {

  static final Path TABLE = Path.of("docs/lawfulness.md");
  static final Pattern CITATION = Pattern.compile("《[^》]+》|[\\u4e00-\\u9fa5]+发〔\\d{4}〕\\d+号");
  static final Pattern ID = Pattern.compile("`([A-Za-z]+_[A-Za-z0-9]+)`");
  static final Pattern TEST = Pattern.compile("`(\\w+)#(\\w+)`");

  record Row(String requirement, String model, List<String> elements, String testClass, String testMethod) {}

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(TABLE)) {
      String[] cells = line.split("\\|");
      if (cells.length < 5 || !cells[3].contains(".bpmn")) {
        continue;
      }
      List<String> elements = new ArrayList<>();
      Matcher id = ID.matcher(cells[3]);
      while (id.find()) {
        elements.add(id.group(1));
      }
      Matcher test = TEST.matcher(cells[4]);
      assertThat(test.find()).as("row '%s' names its test as `Class#method`", cells[1].strip()).isTrue();
      rows.add(new Row(cells[1].strip(), cells[3].strip().split("\\s+")[0], elements, test.group(1), test.group(2)));
    }
    return rows;
  }

  static String testSource(String simpleName) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
      Path file = files.filter(f -> f.getFileName().toString().equals(simpleName + ".java")).findFirst()
          .orElseThrow(() -> new AssertionError("docs/lawfulness.md names test class " + simpleName
              + ", which does not exist"));
      return Files.readString(file);
    }
  }

  @Test
  void everyRowPointsAtARealElementThatCitesTheLawAndAtARealTest() throws IOException {
    List<Row> rows = rows();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(20);
    assertThat(rows).extracting(Row::model).contains("delegated-review.bpmn", "forward-to-county.bpmn",
        "joint-enforcement.bpmn", "major-decision.bpmn");
    List<String> problems = new ArrayList<>();
    for (Row row : rows) {
      Path file = Path.of("processes", row.model());
      if (!Files.exists(file)) {
        problems.add(row.requirement() + ": no model " + file);
        continue;
      }
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      assertThat(row.elements()).as(row.requirement()).isNotEmpty();
      for (String id : row.elements()) {
        if (!(model.getModelElementById(id) instanceof FlowNode node)) {
          problems.add(row.requirement() + ": " + row.model() + " has no element " + id);
          continue;
        }
        String documentation = node.getDocumentations().stream().map(Documentation::getTextContent)
            .reduce("", String::concat);
        if (!CITATION.matcher(documentation).find()) {
          problems.add(row.requirement() + ": " + id + " does not cite its legal basis in its documentation");
        }
      }
      if (!testSource(row.testClass()).matches("(?s).*@Test\\s+void " + row.testMethod() + "\\(.*")) {
        problems.add(row.requirement() + ": " + row.testClass() + " has no test method " + row.testMethod());
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void eachRequirementIsListedOnce() throws IOException {
    Set<String> seen = new HashSet<>();
    for (Row row : rows()) {
      assertThat(seen.add(row.requirement())).as("requirement listed twice: %s", row.requirement()).isTrue();
    }
  }
}
