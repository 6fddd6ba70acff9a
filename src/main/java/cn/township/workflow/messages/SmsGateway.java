package cn.township.workflow.messages;

/** Hands one message to the applicant's phone; throws when it could not (the sender retries later). */
public interface SmsGateway {

  record OutgoingMessage(String id, String receiptNo, String phone, String text) {}

  void send(OutgoingMessage message) throws Exception;
}
