package cn.township.workflow.window;

import java.time.DateTimeException;
import java.time.LocalDate;

/** The 18-character resident identity number of GB 11643-1999, with its ISO 7064 MOD 11-2 check character. */
public final class ChineseIdNumber {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

  private ChineseIdNumber() {}

  /** Null if the number is valid, otherwise the reason in Chinese. */
  public static String problem(String number) {
    if (number == null || number.isBlank()) {
      return "请填写申请人身份证号码。";
    }
    String id = number.strip().toUpperCase();
    if (!id.matches("\\d{17}[\\dX]")) {
      return "身份证号码应为18位，前17位为数字，最后一位为数字或X。";
    }
    try {
      LocalDate birth = LocalDate.of(Integer.parseInt(id.substring(6, 10)),
          Integer.parseInt(id.substring(10, 12)), Integer.parseInt(id.substring(12, 14)));
      if (birth.getYear() < 1900 || birth.isAfter(LocalDate.now())) {
        return "身份证号码中的出生日期不合理。";
      }
    } catch (DateTimeException e) {
      return "身份证号码中的出生日期不存在。";
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (id.charAt(i) - '0') * WEIGHTS[i];
    }
    if (CHECK[sum % 11] != id.charAt(17)) {
      return "身份证号码校验位不正确，请核对。";
    }
    return null;
  }

  /** Appends the check character to 17 digits: used to make valid test and demo numbers. */
  public static String withCheckCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    }
    return first17 + CHECK[sum % 11];
  }
}
