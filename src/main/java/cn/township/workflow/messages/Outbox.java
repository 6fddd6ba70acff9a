package cn.township.workflow.messages;

import cn.township.workflow.catalog.Deadlines;
import java.sql.Timestamp;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The applicant's messages, written to {@code tw_message} in the transaction of the step that causes them (a step
 * rolled back leaves no message; {@link MessageSender} sends after commit). One message per case, template and cause:
 * the n-th message of a template on a case has the cause "step:n", so a step run again never enqueues twice.
 */
@Component
public class Outbox {

  private final JdbcTemplate jdbc;
  private final MessageTemplates templates;
  private final Deadlines deadlines;
  private final MessageSettings settings;

  public Outbox(JdbcTemplate jdbc, MessageTemplates templates, Deadlines deadlines, MessageSettings settings) {
    this.jdbc = jdbc;
    this.templates = templates;
    this.deadlines = deadlines;
    this.settings = settings;
  }

  /**
   * Enqueues the message {@code code} to the case's applicant, if analysts wrote a template for it and the
   * applicant gave a phone number. Returns whether one was enqueued.
   */
  public boolean enqueue(DelegateExecution execution, String code) {
    Object phone = execution.getVariable("applicantPhone");
    Object receiptNo = execution.getVariable("receiptNo");
    if (templates.template(code).isEmpty() || !(phone instanceof String number) || number.isBlank()
        || receiptNo == null) {
      return false;
    }
    Timestamp now = Timestamp.from(deadlines.now());
    // the cause numbers the case's messages of this template ("Task_X:2"), counted in the insert; two nodes counting
    // at once get the same number and the unique (receipt_no, template_code, cause) refuses the second: never sent twice
    jdbc.update("INSERT INTO tw_message (id, receipt_no, township_id, phone, template_code, cause, text, status, "
            + "attempts, next_attempt_at, created_at) SELECT ?, ?, ?, ?, ?, CONCAT(?, ':', CAST(COUNT(*) + 1 AS "
            + "VARCHAR(12))), ?, 'PENDING', 0, ?, ? FROM tw_message WHERE receipt_no = ? AND template_code = ?",
        UUID.randomUUID().toString(), receiptNo, execution.getTenantId(), number.strip(), code,
        execution.getCurrentActivityId(), templates.render(code, values(execution)),
        Timestamp.from(deadlines.now().plus(settings.delayBefore(1))), now, receiptNo, code);
    return true;
  }

  private Map<String, String> values(DelegateExecution execution) {
    Map<String, String> values = new HashMap<>();
    for (String name : MessageTemplates.PLACEHOLDERS) {
      Object value = execution.getVariable(name);
      if (value instanceof Date date) {
        values.put(name, deadlines.formatDate(date));
      } else if (value != null) {
        values.put(name, value.toString());
      }
    }
    // where the decision is collected: the window chosen for it (全县域通办), else the handling township's
    values.putIfAbsent("issuingWindow", values.getOrDefault("townshipName", "") + "便民服务中心");
    return values;
  }
}
