package cn.township.workflow.messages;

import cn.township.workflow.catalog.Deadlines;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox's due messages after the steps that wrote them have committed. Each round claims a batch with
 * {@code SELECT … FOR UPDATE SKIP LOCKED} (H2 2.x and PostgreSQL): a row one node holds is skipped by the other, and
 * it is SENT before the lock is released, so two nodes never send one message twice. A failed attempt waits for the
 * next delay of {@code township.messages.attempt-delays}; after the last one the message is FAILED (the supervisor
 * sees it, the case is not held up). A node that dies between the gateway's answer and the commit sends that one
 * message again on the next round — the platform receives the message id as its reference.
 */
@Component
@EnableConfigurationProperties(MessageSettings.class)
public class MessageSender {

  private static final Logger log = LoggerFactory.getLogger(MessageSender.class);

  private final JdbcTemplate jdbc;
  private final SmsGateway gateway;
  private final MessageSettings settings;
  private final Deadlines deadlines;
  private final TransactionTemplate transaction;
  private final FailureSummaries failures;

  public MessageSender(JdbcTemplate jdbc, SmsGateway gateway, MessageSettings settings, Deadlines deadlines,
                       PlatformTransactionManager transactions, FailureSummaries failures) {
    this.jdbc = jdbc;
    this.gateway = gateway;
    this.settings = settings;
    this.deadlines = deadlines;
    this.transaction = new TransactionTemplate(transactions);
    this.failures = failures;
  }

  @Scheduled(fixedDelayString = "${township.messages.send-every-millis:5000}", initialDelay = 5000)
  void onSchedule() {
    if (settings.schedule()) {
      try {
        sendDue();
      } catch (RuntimeException e) {
        log.warn("短信发送轮次失败，下一轮重试：{}", e.getMessage());
      }
    }
  }

  /** One round: claims and sends the due messages (at most a batch); returns how many were handed to the gateway. */
  public int sendDue() {
    Integer sent = transaction.execute(status -> {
      Instant now = deadlines.now();
      List<SmsGateway.OutgoingMessage> due = jdbc.query("SELECT id, receipt_no, template_code, phone, text "
              + "FROM tw_message WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id "
              + "FETCH FIRST " + settings.batchSize() + " ROWS ONLY FOR UPDATE SKIP LOCKED",
          (rs, i) -> new SmsGateway.OutgoingMessage(rs.getString("id"), rs.getString("receipt_no"),
              rs.getString("template_code"), rs.getString("phone"), rs.getString("text")), Timestamp.from(now));
      for (SmsGateway.OutgoingMessage message : due) {
        attempt(message, now);
      }
      return due.size();
    });
    return sent == null ? 0 : sent;
  }

  private void attempt(SmsGateway.OutgoingMessage message, Instant now) {
    int attempt = jdbc.queryForObject("SELECT attempts FROM tw_message WHERE id = ?", Integer.class, message.id()) + 1;
    try {
      gateway.send(message);
      jdbc.update("UPDATE tw_message SET status = 'SENT', attempts = ?, sent_at = ?, last_error = NULL WHERE id = ?",
          attempt, Timestamp.from(now), message.id());
    } catch (Exception e) {
      // kept and logged without the text, name, query code and phone number: a platform's answer may quote them
      String error = failures.of(e, message);
      if (attempt >= settings.maxAttempts()) {
        jdbc.update("UPDATE tw_message SET status = 'FAILED', attempts = ?, last_error = ? WHERE id = ?",
            attempt, error, message.id());
        log.warn("短信发送失败，已尝试{}次，不再重试 message={} receiptNo={} template={}：{}", attempt, message.id(),
            message.receiptNo(), message.templateCode(), error);
      } else {
        jdbc.update("UPDATE tw_message SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
            attempt, error, Timestamp.from(now.plus(settings.delayBefore(attempt + 1))), message.id());
        log.info("短信发送失败（第{}次），稍后重试 message={} receiptNo={} template={}：{}", attempt, message.id(),
            message.receiptNo(), message.templateCode(), error);
      }
    }
  }
}
