package cn.township.workflow.messages;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static cn.township.workflow.support.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.support.ProcessTestCase;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The applicant's text messages: one per notice that matters, with the analysts' text, sent once, retried, failed. */
@ExtendWith(OutputCaptureExtension.class)
class MessagesProcessTest extends ProcessTestCase {

  static final List<String> HOMESTEAD_MATERIALS = List.of("农村宅基地和建房（规划许可）申请表", "申请人身份证明", "户口簿",
      "村民小组会议讨论意见及村委会审查意见", "住房设计图或通用图");

  @Autowired JdbcTemplate jdbc;
  @Autowired MessageSender sender;
  @Autowired MessageSettings settings;
  @Autowired Deadlines deadlines;
  @Autowired PlatformTransactionManager transactions;
  @Autowired cn.township.workflow.window.ApplicantRatings ratings;
  @Autowired FailureSummaries failures;

  /**
   * The process tests share one database: messages other test classes' cases left unsent (more than a sender's
   * batch, at any clock) would be sent by the rounds these tests count. They are not these tests' business.
   */
  @BeforeEach
  void leaveNoOtherTestsMessagesDue() {
    jdbc.update("DELETE FROM tw_message WHERE status = 'PENDING'");
  }

  record Message(String code, String phone, String text, String status, int attempts, String lastError) {}

  List<Message> messagesOf(String receiptNo) {
    return jdbc.query("SELECT * FROM tw_message WHERE receipt_no = ? ORDER BY created_at, template_code",
        (rs, i) -> new Message(rs.getString("template_code"), rs.getString("phone"), rs.getString("text"),
            rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error")), receiptNo);
  }

  Task taskOf(ProcessInstance instance) {
    return tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).singleResult();
  }

  String variable(ProcessInstance instance, String name) {
    return (String) runtime.getVariable(instance.getId(), name);
  }

  @Test
  void eachNoticeThatMattersEnqueuesExactlyOneMessageWithItsText() {
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    String no = instance.getBusinessKey();
    String matter = variable(instance, "matterName");
    assertThat(messagesOf(no)).singleElement().satisfies(m -> {
      assertThat(m.code()).isEqualTo("RECEIPT");
      assertThat(m.phone()).isEqualTo("13800138000");
      assertThat(m.status()).isEqualTo("PENDING");
      assertThat(m.text()).isEqualTo("【青山镇】王大山：您申请的“" + matter + "”材料已收到，受理编号" + no + "，查询码"
          + variable(instance, "queryCode") + "（也是评价码，请妥善保管）。");
    });

    complete(taskOf(instance), withVariables("receivedMaterials", HOMESTEAD_MATERIALS, "acceptable", true));
    at(MONDAY.withDayOfMonth(26));
    complete(taskOf(instance), withVariables("reviewResult", "extend", "reviewOpinion", "需等待村委会复核",
        "extensionReasons", "需现场复核宅基地四至"));
    complete(taskOf(instance), withVariables("extensionApproved", true, "extensionDecisionNote", "同意延长"));
    complete(taskOf(instance), withVariables("reviewResult", "approve", "reviewOpinion", "符合一户一宅"));
    complete(taskOf(instance), withVariables("leaderDecision", "agree", "leaderOpinion", "同意"));
    complete(taskOf(instance), withVariables("deliveryMethod", "window", "decisionDelivered", true));

    // one each (the clock stood still for some steps: compared by code, not by time)
    assertThat(messagesOf(no)).extracting(Message::code).containsExactlyInAnyOrder("RECEIPT", "ACCEPTED",
        "TIME_LIMIT_EXTENDED", "DECISION_READY", "RATING_INVITATION");
    Map<String, Message> byCode = messagesOf(no).stream().collect(java.util.stream.Collectors.toMap(Message::code,
        m -> m));
    List<Message> messages = List.of(byCode.get("RECEIPT"), byCode.get("ACCEPTED"), byCode.get("TIME_LIMIT_EXTENDED"),
        byCode.get("DECISION_READY"), byCode.get("RATING_INVITATION"));
    // 20 working days from 11-16: 12-14; ten more: 12-28
    assertThat(messages.get(1).text()).isEqualTo("【青山镇】王大山：您的申请（受理编号" + no + "）已受理，承诺于2026年12月14日前办结。");
    assertThat(messages.get(2).text()).isEqualTo("【青山镇】王大山：经负责人批准，您的申请（受理编号" + no
        + "）办理期限延长至2026年12月28日，理由见延长办理期限告知书。");
    assertThat(messages.get(3).text()).isEqualTo("【青山镇】王大山：您申请的“" + matter + "”（受理编号" + no
        + "）已作出决定，请携身份证件到青山镇便民服务中心领取决定书。");
    assertThat(messages.get(4).text()).startsWith("【青山镇】王大山：您的申请（受理编号" + no + "）已办结，欢迎于2026年");
  }

  @Test
  void theOneTimeNoticeOfMissingMaterialsIsTextedWithItsDeadline() {
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review",
        anApplication().forMatter("TEMPORARY_ASSISTANCE").variables());
    complete(taskOf(instance), withVariables("receivedMaterials", List.of("临时救助申请书"), "acceptable", true));
    assertThat(messagesOf(instance.getBusinessKey())).extracting(Message::code)
        .containsExactlyInAnyOrder("RECEIPT", "MISSING_MATERIALS");
    // 10 working days from Monday 11-16: 11-30
    assertThat(messagesOf(instance.getBusinessKey()).stream().filter(m -> m.code().equals("MISSING_MATERIALS"))
        .findFirst().orElseThrow().text()).isEqualTo("【青山镇】王大山：您的申请（受理编号"
        + instance.getBusinessKey() + "）材料不全，请于2026年11月30日前一次补齐，所缺材料见补正材料一次性告知书。");
  }

