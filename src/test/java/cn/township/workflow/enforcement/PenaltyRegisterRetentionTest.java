package cn.township.workflow.enforcement;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.security.SensitiveVariableRetention;
import cn.township.workflow.support.ProcessTestCase;
import cn.township.workflow.support.TwoNodes;
import cn.township.workflow.window.ChineseIdNumber;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fined party's ID number on the register of penalty decisions is kept no longer than the case's records
 * (个人信息保护法第十九条、第四十七条), as the case's own copy in tw_party_identity: when the case's history goes, the
 * sweep clears the number and keeps the decision on the register; a case whose records remain keeps it. On H2, and on
 * PostgreSQL with {@code -Dtownship.test.database=postgres}.
 */
class PenaltyRegisterRetentionTest extends ProcessTestCase {

  static final AtomicInteger SERIAL = new AtomicInteger(100);
  static final LocalDate ACT = LocalDate.of(2026, 11, 2);

  @Autowired JdbcTemplate jdbc;
  @Autowired HistoryService history;
  @Autowired PenaltyRegister register;
  @Autowired SensitiveVariableRetention retention;

  /** A case (the sweep reads only whether its records remain): its process instance id. */
  String aCase() {
    return runtime.startProcessInstanceByKey("delegated-review", anApplication().variables()).getId();
  }

  /** One number for the many decisions of cases no longer there. */
  static final String ORPHANS_NUMBER = ChineseIdNumber.withCheckCharacter("43052119700101123");

  /** A fine of 200 yuan for littering on the register, for the case {@code instance}, of a party of its own. */
  String fined(String instance) {
    return fined(instance, ChineseIdNumber.withCheckCharacter("43052119810607" + SERIAL.getAndIncrement()));
  }

  /** The same, of the party numbered {@code number}; returns the number. */
  String fined(String instance, String number) {
    register.record(new PenaltyRegister.Decision(instance, "QS-ZF-" + instance, "qingshan", "青山镇人民政府",
        "citizen", "张三", number, "LITTERING", "乱扔垃圾", ACT, PenaltyKind.FINE, new BigDecimal("200.00"),
        "《城市市容和环境卫生管理条例》第三十四条", ACT.plusDays(3)));
    return number;
  }

  Map<String, Object> row(String instance) {
    return jdbc.queryForMap("SELECT case_no, party_name, party_id_number, fine_amount, decided_on "
        + "FROM tw_penalty_decision WHERE process_instance_id = ?", instance);
  }

  @Test
  void theNumberGoesWithTheCasesHistoryAndTheDecisionStays() {
    String running = aCase();
    String deleted = aCase();
    String kept = fined(running);
    String gone = fined(deleted);
    runtime.deleteProcessInstance(deleted, "登记错误");
    retention.forgetRemovedCases();
    assertThat(row(deleted).get("party_id_number")).as("deleted while running: its history remains, so does the number")
        .isEqualTo(gone);

    history.deleteHistoricProcessInstance(deleted);
    assertThat(retention.forgetRemovedCases()).isPositive();
    assertThat(row(deleted)).containsEntry("party_id_number", null).containsEntry("case_no", "QS-ZF-" + deleted)
        .containsEntry("party_name", "张三");
    assertThat((BigDecimal) row(deleted).get("fine_amount")).isEqualByComparingTo("200.00");
    assertThat(register.finesForTheSameAct(gone, "LITTERING", ACT)).isEmpty();
    assertThat(row(running)).containsEntry("party_id_number", kept);
    assertThat(register.finesForTheSameAct(kept, "LITTERING", ACT)).containsExactly("QS-ZF-" + running);
    assertThat(retention.forgetRemovedCases()).as("a second node's sweep finds nothing left").isZero();
  }

  @Test
  void everyNumberOfACaseNoLongerThereIsClearedInBatchesByNodesAtOnce() throws Exception {
    String running = aCase();
    String kept = fined(running);
    int orphans = 3 * SensitiveVariableRetention.BATCH + 7; // more than one statement each
    for (int i = 0; i < orphans; i++) {
      // decisions of cases whose history an earlier release's cleanup removed, the number left behind
      fined("gone-" + i + "-" + running, ORPHANS_NUMBER);
    }
    // two connections at once, as two nodes' schedules would: neither fails, together they clear every row once
    assertThat(TwoNodes.atOnce(retention::forgetRemovedCases)).isGreaterThanOrEqualTo(orphans);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_penalty_decision WHERE process_instance_id LIKE ? "
        + "AND party_id_number IS NOT NULL", Long.class, "gone-%-" + running)).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_penalty_decision WHERE process_instance_id LIKE ?",
        Long.class, "gone-%-" + running)).as("the decisions stay on the register").isEqualTo(orphans);
    assertThat(row(running)).containsEntry("party_id_number", kept);
  }
}
