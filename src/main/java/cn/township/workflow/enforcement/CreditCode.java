package cn.township.workflow.enforcement;

/**
 * An organization's 统一社会信用代码 (GB 32100-2015): 18 characters of the 31-character set without I, O, Z, S, V, the
 * 18th a check character (weights 3^i mod 31); characters 9–17 are its 组织机构代码 (GB 11714-1997), with a check
 * character of its own. Also the nine-character 组织机构代码 alone, which organizations registered before 2015 may
 * still give.
 */
public final class CreditCode {

  private static final String CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  private static final int[] ORGANIZATION_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

  static final String FORMAT = "统一社会信用代码应为18位，由数字和大写英文字母（不含I、O、Z、S、V）组成；"
      + "组织机构代码为9位（可写作“8位-1位”）。请核对。";
  static final String CHECK = "统一社会信用代码校验位不正确，请核对。";
  static final String ORGANIZATION_CHECK = "组织机构代码校验位不正确，请核对。";

  private CreditCode() {}

  /** Null if the code (trimmed, upper case) is a valid 统一社会信用代码 or 组织机构代码, otherwise the reason in Chinese. */
  public static String problem(String code) {
    if (code.length() == 18) {
      for (int i = 0; i < 18; i++) {
        if (CHARACTERS.indexOf(code.charAt(i)) < 0) {
          return FORMAT;
        }
      }
      return code.charAt(17) == checkCharacter(code) ? null : CHECK;
    }
    String organization = code.length() == 10 && code.charAt(8) == '-' ? code.substring(0, 8) + code.charAt(9) : code;
    if (!organization.matches("[0-9A-Z]{8}[0-9X]")) {
      return FORMAT;
    }
    return organizationCheck(organization) == organization.charAt(8) ? null : ORGANIZATION_CHECK;
  }

  /**
   * Whether 18 characters are a 统一社会信用代码 whose embedded 组织机构代码 is valid too: what tells a code of digits only
   * from a resident ID number that happens to pass the code's check (one in 31 would; one in 341 passes both).
   */
  public static boolean isCode(String code) {
    return code.length() == 18 && problem(code) == null && organizationCheck(code.substring(8, 17)) == code.charAt(16);
  }

  /** Appends the check character to 17 characters: used to make valid test and demo codes. */
  public static String withCheckCharacter(String first17) {
    return first17 + checkCharacter(first17);
  }

  private static char checkCharacter(String code) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += CHARACTERS.indexOf(code.charAt(i)) * WEIGHTS[i];
    }
    return CHARACTERS.charAt((31 - sum % 31) % 31);
  }

  /** GB 11714's check character of a code's first eight characters (digits, or letters counted A = 10 … Z = 35). */
  private static char organizationCheck(String code) {
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      char c = code.charAt(i);
      int value = Character.isDigit(c) ? c - '0' : Character.isLetter(c) ? c - 'A' + 10 : -1000;
      sum += value * ORGANIZATION_WEIGHTS[i];
    }
    int check = 11 - Math.floorMod(sum, 11);
    return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
  }
}
