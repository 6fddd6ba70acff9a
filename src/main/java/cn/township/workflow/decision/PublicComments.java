package cn.township.workflow.decision;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Every comment on a draft decision is stored, whichever way it came (公众参与, 条例第十四条、第十五条). */
@Component
public class PublicComments {

  public enum Channel { PUBLIC, STAFF }

  private final JdbcTemplate jdbc;

  public PublicComments(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void add(String decisionNo, Channel channel, String commenter, String contact, String content,
                  String recordedBy, Instant at) {
    jdbc.update("INSERT INTO tw_public_comment (id, decision_no, channel, commenter, contact, content, recorded_by, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), decisionNo, channel.name(),
        commenter, contact, content, recordedBy, Timestamp.from(at));
  }

  public int count(String decisionNo) {
    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM tw_public_comment WHERE decision_no = ?", Integer.class,
        decisionNo);
    return count == null ? 0 : count;
  }
}