  @Test
  void aRefusedRegistrationLeavesNoMessage() {
    Integer before = jdbc.queryForObject("SELECT COUNT(*) FROM tw_message", Integer.class);
    assertRejected(() -> runtime.startProcessInstanceByKey("delegated-review",
        anApplication().idNumber("430521198001011230").variables()), "身份证");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_message", Integer.class)).isEqualTo(before);
  }

  @Test
  void theSameCauseIsNeverEnqueuedTwice() {
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM tw_message WHERE receipt_no = ?",
        instance.getBusinessKey());
    assertThatThrownBy(() -> jdbc.update("INSERT INTO tw_message (id, receipt_no, phone, template_code, cause, text, "
            + "status, next_attempt_at, created_at) VALUES ('again', ?, ?, ?, ?, ?, 'PENDING', ?, ?)",
        row.get("RECEIPT_NO"), row.get("PHONE"), row.get("TEMPLATE_CODE"), row.get("CAUSE"), row.get("TEXT"),
        row.get("NEXT_ATTEMPT_AT"), row.get("CREATED_AT")))
        .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
  }

  @Test
  void aDueMessageIsSentOnceAndThenLeftAlone() {
    sender.sendDue(); // what other tests left
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    assertThat(sender.sendDue()).isEqualTo(1);
    assertThat(messagesOf(instance.getBusinessKey())).singleElement().satisfies(m -> {
      assertThat(m.status()).isEqualTo("SENT");
      assertThat(m.attempts()).isEqualTo(1);
    });
    assertThat(sender.sendDue()).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tw_message_delivery d JOIN tw_message m ON m.id = d.message_id "
        + "WHERE m.receipt_no = ?", Integer.class, instance.getBusinessKey())).isEqualTo(1);
  }

  /** A sender on the test's database with the given gateway. */
  MessageSender senderWith(SmsGateway gateway) {
    return new MessageSender(jdbc, gateway, settings, deadlines, transactions, failures);
  }

  @Test
  void aFailedAttemptIsRetriedAfterTheConfiguredDelaysAndFailsAfterTheLast() {
    sender.sendDue();
    assertThat(settings.attemptDelays()).containsExactly(Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(90));
    List<String> tried = new ArrayList<>();
    MessageSender failing = senderWith(message -> {
      tried.add(message.id());
      throw new IllegalStateException("平台拒绝 " + message.phone());
    });
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    assertThat(failing.sendDue()).isEqualTo(1);
    Message first = messagesOf(instance.getBusinessKey()).get(0);
    assertThat(first.status()).isEqualTo("PENDING");
    assertThat(first.attempts()).isEqualTo(1);
    // the phone number is personal data: the error kept shows it masked
    assertThat(first.lastError()).isEqualTo("平台拒绝 138****8000");

    at(MONDAY.plusSeconds(29));
    assertThat(failing.sendDue()).isZero();
    at(MONDAY.plusSeconds(30));
    assertThat(failing.sendDue()).isEqualTo(1);
    at(MONDAY.plusSeconds(30 + 89));
    assertThat(failing.sendDue()).isZero();
    at(MONDAY.plusSeconds(30 + 90));
    assertThat(failing.sendDue()).isEqualTo(1);
    assertThat(messagesOf(instance.getBusinessKey()).get(0)).satisfies(m -> {
      assertThat(m.status()).isEqualTo("FAILED");
      assertThat(m.attempts()).isEqualTo(3);
    });
    at(MONDAY.plusDays(1));
    assertThat(failing.sendDue()).isZero();
    assertThat(tried).hasSize(3).containsOnly(tried.get(0));
  }

  /**
   * The receipt message carries the applicant's name and the query code (with the receipt number it opens the case,
   * its documents and the rating): the sent message's log line names it by id and template, and a platform's error
   * that quotes the message is kept and logged without the text, the name and the code.
   */
  @Test
  void neitherTheLogNorTheKeptErrorShowTheQueryCodeOrTheName(CapturedOutput output) {
    sender.sendDue();
    ProcessInstance sent = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    String sentCode = variable(sent, "queryCode");
    String messageId = jdbc.queryForObject("SELECT id FROM tw_message WHERE receipt_no = ?", String.class,
        sent.getBusinessKey());
    assertThat(sender.sendDue()).isEqualTo(1);
    assertThat(output.getAll()).contains("短信已发送 message=" + messageId + " receiptNo=" + sent.getBusinessKey()
        + " template=RECEIPT");

    // a platform that quotes what it was sent: whole, and in pieces
    MessageSender quoting = senderWith(message -> {
      int code = message.text().indexOf("查询码");
      throw new IllegalStateException("短信平台返回 400：{\"text\":\"" + message.text() + "\",\"hint\":\"“"
          + message.text().substring(5, 8) + "”“" + message.text().substring(code, code + 11) + "”含敏感词\"}");
    });
    ProcessInstance failed = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    String failedCode = variable(failed, "queryCode");
    assertThat(quoting.sendDue()).isEqualTo(1);
    Message kept = messagesOf(failed.getBusinessKey()).get(0);
    assertThat(kept.text()).contains(failedCode).contains("王大山");
    assertThat(kept.lastError()).startsWith("短信平台返回 400：").doesNotContain(failedCode).doesNotContain("王大山")
        .hasSizeLessThanOrEqualTo(FailureSummaries.MAX_LENGTH + 1);
    assertThat(output.getAll()).contains("短信发送失败（第1次），稍后重试 message=")
        .doesNotContain(sentCode).doesNotContain(failedCode).doesNotContain("王大山");
  }

  @Test
  void aMessageThatFailsOnceIsSentOnTheRetry() {
    sender.sendDue();
    AtomicInteger calls = new AtomicInteger();
    MessageSender flaky = senderWith(message -> {
      if (calls.incrementAndGet() == 1) {
        throw new java.io.IOException("连接超时");
      }
    });
    ProcessInstance instance = runtime.startProcessInstanceByKey("delegated-review", anApplication().variables());
    flaky.sendDue();
    at(MONDAY.plusSeconds(30));
    assertThat(flaky.sendDue()).isEqualTo(1);
    assertThat(messagesOf(instance.getBusinessKey()).get(0)).satisfies(m -> {
      assertThat(m.status()).isEqualTo("SENT");
      assertThat(m.attempts()).isEqualTo(2);
      assertThat(m.lastError()).isNull();
    });
  }

  @Test
  void theHttpGatewayPostsTheMessageWithItsCredentialsAndTakesOnlyA2xxAsSent() throws Exception {
    List<String> bodies = new ArrayList<>();
    List<String> authorizations = new ArrayList<>();
    AtomicInteger answer = new AtomicInteger(200);
    HttpServer platform = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    platform.createContext("/sms", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] reply = "{\"code\":\"busy\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.get(), reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    platform.start();
    try {
      HttpSmsGateway gateway = new HttpSmsGateway(new MessageSettings("http", false, 20, null,
          new MessageSettings.Http("http://127.0.0.1:" + platform.getAddress().getPort() + "/sms", "township",
              "s3cret", Duration.ofSeconds(5))));
      gateway.send(new SmsGateway.OutgoingMessage("m-1", "QS-20261116-0001", "RECEIPT", "13800138000", "【青山镇】您好"));
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bodies.get(0));
      assertThat(json.get("phone").asText()).isEqualTo("13800138000");
      assertThat(json.get("text").asText()).isEqualTo("【青山镇】您好");
      assertThat(json.get("reference").asText()).isEqualTo("m-1");
      assertThat(authorizations.get(0)).isEqualTo("Basic " + java.util.Base64.getEncoder()
          .encodeToString("township:s3cret".getBytes(StandardCharsets.UTF_8)));

      answer.set(503);
      assertThatThrownBy(() -> gateway.send(new SmsGateway.OutgoingMessage("m-2", "QS-20261116-0001",
          "RECEIPT", "13800138000", "【青山镇】您好"))).hasMessage("短信平台返回 503：{\"code\":\"busy\"}");
    } finally {
      platform.stop(0);
    }
  }
}
