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

  /** Start, twenty tasks and an end in a row: 22 nodes and 21 flows (Flow_1 … Flow_21). */
  static Process chainOfTwentyTasks() {
    org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder<?, ?> builder =
        Bpmn.createExecutableProcess("chain").startEvent("Start");
    for (int i = 1; i <= 20; i++) {
      builder = builder.sequenceFlowId("Flow_" + i).userTask("Task_" + i);
    }
    return builder.sequenceFlowId("Flow_21").endEvent("End").done().getModelElementById("chain");
  }

  @Test
  void oneFlowInTwentyOneMayBeLeftButNotTwo() {
    Process chain = chainOfTwentyTasks();
    Set<String> everything = new HashSet<>(Set.of("Start", "End"));
    for (int i = 1; i <= 20; i++) {
      everything.add("Task_" + i);
    }
    for (int i = 1; i <= 21; i++) {
      everything.add("Flow_" + i);
    }
    Set<String> allButOneFlow = new HashSet<>(everything);
    allButOneFlow.remove("Flow_7");
    CoverageGate.Coverage oneLeft = CoverageGate.coverage(chain, allButOneFlow);
    assertThat(oneLeft.flows()).isEqualTo(21);
    assertThat(oneLeft.passes()).as("20 of 21 flows: 95.2 %").isTrue();

    Set<String> allButTwoFlows = new HashSet<>(allButOneFlow);
    allButTwoFlows.remove("Flow_8");
    CoverageGate.Coverage twoLeft = CoverageGate.coverage(chain, allButTwoFlows);
    assertThat(twoLeft.passes()).as("19 of 21 flows: 90.5 %").isFalse();
    assertThat(twoLeft.uncoveredFlows()).containsExactly("Flow_7", "Flow_8");

    Set<String> allButOneNode = new HashSet<>(everything);
    allButOneNode.remove("Task_13");
    assertThat(CoverageGate.coverage(chain, allButOneNode).passes()).as("every node, always").isFalse();
  }
}
