package cn.township.workflow.system;

/**
 * What a citizen types without an account (a comment on a draft, a rating's comment) is stored and later read by staff.
 * It may not carry characters that are no text: control characters (a NUL, which PostgreSQL's text columns refuse
 * with an error, answered 500), direction overrides that make a text read otherwise than it is stored
 * ({@code U+202E}: "意见内容" shown reversed), or half of a character (a lone surrogate, stored as "?"). Line breaks and
 * tabs are text where a field has several lines.
 */
public final class PublicTexts {

  private PublicTexts() {}

  /**
   * Refuses {@code value} of {@code field} (named {@code label} to the caller) with 400 if it holds such a character;
   * null passes.
   */
  public static void check(String field, String label, String value, boolean multiline) {
    if (value == null) {
      return;
    }
    int position = 0;
    for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
      int c = value.codePointAt(i);
      position++;
      boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
      boolean refused = Character.isISOControl(c) && !(multiline && lineBreak)
          || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069
          || Character.getType(c) == Character.SURROGATE; // unpaired: a pair is one code point
      if (refused) {
        throw new RejectedInputException(field, label + "中有不可显示的字符（控制字符、文字方向控制符或残缺字符，位于第 "
            + position + " 个字符处），请删除后重新提交。");
      }
    }
  }
}
