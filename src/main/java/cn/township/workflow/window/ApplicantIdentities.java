package cn.township.workflow.window;

import cn.township.workflow.security.SensitiveVariableKeeper;
import cn.township.workflow.security.SensitiveVariableRetention;
import cn.township.workflow.system.RejectedInputException;
import java.sql.Timestamp;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The applicant's resident ID number of a window case ({@code tw_applicant_identity}), kept here instead of as a case
 * variable (个人信息保护法第二十八条: sensitive personal information; processes/sensitive-variables.csv). Written in the
 * start's transaction by {@link RegisterApplication}; nothing in the application reads it back: no form, document,
 * notice or the case file shows it, and the engine's API cannot reach it (docs/security.md). A number written through
 * the engine's API is kept here too ({@link #keepWritten}). Kept no longer than the case's records
 * ({@link SensitiveVariableRetention}).
 */
@Component
public class ApplicantIdentities extends SensitiveVariableKeeper {

  /** The start variable (form field, {@code POST /api/applications}) the number arrives in, removed at registration. */
  public static final String VARIABLE = "applicantIdNumber";
  static final String NOT_A_CASE = "身份证号码只随单个案件保存：请在登记收件时填写，或在该案件上逐件更正。";

  private final JdbcTemplate jdbc;

  public ApplicantIdentities(JdbcTemplate jdbc) {
    super(VARIABLE, "tw_applicant_identity", NOT_A_CASE);
    this.jdbc = jdbc;
  }

  /**
   * Keeps the number of a case. {@code again}: registration runs a second time in this case (an administrator started
   * the case again before 登记收件 to correct what was entered): the case's row is replaced rather than refused.
   */
  public void record(String processInstanceId, String receiptNo, String townshipId, String idNumber, Instant at,
                     boolean again) {
    if (again && jdbc.update("UPDATE tw_applicant_identity SET receipt_no = ?, tenant_id = ?, id_number = ?, "
        + "recorded_at = ? WHERE process_instance_id = ?", receiptNo, townshipId, idNumber, Timestamp.from(at),
        processInstanceId) > 0) {
      return;
    }
    jdbc.update("INSERT INTO tw_applicant_identity (process_instance_id, receipt_no, tenant_id, id_number, recorded_at) "
        + "VALUES (?, ?, ?, ?, ?)", processInstanceId, receiptNo, townshipId, idNumber, Timestamp.from(at));
  }

  /** A number an administrator wrote into the case: checked as the registration checks it (a file: not 18 characters). */
  @Override
  public void keepWritten(DelegateExecution root, Object value) {
    String problem = ChineseIdNumber.problem(value == null ? null : String.valueOf(value));
    if (problem != null) {
      throw new RejectedInputException(VARIABLE, problem);
    }
    String number = String.valueOf(value).strip().toUpperCase(); // as the registration keeps it (Applicant)
    record(root.getId(), root.getBusinessKey(), root.getTenantId(), number, ClockUtil.getCurrentTime().toInstant(),
        true);
  }
}
