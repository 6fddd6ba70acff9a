package cn.township.workflow.window;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static cn.township.workflow.window.ApplicantIdNumberTest.freshIdNumber;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The applicant's ID number is kept no longer than the case's records (个人信息保护法第十九条、第四十七条): when the
 * engine's history cleanup removes a case after its historyTimeToLive, or an administrator deletes a case with its
 * history, the sweep deletes the case's row; a running case's row, and an ended case's whose history is kept, stay.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class ApplicantIdentityRetentionTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired ApplicantIdentities identities;

  Api api() {
    return new Api(anonymous);
  }

  String registered() {
    return (String) api().register("qs-clerk", anApplication().idNumber(freshIdNumber()).json())
        .get("processInstanceId");
  }

  boolean numberKept(String instance) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM tw_applicant_identity WHERE process_instance_id = ?",
        Long.class, instance) == 1;
  }

  boolean historyKept(String instance) {
    return history.createHistoricProcessInstanceQuery().processInstanceId(instance).count() == 1;
  }

  @Test
  void theHistoryCleanupOfACaseTakesItsNumberWithIt() {
    String running = registered();
    String ended = registered();
    // the case ended eleven years ago: its removal time (end + historyTimeToLive, 3650 days) has passed
    ClockUtil.setCurrentTime(Date.from(Instant.now().minus(Duration.ofDays(11 * 366))));
    try {
      runtime.deleteProcessInstance(ended, "申请人撤回申请");
    } finally {
      ClockUtil.reset();
    }
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(ended).singleResult().getRemovalTime())
        .isBefore(new Date());
    identities.forgetRemovedCases();
    assertThat(numberKept(ended)).as("its history is still there").isTrue();

    Job cleanup = history.cleanUpHistoryAsync(true);
    management.executeJob(cleanup.getId());
    assertThat(historyKept(ended)).as("the engine's cleanup removed the case").isFalse();
    assertThat(historyKept(running)).isTrue();

    assertThat(identities.forgetRemovedCases()).isPositive();
    assertThat(numberKept(ended)).isFalse();
    assertThat(numberKept(running)).as("a running case's number stays").isTrue();
    assertThat(identities.forgetRemovedCases()).as("a second node's sweep finds nothing left").isZero();
  }

  @Test
  void aCaseDeletedWithItsHistoryTakesItsNumberWithIt() {
    String running = registered();
    String deleted = registered();
    ResponseEntity<String> ended = api().as("admin").exchange("/engine-rest/process-instance/" + deleted,
        HttpMethod.DELETE, null, String.class);
    assertThat(ended.getStatusCode()).as("%s", ended.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    identities.forgetRemovedCases();
    assertThat(numberKept(deleted)).as("deleted while running: its records (history) remain, so does its number")
        .isTrue();

    ResponseEntity<String> erased = api().as("admin").exchange("/engine-rest/history/process-instance/" + deleted,
        HttpMethod.DELETE, null, String.class);
    assertThat(erased.getStatusCode()).as("%s", erased.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(identities.forgetRemovedCases()).isPositive();
    assertThat(numberKept(deleted)).isFalse();
    assertThat(numberKept(running)).isTrue();
  }

  @Test
  void everyRowWithoutItsCaseGoesInBatches() {
    String running = registered();
    int orphans = ApplicantIdentities.BATCH + 7; // more than one statement deletes
    for (int i = 0; i < orphans; i++) {
      // rows of cases an earlier release kept (V87) whose history was cleaned up before this release
      identities.record("gone-" + i + "-" + running, "QS-GONE-" + i, "qingshan", freshIdNumber(), Instant.now(),
          false);
    }
    assertThat(identities.forgetRemovedCases()).isGreaterThanOrEqualTo(orphans);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_applicant_identity WHERE process_instance_id LIKE ?",
        Long.class, "gone-%")).isZero();
    assertThat(numberKept(running)).isTrue();
  }
}
