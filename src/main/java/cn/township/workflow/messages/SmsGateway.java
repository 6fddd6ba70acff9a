package cn.township.workflow.messages;

/** Hands one message to the applicant's phone; throws when it could not (the sender retries later). */
public interface SmsGateway {

  /** {@code templateCode}: which message it is (RECEIPT, DECISION_READY …), what the logs name instead of the text. */
  record OutgoingMessage(String id, String receiptNo, String templateCode, String phone, String text) {}

  void send(OutgoingMessage message) throws Exception;
}
