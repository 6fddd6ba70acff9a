package cn.township.workflow.casefile;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.messages.Outbox;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every written notice the office gives (一次性告知书, 受理通知书, 决定书, warnings to staff), kept on the
 * record in the case's transaction. Delivery (print at the window, SMS) reads from here.
 */
@Component
public class NoticeBook {

  /** Kinds of notice, with the name printed on the document. */
  public enum Kind {
    RECEIPT("收件回执"),
    MISSING_MATERIALS("补正材料一次性告知书"),
    NOT_ACCEPTED("不予受理决定书"),
    ACCEPTED("受理通知书"),
    WITHDRAWN("视为撤回申请告知书"),
    DECISION("办理决定书"),
    TIME_LIMIT_WARNING("办理时限预警"),
    RECTIFICATION_REMINDER("整改催办"),
    FORWARDED("转报通知"),
    REMINDER("催办通知"),
    DEEMED_AGREEMENT("超时默认记录"),
    OVERDUE_ESCALATION("超期督办通知"),
    LEVEL_DECISION("上级审查结果告知"),
    NOT_FORWARDED("不予转报告知书"),
    DECISION_RECORD("重大行政决策记录"),
    ENFORCEMENT_RECORD("执法文书"),
    PUBLICATION("向社会公布"),
    DEADLINE_CHANGED("期限调整告知书"),
    RATING_INVITATION("服务评价邀请"),
    EXCLUDED_PERIOD("期限中止（恢复）告知书"),
    TIME_LIMIT_EXTENDED("延长办理期限告知书"),
    INTERESTED_PARTY_NOTICE("利害关系人告知书"),
    HEARING_NOTICE("听证通知书"),
    PUBLIC_NOTICE("公示"),
    FORWARDING_LETTER("转报函"),
    TRANSFER("案件移送函"),
    FILING_APPROVAL("立案审批表"),
    PENALTY_NOTICE("行政处罚事先告知书"),
    PENALTY_DECISION("行政处罚决定书"),
    SERVICE_RECEIPT("送达回证"),
    DEMAND("催告书"),
    COMPULSION_DECISION("行政强制执行决定书"),
    COURT_APPLICATION("强制执行申请书"),
    COMMENT_NOTICE("征求意见公告"),
    DECISION_PUBLICATION("重大行政决策公布文本");

    public final String title;

    Kind(String title) {
      this.title = title;
    }
  }

  public record Notice(String receiptNo, String processInstanceId, String townshipId, String recipient,
                       Kind kind, String content, Instant createdAt) {}

  private final JdbcTemplate jdbc;
  private final Deadlines deadlines;
  private final Documents documents;
  private final Outbox outbox;

  public NoticeBook(JdbcTemplate jdbc, Deadlines deadlines, Documents documents, Outbox outbox) {
    this.jdbc = jdbc;
    this.deadlines = deadlines;
    this.documents = documents;
    this.outbox = outbox;
  }

  /**
   * A notice to the case's applicant, opening with their name, the matter and the receipt number,
   * followed by {@code body}, and the text message of the kind's name to their phone (documents/messages.csv, where
   * analysts wrote one). Returns the whole text as given.
   */
  public String toApplicant(DelegateExecution execution, Kind kind, String body) {
    return toApplicant(execution, kind, body, kind.name());
  }

  /** The same, with the text message {@code messageCode} (for a notice whose kind has another message). */
  public String toApplicant(DelegateExecution execution, Kind kind, String body, String messageCode) {
    String applicant = (String) execution.getVariable("applicantName");
    String text = "%s：您申请的“%s”（受理编号 %s）%s".formatted(applicant, execution.getVariable("matterName"),
        execution.getVariable("receiptNo"), body);
    give(execution, applicant, kind, text);
    outbox.enqueue(execution, messageCode);
    return text;
  }

  /**
   * The same notice to several recipients (groups "group:…", users "user:…", a party "party:…", or "public"); where
   * the kind is a document (documents/document-types.csv), one document is issued for all of them.
   */
  public void giveAll(DelegateExecution execution, java.util.Collection<String> recipients, Kind kind, String content) {
    recipients.forEach(recipient -> note(execution, recipient, kind, content));
    documents.issue(execution, kind, recipients.stream().map(NoticeBook::addressee)
        .filter(java.util.Objects::nonNull).findFirst().orElse(null), content);
  }

  /** Gives a notice on the case the execution belongs to, dated by the engine's clock, and issues its document. */
  public void give(DelegateExecution execution, String recipient, Kind kind, String content) {
    note(execution, recipient, kind, content);
    documents.issue(execution, kind, addressee(recipient), content);
  }

  private void note(DelegateExecution execution, String recipient, Kind kind, String content) {
    record(new Notice((String) execution.getVariable("receiptNo"), execution.getProcessInstanceId(),
        execution.getTenantId(), recipient, kind, content, deadlines.now()));
  }

  /** Whom a document is addressed to: the applicant or party by name; nobody for staff groups or the public. */
  static String addressee(String recipient) {
    if (recipient == null || recipient.equals("public") || recipient.startsWith("group:")
        || recipient.startsWith("user:") || recipient.startsWith("judicial:")) {
      return null;
    }
    return recipient.startsWith("party:") ? recipient.substring("party:".length()) : recipient;
  }

  public void record(Notice notice) {
    jdbc.update("INSERT INTO tw_notice (id, receipt_no, process_instance_id, township_id, recipient, kind, content, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        UUID.randomUUID().toString(), notice.receiptNo(), notice.processInstanceId(), notice.townshipId(),
        notice.recipient(), notice.kind().name(), notice.content(), Timestamp.from(notice.createdAt()));
  }

  public List<Notice> forCase(String receiptNo) {
    return jdbc.query("SELECT * FROM tw_notice WHERE receipt_no = ? ORDER BY created_at, kind", (rs, i) -> new Notice(
        rs.getString("receipt_no"), rs.getString("process_instance_id"), rs.getString("township_id"),
        rs.getString("recipient"), Kind.valueOf(rs.getString("kind")), rs.getString("content"),
        rs.getTimestamp("created_at").toInstant()), receiptNo);
  }
}
