package cn.township.workflow.window;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static cn.township.workflow.window.ApplicantIdNumberTest.freshIdNumber;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.security.SensitiveVariableRetention;
import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.support.TwoNodes;
import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The applicant's ID number is kept no longer than the case's records (个人信息保护法第十九条、第四十七条): when the
 * engine's history cleanup removes a case after its historyTimeToLive, or an administrator deletes a case with its
 * history, the sweep deletes the case's row; a running case's row, and an ended case's whose history is kept, stay.
 */
class ApplicantIdentityRetentionTest extends ProcessTestCase {

  /** One number for the many rows of cases no longer there (freshIdNumber makes a few hundred only). */
  static final String ORPHANS_NUMBER = ChineseIdNumber.withCheckCharacter("43052119800101123");

  @Autowired JdbcTemplate jdbc;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired ApplicantIdentities identities;
  @Autowired SensitiveVariableRetention retention;

  /** A case registered with a number of its own: its process instance id (the table's key). */
  String registered() {
    return runtime.startProcessInstanceByKey("delegated-review", anApplication().idNumber(freshIdNumber())
        .variables()).getId();
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
    Date now = ClockUtil.getCurrentTime();
    ClockUtil.setCurrentTime(Date.from(now.toInstant().minus(Duration.ofDays(11 * 366))));
    runtime.deleteProcessInstance(ended, "申请人撤回申请");
    ClockUtil.setCurrentTime(now);
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(ended).singleResult().getRemovalTime())
        .isBefore(now);
    retention.forgetRemovedCases();
    assertThat(numberKept(ended)).as("its history is still there").isTrue();

    Job cleanup = history.cleanUpHistoryAsync(true);
    management.executeJob(cleanup.getId());
    assertThat(historyKept(ended)).as("the engine's cleanup removed the case").isFalse();
    assertThat(historyKept(running)).isTrue();

    assertThat(retention.forgetRemovedCases()).isPositive();
    assertThat(numberKept(ended)).isFalse();
    assertThat(numberKept(running)).as("a running case's number stays").isTrue();
    assertThat(retention.forgetRemovedCases()).as("a second node's sweep finds nothing left").isZero();
  }

  @Test
  void aCaseDeletedWithItsHistoryTakesItsNumberWithIt() {
    // what DELETE /engine-rest/process-instance/{id} and then /history/process-instance/{id} run
    String running = registered();
    String deleted = registered();
    runtime.deleteProcessInstance(deleted, "登记错误");
    retention.forgetRemovedCases();
    assertThat(numberKept(deleted)).as("deleted while running: its records (history) remain, so does its number")
        .isTrue();

    history.deleteHistoricProcessInstance(deleted);
    assertThat(retention.forgetRemovedCases()).isPositive();
    assertThat(numberKept(deleted)).isFalse();
    assertThat(numberKept(running)).isTrue();
  }

  @Test
  void everyRowWithoutItsCaseGoesInBatches() {
    String running = registered();
    int orphans = SensitiveVariableRetention.BATCH + 7; // more than one statement deletes
    for (int i = 0; i < orphans; i++) {
      // rows of cases an earlier release kept (V87) whose history was cleaned up before this release
      identities.record("gone-" + i + "-" + running, "QS-GONE-" + i, "qingshan", ORPHANS_NUMBER,
          ClockUtil.getCurrentTime().toInstant(), false);
    }
    assertThat(retention.forgetRemovedCases()).isGreaterThanOrEqualTo(orphans);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_applicant_identity WHERE process_instance_id LIKE ?",
        Long.class, "gone-%")).isZero();
    assertThat(numberKept(running)).isTrue();
  }

  @Test
  void twoNodesSweepingAtOnceDeleteEachRowOnce() throws Exception {
    String running = registered();
    int orphans = 3 * SensitiveVariableRetention.BATCH;
    for (int i = 0; i < orphans; i++) {
      identities.record("both-" + i + "-" + running, "QS-BOTH-" + i, "qingshan", ORPHANS_NUMBER,
          ClockUtil.getCurrentTime().toInstant(), false);
    }
    // two connections at once, as two nodes' schedules would: neither fails, together they delete every row once
    assertThat(TwoNodes.atOnce(retention::forgetRemovedCases)).isGreaterThanOrEqualTo(orphans);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_applicant_identity WHERE process_instance_id LIKE ?",
        Long.class, "both-%")).isZero();
    assertThat(numberKept(running)).isTrue();
  }
}
