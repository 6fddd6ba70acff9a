package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;

/** A conclusion listener reads and sets only what the model declares on its user task. */
class ConclusionFieldsTest {

  static final UserTask REVIEW = Bpmn.readModelFromStream(new ByteArrayInputStream("""
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
          targetNamespace="t"><process id="example" isExecutable="true">
        <userTask id="Task_Review" camunda:formRef="review"><extensionElements><camunda:properties>
          <camunda:property name="conclusionFields" value="reviewResult, reviewOpinion" />
          <camunda:property name="conclusionContext" value="requiredMaterials" />
          <camunda:property name="conclusionSets" value="hearingHeld" />
        </camunda:properties></extensionElements></userTask></process></definitions>
      """.getBytes(StandardCharsets.UTF_8))).getModelElementById("Task_Review");

  static DelegateTask task(String event) {
    DelegateTask task = mock(DelegateTask.class);
    when(task.getEventName()).thenReturn(event);
    when(task.getTaskDefinitionKey()).thenReturn("Task_Review");
    when(task.getBpmnModelElementInstance()).thenReturn(REVIEW);
    when(task.getVariable("reviewResult")).thenReturn("approve");
    return task;
  }

  @Test
  void theModelDeclaresFieldsContextAndWhatTheListenerSets() {
    assertThat(ConclusionFields.declared(REVIEW, ConclusionFields.FIELDS)).containsExactly("reviewResult", "reviewOpinion");
    assertThat(ConclusionFields.declared(REVIEW, ConclusionFields.CONTEXT)).containsExactly("requiredMaterials");
    assertThat(ConclusionFields.declared(REVIEW, ConclusionFields.SETS)).containsExactly("hearingHeld");
  }

  @Test
  void declaredNamesPassAndOthersAreRefusedWithTheFix() {
    DelegateTask task = task("complete");
    DelegateTask guarded = ConclusionFields.guarded(task);
    assertThat(guarded.getVariable("reviewResult")).isEqualTo("approve");
    guarded.hasVariable("requiredMaterials");
    guarded.setVariable("hearingHeld", true);
    guarded.setVariable("reviewOpinion", "同意");
    verify(task).setVariable("hearingHeld", true);

    assertThatThrownBy(() -> guarded.getVariable("leaderDecision")).isInstanceOf(IllegalStateException.class)
        .hasMessage("The conclusion listener of Task_Review reads \"leaderDecision\", which the model does not declare: "
            + "add it to the user task's extension property conclusionFields (a field of its form) or "
            + "conclusionContext (a variable set before the task)");
    assertThatThrownBy(() -> guarded.setVariable("requiredMaterials", "x")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sets \"requiredMaterials\"");
  }

  @Test
  void atOtherEventsOrOnAModelVersionWithoutDeclarationsTheTaskIsItself() {
    DelegateTask task = task("create");
    assertThat(ConclusionFields.guarded(task)).isSameAs(task);
    DelegateTask older = task("complete");
    when(older.getBpmnModelElementInstance()).thenReturn(Bpmn.createExecutableProcess("example").startEvent()
        .userTask("Task_Review").endEvent().done().getModelElementById("Task_Review"));
    assertThat(ConclusionFields.guarded(older)).isSameAs(older);
  }
}
