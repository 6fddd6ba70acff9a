package cn.township.workflow.enforcement;

import cn.township.workflow.security.SensitiveVariableKeeper;
import cn.township.workflow.security.SensitiveVariableRetention;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.window.ChineseIdNumber;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The identification number of an enforcement case's party ({@code tw_party_identity}), kept here instead of as a case
 * variable: a citizen's resident ID number is sensitive personal information (个人信息保护法第二十八条;
 * processes/sensitive-variables.csv). An organization's 统一社会信用代码 is not personal information, but it is kept
 * here as well: one home for the number means one way to read it and a variable name the engine never keeps,
 * whichever party type a clerk chose. Written in the start's transaction by {@link RegisterCase}; read back by the
 * repeat-fine check (RegisterCase), the penalty register (DraftPenaltyDecision) and the publication check
 * (PublishPenaltyDecision); written through the engine's API, kept by {@link #keepWritten}. Kept no longer than the
 * case's records ({@link SensitiveVariableRetention}).
 */
@Component
public class PartyIdentities extends SensitiveVariableKeeper {

  /** The start variable (form field, {@code POST /api/enforcement/reports}), removed at registration. */
  public static final String VARIABLE = "partyIdNumber";
  static final String NOT_A_CASE = "当事人的身份证号码或统一社会信用代码只随单个案件保存：请在登记案源时填写，或在该案件上逐件更正。";
  static final String NO_PARTY = "此案件没有行政执法的当事人，不能写入当事人的身份证号码或统一社会信用代码。";
  static final String NOT_TEXT = "当事人的身份证号码或统一社会信用代码应作为文本填写（不能是数字、日期或文件）。";
  static final String CITIZENS_NUMBER = "所填号码是居民身份证号码，不是统一社会信用代码：当事人是公民的，请将当事人类型选为“公民”。";
  static final String CODE_FORMAT = "当事人的" + CreditCode.FORMAT;

  private final JdbcTemplate jdbc;

  public PartyIdentities(JdbcTemplate jdbc) {
    super(VARIABLE, "tw_party_identity", NOT_A_CASE);
    this.jdbc = jdbc;
  }

  /**
   * The number as a case keeps it, checked for the party's type: a citizen's must be a valid resident ID number, an
   * organization's a valid 统一社会信用代码 or 组织机构代码, check character verified ({@link CreditCode}), and not a
   * resident ID number (a citizen entered as an organization). Null when none was given (a complaint may not know it).
   * Checked where a number is given (registration, a write through the engine's API), never when one already kept is
   * read: a case of an earlier release keeps the code it has.
   */
  static String checked(String partyType, Object value) {
    if (value == null || value instanceof String text && text.isBlank()) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new RejectedInputException(VARIABLE, NOT_TEXT); // a file, a number: never an ID, and never dropped unsaid
    }
    String number = normalized(text);
    if ("citizen".equals(partyType)) {
      String problem = ChineseIdNumber.problem(number);
      if (problem != null) {
        throw new RejectedInputException(VARIABLE, "当事人" + problem);
      }
    } else if (ChineseIdNumber.problem(number) == null && !CreditCode.isCode(number)) {
      throw new RejectedInputException(VARIABLE, CITIZENS_NUMBER); // a resident ID number, whatever the code's check says
    } else {
      String problem = CreditCode.problem(number);
      if (problem != null) {
        throw new RejectedInputException(VARIABLE, "当事人的" + problem);
      }
    }
    return number;
  }

  /** Trimmed and in upper case (a resident ID number's check character X), as the register compares it. */
  static String normalized(String number) {
    return number == null || number.isBlank() ? null : number.strip().toUpperCase(Locale.ROOT);
  }

  /** Keeps the case's number, replacing what the case had. */
  public void record(String processInstanceId, String caseNo, String townshipId, String partyType, String number,
                     Instant at) {
    if (jdbc.update("UPDATE tw_party_identity SET case_no = ?, tenant_id = ?, party_type = ?, id_number = ?, "
        + "recorded_at = ? WHERE process_instance_id = ?", caseNo, townshipId, partyType, number, Timestamp.from(at),
        processInstanceId) == 0) {
      jdbc.update("INSERT INTO tw_party_identity (process_instance_id, case_no, tenant_id, party_type, id_number, "
          + "recorded_at) VALUES (?, ?, ?, ?, ?, ?)", processInstanceId, caseNo, townshipId, partyType, number,
          Timestamp.from(at));
    }
  }

  /**
   * The number of the case {@code execution} belongs to; for a case restarted in this command, the number of the case
   * it restarts (given to it here: {@link #restarted} would, but only when the command ends).
   */
  public String numberOf(DelegateExecution execution) {
    if (execution.getProcessInstance() instanceof ExecutionEntity instance
        && instance.getRestartedProcessInstanceId() != null) {
      restarted(instance.getRestartedProcessInstanceId(), instance.getId());
    }
    return numberOf(execution.getProcessInstanceId());
  }

  /** The restarted case takes the number of the case it restarts, unless it has one of its own. */
  @Override
  public void restarted(String restarted, String restart) {
    jdbc.update("INSERT INTO tw_party_identity (process_instance_id, case_no, tenant_id, party_type, id_number, "
        + "recorded_at) SELECT ?, case_no, tenant_id, party_type, id_number, ? FROM tw_party_identity "
        + "WHERE process_instance_id = ? AND NOT EXISTS (SELECT 1 FROM tw_party_identity WHERE process_instance_id = ?)",
        restart, Timestamp.from(ClockUtil.getCurrentTime().toInstant()), restarted, restart);
  }

  /** The case's number, or null if it has none. */
  public String numberOf(String processInstanceId) {
    List<String> numbers = jdbc.queryForList("SELECT id_number FROM tw_party_identity WHERE process_instance_id = ?",
        String.class, processInstanceId);
    return numbers.isEmpty() ? null : numbers.get(0);
  }

  /** A number an administrator wrote into the case: checked for the case's party type as the registration checks it. */
  @Override
  public void keepWritten(DelegateExecution root, Object value) {
    Object partyType = root.getVariable("partyType");
    if (partyType == null) {
      throw new RejectedInputException(VARIABLE, NO_PARTY); // a window case, a decision: nobody is a party to it
    }
    String number = checked(partyType.toString(), value);
    if (number == null) {
      throw new RejectedInputException(VARIABLE, "请填写当事人的身份证号码或统一社会信用代码。");
    }
    record(root.getId(), root.getBusinessKey(), root.getTenantId(), partyType.toString(), number,
        ClockUtil.getCurrentTime().toInstant());
  }
}
