package cn.township.workflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.HashSet;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Test;

/** The coverage gate counts every node and flow, subprocess insides included, and refuses a gap. */
class CoverageGateTest {

  final Process rating = Bpmn.readModelFromFile(new File("processes/satisfaction-rating.bpmn"))
      .getModelElementById("satisfaction-rating");

  @Test
  void aPathNoTestWalksFailsTheGateAndIsNamed() {
    CoverageGate.Coverage nothing = CoverageGate.coverage(rating, Set.of());
    assertThat(nothing.nodes()).isGreaterThan(10);
    assertThat(nothing.passes()).isFalse();

    Set<String> all = new HashSet<>(nothing.uncoveredNodes());
    all.addAll(nothing.uncoveredFlows());
    assertThat(CoverageGate.coverage(rating, all).passes()).isTrue();

    all.remove("Task_RemindRectification");
    CoverageGate.Coverage gap = CoverageGate.coverage(rating, all);
    assertThat(gap.passes()).isFalse();
    assertThat(gap.uncoveredNodes()).containsExactly("Task_RemindRectification");
    assertThat(gap.line()).contains("BELOW THE GATE");
  }

  @Test
  void oneFlowInTwentyMayBeLeftButNoNode() {
    CoverageGate.Coverage nothing = CoverageGate.coverage(rating, Set.of());
    Set<String> all = new HashSet<>(nothing.uncoveredNodes());
    all.addAll(nothing.uncoveredFlows());
    all.remove(nothing.uncoveredFlows().iterator().next());
    CoverageGate.Coverage oneFlow = CoverageGate.coverage(rating, all);
    assertThat(oneFlow.flowRatio()).isLessThan(1.0);
    assertThat(oneFlow.passes()).isEqualTo(oneFlow.flowRatio() >= CoverageGate.MINIMUM_FLOWS);
  }
}
