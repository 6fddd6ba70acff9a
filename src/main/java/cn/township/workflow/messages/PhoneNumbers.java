package cn.township.workflow.messages;

/** Phone numbers are personal data: logs and answers show them masked (138****8000). */
public final class PhoneNumbers {

  private PhoneNumbers() {}

  public static String mask(String phone) {
    if (phone == null || phone.length() < 7) {
      return "****";
    }
    return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
  }
}
