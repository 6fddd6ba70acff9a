package cn.township.workflow.messages;

import cn.township.workflow.catalog.Deadlines;
import java.sql.Timestamp;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The default gateway (demo, installations without an SMS platform): logs that the message was sent and writes a row
 * to {@code tw_message_delivery} with the node that sent it. The log names the message, never its text: the receipt
 * message carries the applicant's name and the query code, which opens the case, its documents and the rating.
 */
@Component
@ConditionalOnProperty(prefix = "township.messages", name = "gateway", havingValue = "log", matchIfMissing = true)
public class LogGateway implements SmsGateway {

  private static final Logger log = LoggerFactory.getLogger(LogGateway.class);

  private final JdbcTemplate jdbc;
  private final Deadlines deadlines;
  private final String node;

  public LogGateway(JdbcTemplate jdbc, Deadlines deadlines,
                    @Value("${camunda.bpm.generic-properties.properties.hostname:${HOSTNAME:local}}") String node) {
    this.jdbc = jdbc;
    this.deadlines = deadlines;
    this.node = node;
  }

  @Override
  public void send(OutgoingMessage message) {
    jdbc.update("INSERT INTO tw_message_delivery (id, message_id, node, delivered_at) VALUES (?, ?, ?, ?)",
        UUID.randomUUID().toString(), message.id(), node, Timestamp.from(deadlines.now()));
    log.info("短信已发送 message={} receiptNo={} template={}", message.id(), message.receiptNo(), message.templateCode());
  }
}
