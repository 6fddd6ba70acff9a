package cn.township.workflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.enforcement.CreditCode;
import cn.township.workflow.window.ChineseIdNumber;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What counts as a resident ID number in free text: a valid one however it is typed (full width, in groups), and none
 * of the numbers a case's text holds besides (receipt numbers, 文号, phone numbers, dates, amounts, credit codes).
 */
class IdNumbersInTextTest {

  static final String ID = ChineseIdNumber.withCheckCharacter("43052119800101123");
  static final String ID_X = ChineseIdNumber.withCheckCharacter("11010519491231002"); // ends in X

  static String fullWidth(String text) {
    StringBuilder wide = new StringBuilder();
    text.chars().forEach(c -> wide.append(c >= '0' && c <= '9' || c == 'X' ? (char) (c - 0x20 + 0xFF00) : (char) c));
    return wide.toString();
  }

  @Test
  void aValidNumberIsFoundHoweverItIsTyped() {
    assertThat(ID_X).endsWith("X");
    for (String text : new String[] {ID, "申请人身份证号" + ID + "，住青山镇东村", "身份证：" + ID_X.toLowerCase(),
        fullWidth(ID), "身份证号" + fullWidth(ID_X) + "。", ID.substring(0, 6) + " " + ID.substring(6, 14) + " "
        + ID.substring(14), ID.substring(0, 6) + "-" + ID.substring(6, 14) + "-" + ID.substring(14),
        String.join(" ", ID.split("(?<=\\G.{4})")), ID.substring(0, 9) + "\u200b" + ID.substring(9),
        "电话13800138000 身份证" + ID, "QS-20261028-0002 " + ID + " 2026-10-28", "ID:" + ID + "号"}) {
      assertThat(IdNumbersInText.contains(text)).as(text).isTrue();
    }
  }

  /** Each digit of {@code text} in the digits starting at {@code zero} (a script's or a font's). */
  static String inDigits(String text, int zero) {
    StringBuilder digits = new StringBuilder();
    text.codePoints().forEach(c -> digits.appendCodePoint(c >= '0' && c <= '9' ? zero + c - '0' : c));
    return digits.toString();
  }

  @Test
  void digitsOfOtherScriptsAndAnyRunOfInvisibleCharactersDoNotHideOne() {
    // Arabic-Indic, Devanagari and Adlam digits are digits NFKC leaves as they are; mathematical bold ones it folds
    for (int zero : new int[] {0x0660, 0x06F0, 0x0966, 0x1E950, 0x1D7CE}) {
      assertThat(IdNumbersInText.contains("身份证" + inDigits(ID, zero))).as("digits from U+%X", zero).isTrue();
    }
    // invisible characters (zero-width space, joiner, word joiner, soft hyphen) show nothing, however many there are
    String invisible = "\u200b\u200d\u2060\u00ad";
    assertThat(IdNumbersInText.contains(ID.substring(0, 6) + invisible + ID.substring(6))).isTrue();
    assertThat(IdNumbersInText.contains(String.join(invisible, ID.split("")))).isTrue();
    // a visible gap stays a gap: numbers three spaces apart are two numbers
    assertThat(IdNumbersInText.contains(ID.substring(0, 6) + "   " + ID.substring(6))).isFalse();
  }

  @Test
  void nearMissesAndOtherNumbersAreNotIdNumbers() {
    String wrongCheck = ID.substring(0, 17) + (ID.endsWith("0") ? "1" : "0");
    String noSuchDay = ChineseIdNumber.withCheckCharacter("43052119800230123");
    String future = ChineseIdNumber.withCheckCharacter("43052121000101123");
    String noProvince = ChineseIdNumber.withCheckCharacter("99052119800101123");
    for (String text : new String[] {wrongCheck, noSuchDay, future, noProvince, ID.substring(0, 17), ID + "5",
        "6" + ID, "受理编号 QS-20261028-0002", "青政发〔2026〕12号", "联系电话 13800138000、0731-84567890",
        "2026-10-28 至 2026-11-28", "罚款 123456789012.50 元", "20261028000212345", "银行卡号 6222021987010112345",
        "6222 0219 8001 0112 345", "QS-20261028-0002 430521", "时间戳 1733138000123 1733138000124"}) {
      assertThat(IdNumbersInText.contains(text)).as(text).isFalse();
    }
  }

  @Test
  void aCreditCodeIsNotAnIdNumberAndAnIdNumberNotACreditCode() {
    // a code of digits only that passes both of its checks, though its characters 7–14 read as a date and its last as
    // an ID number's check digit: an organization's code, not refused
    String code = digitsOnlyCodeThatLooksLikeAnIdNumber();
    assertThat(CreditCode.isCode(code)).isTrue();
    assertThat(ChineseIdNumber.problem(code)).isNull();
    assertThat(IdNumbersInText.contains("统一社会信用代码" + code)).isFalse();
    assertThat(IdNumbersInText.contains("统一社会信用代码91350100M000100Y43，联系人电话13800138000")).isFalse();
    // an ID number that passes the code's check but not the embedded organization code's: still an ID number
    String id = idNumberPassingTheCodesCheckOnly();
    assertThat(CreditCode.problem(id)).isNull();
    assertThat(IdNumbersInText.contains(id)).isTrue();
  }

  /** 12 (a public institution), a region, 19800101 where an ID number has its birth date, digits: found by trying. */
  static String digitsOnlyCodeThatLooksLikeAnIdNumber() {
    for (int region = 100; region < 10_000; region++) {
      for (int serial = 0; serial < 1000; serial++) {
        String code = CreditCode.withCheckCharacter(String.format("12%04d19800101%03d", region, serial));
        if (code.chars().allMatch(Character::isDigit) && CreditCode.isCode(code)
            && ChineseIdNumber.problem(code) == null) {
          return code;
        }
      }
    }
    throw new AssertionError("no such code");
  }

  static String idNumberPassingTheCodesCheckOnly() {
    for (int serial = 100; serial < 1000; serial++) {
      String id = ChineseIdNumber.withCheckCharacter("43052119800101" + serial);
      if (CreditCode.problem(id) == null && !CreditCode.isCode(id)) {
        return id;
      }
    }
    throw new AssertionError("no such number");
  }

  @Test
  void everyStringOfAJsonValueIsRead() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(IdNumbersInText.pathIn(json.readTree("{\"a\":{\"b\":[\"x\",\"身份证" + ID + "\"]}}"))).isEqualTo("a.b[1]");
    assertThat(IdNumbersInText.pathIn(json.readTree("[{\"n\":" + ID + "}]"))).as("a number").isEqualTo("[0].n");
    assertThat(IdNumbersInText.pathIn(json.readTree("{\"" + ID + "\":1}"))).as("a member's name").isEqualTo(ID);
    assertThat(IdNumbersInText.pathIn(json.readTree("{\"a\":\"\\u0034" + ID.substring(1) + "\"}")))
        .as("escaped in JSON").isEqualTo("a");
    assertThat(IdNumbersInText.pathIn(json.readTree("{\"receipt\":\"QS-20261028-0002\",\"phone\":13800138000}")))
        .isNull();
  }

  @Test
  void aLargeValueIsReadInOnePass() {
    String large = "1 ".repeat(500_000) + "2026-10-28 ".repeat(50_000);
    long started = System.nanoTime();
    assertThat(IdNumbersInText.contains(large)).isFalse();
    assertThat(IdNumbersInText.contains(large + ID)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }
}
