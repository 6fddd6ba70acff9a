package cn.township.workflow.duty;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.audit.AuditTrail;
import cn.township.workflow.support.ProcessTestCase;
import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** 职位代理 on real cases: tasks of someone away go to the substitute, and back when the absence ends. */
class SubstitutionProcessTest extends ProcessTestCase {

  /** The test starts on Monday 2026-11-16. */
  static final LocalDate MONDAY_DATE = MONDAY.toLocalDate();

  @Autowired Absences absences;
  @Autowired AbsenceSchedule schedule;
  @Autowired AuditTrail audit;
  @Autowired FilterService filters;
  @Autowired IdentityService identity;
  @Autowired RepositoryService repository;

  Task reviewTask() {
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review",
        anApplication().forMatter("RURAL_HOMESTEAD").variables());
    Task intake = tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).singleResult();
    complete(intake, withVariables("receivedMaterials", runtime.getVariable(instance.getId(), "requiredMaterials"),
        "acceptable", true));
    Task review = tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(review.getTaskDefinitionKey()).isEqualTo("Task_Review");
    return review;
  }

  Task reload(Task task) {
    return tasks.createTaskQuery().taskId(task.getId()).singleResult();
  }

  Absences.Absence away(String user, LocalDate from, LocalDate to, String substitute) {
    return absences.add(user, "qingshan", from, to, substitute, "qs-leader", "外出培训");
  }

  @Test
  void anAssignedTaskGoesToTheSubstituteAndBackWhenTheAbsenceEnds() {
    Task review = reviewTask();
    tasks.claim(review.getId(), "qs-reviewer");
    Absences.Absence absence = away("qs-reviewer", MONDAY_DATE, MONDAY_DATE.plusDays(2), "qs-reviewer2");

    assertThat(schedule.begin(absence)).isEqualTo(1);
    assertThat(reload(review).getAssignee()).isEqualTo("qs-reviewer2");
    assertThat(tasks.getVariableLocal(review.getId(), Substitution.FOR)).isEqualTo("qs-reviewer");
    assertThat(audit.search(new AuditTrail.Filter(null, null, "TaskSubstituted", null, null), 0, 50))
        .extracting(AuditTrail.Entry::detail)
        .contains("Task_Review: qs-reviewer → qs-reviewer2（职位代理开始（指派））");

    // the substitute's filter 代理任务 shows it, with whose it is
    String filterId = filters.createFilterQuery().filterName("代理任务").singleResult().getId();
    identity.setAuthentication("qs-reviewer2", List.of("reviewer"), List.of("qingshan"));
    try {
      List<Task> shown = filters.list(filterId);
      assertThat(shown).extracting(Task::getId).containsExactly(review.getId());
    } finally {
      identity.clearAuthentication();
    }

    at(MONDAY.plusDays(2));
    schedule.catchUp();
    assertThat(reload(review).getAssignee()).as("still away on Wednesday").isEqualTo("qs-reviewer2");
    at(MONDAY.plusDays(3));
    schedule.catchUp();
    assertThat(reload(review).getAssignee()).as("back on Thursday").isEqualTo("qs-reviewer");
    assertThat(tasks.getVariableLocal(review.getId(), Substitution.FOR)).isNull();
    assertThat(absences.current("qs-reviewer")).isEmpty();
  }

  @Test
  void aTaskAssignedDuringTheAbsenceGoesStraightToTheSubstitute() {
    Absences.Absence absence = away("qs-reviewer-b", MONDAY_DATE.plusDays(1), MONDAY_DATE.plusDays(4), "qs-deputy-b");
    schedule.begin(absence);
    Task review = reviewTask();
    tasks.setAssignee(review.getId(), "qs-reviewer-b");
    assertThat(reload(review).getAssignee()).as("not away yet on Monday").isEqualTo("qs-reviewer-b");

    Task second = reviewTask();
    at(MONDAY.plusDays(1));
    schedule.catchUp();
    assertThat(reload(review).getAssignee()).as("handed over when the absence begins").isEqualTo("qs-deputy-b");
    tasks.setAssignee(second.getId(), "qs-reviewer-b");
    assertThat(reload(second).getAssignee()).as("assigned while away").isEqualTo("qs-deputy-b");
    assertThat(tasks.getVariableLocal(second.getId(), Substitution.FOR_NAME)).isEqualTo("qs-reviewer-b");

    // withdrawn early: both go back at once
    assertThat(schedule.end(absences.current("qs-reviewer-b").orElseThrow(), "qs-leader")).isEqualTo(2);
    assertThat(reload(review).getAssignee()).isEqualTo("qs-reviewer-b");
    assertThat(reload(second).getAssignee()).isEqualTo("qs-reviewer-b");
  }

  @Test
  void aTaskOfferedByNameIsOfferedToTheSubstituteAndStaysWithThemOnceClaimed() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("named-offer-test").camundaHistoryTimeToLive(1095)
        .startEvent().userTask("Task_Named").camundaCandidateUsers("expert-wang").endEvent().done();
    repository.createDeployment().addModelInstance("named-offer-test.bpmn", model).deploy();
    away("expert-wang", MONDAY_DATE, MONDAY_DATE.plusDays(1), "expert-li");

    String claimed = runtime.startProcessInstanceByKey("named-offer-test").getId();
    String left = runtime.startProcessInstanceByKey("named-offer-test").getId();
    Task toClaim = tasks.createTaskQuery().processInstanceId(claimed).singleResult();
    Task toLeave = tasks.createTaskQuery().processInstanceId(left).singleResult();
    assertThat(candidates(toClaim)).containsExactlyInAnyOrder("expert-wang", "expert-li");
    tasks.claim(toClaim.getId(), "expert-li");

    at(MONDAY.plusDays(2));
    schedule.catchUp();
    assertThat(reload(toClaim).getAssignee()).as("claimed by the substitute: stays").isEqualTo("expert-li");
    assertThat(candidates(toLeave)).containsExactly("expert-wang");
    assertThat(reload(toLeave).getAssignee()).isNull();
  }

  List<String> candidates(Task task) {
    return tasks.getIdentityLinksForTask(task.getId()).stream().filter(l -> "candidate".equals(l.getType()))
        .map(IdentityLink::getUserId).filter(u -> u != null).toList();
  }
}
