package cn.township.workflow.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal information a reader has no need for (个人信息保护法第五十一条: 去标识化): resident ID numbers keep their
 * region and last four characters ({@code 110105********002X}), mobile numbers their first three and last four
 * ({@code 138****8000}). The one place that masks, wherever text leaves the case's own staff: logs, error messages,
 * supervision figures, the applicant's public pages.
 */
public final class PersonalData {

  private static final Pattern ID_NUMBER =
      Pattern.compile("(?<![0-9A-Za-z])(\\d{6})\\d{8}(\\d{3}[0-9Xx])(?![0-9A-Za-z])");
  private static final Pattern MOBILE = Pattern.compile("(?<![0-9])(1[3-9]\\d)\\d{4}(\\d{4})(?![0-9])");

  private PersonalData() {
  }

  /** The text with every ID number and mobile number in it masked. */
  public static String mask(String text) {
    if (text == null || text.length() < 11) {
      return text;
    }
    String masked = ID_NUMBER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "********"
        + m.group(2)));
    return MOBILE.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "****" + m.group(2)));
  }
}
