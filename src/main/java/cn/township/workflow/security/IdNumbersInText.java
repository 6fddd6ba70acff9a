package cn.township.workflow.security;

import cn.township.workflow.enforcement.CreditCode;
import cn.township.workflow.window.ChineseIdNumber;
import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a resident ID number (GB 11643-1999) typed where it does not belong: in a remark, the facts of a case, an
 * address, a comment, or any string of a JSON value. Full-width digits (a Chinese input method's) count as digits
 * (NFKC), so do every script's decimal digits (Arabic-Indic ones NFKC leaves), invisible characters are dropped, and
 * digit groups joined by spaces, hyphens or dots are joined ({@code 430521 19800101 1234}). A candidate is 18 characters, the last a digit or X, with a province (GB/T 2260) in
 * its first two, a birth date that exists and is neither before 1900 nor in the future, and the right check character:
 * an 11-digit mobile number, a date, an amount, a receipt number ({@code QS-20261028-0002}) or a 19-digit bank card
 * is none, and a 统一社会信用代码 that passes both its checks ({@link CreditCode#isCode}) is not taken for one. The old
 * 15-digit form has no check character and is not looked for: it cannot be told from other 15-digit numbers.
 * <p>
 * Linear in the text's length (no backtracking expression), so a value of any size is read in one pass.
 */
public final class IdNumbersInText {

  /** GB/T 2260's first two digits: the provinces, Taiwan (71), Hong Kong (81), Macao (82), residence permits (83). */
  private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
      "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
      "65", "71", "81", "82", "83");
  /** How many joining characters may stand between two digit groups of one number. */
  private static final int MAX_JOIN = 2;

  private IdNumbersInText() {}

  /** Whether the text holds a resident ID number. */
  public static boolean contains(String text) {
    if (text == null || text.length() < 18) {
      return false;
    }
    String normalized = plainDigits(Normalizer.normalize(text, Normalizer.Form.NFKC));
    int i = 0;
    while (i < normalized.length()) {
      if (isDigit(normalized.charAt(i)) && (i == 0 || !isDigit(normalized.charAt(i - 1)))) {
        List<String> groups = new ArrayList<>();
        i = run(normalized, i, groups);
        if (holdsOne(groups)) {
          return true;
        }
      } else {
        i++;
      }
    }
    return false;
  }

  /**
   * The path of the first string (or number, or member name) in a JSON value that holds an ID number: {@code ""} for
   * the value itself, {@code "address.line"}, {@code "items[2]"}; null if none does.
   */
  public static String pathIn(JsonNode node) {
    return pathIn(node, "");
  }

  private static String pathIn(JsonNode node, String path) {
    if (node.isTextual() || node.isNumber()) {
      return contains(node.asText()) ? path : null;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = pathIn(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String named = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (contains(field.getKey())) {
        return named;
      }
      String found = pathIn(field.getValue(), named);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * Reads the digit groups from {@code start} (a digit after a non-digit) to the end of the run: a group is digits,
   * maybe ending in X; the next group follows after at most {@value #MAX_JOIN} joining characters. Returns where the
   * run ends.
   */
  private static int run(String text, int start, List<String> groups) {
    int i = start;
    while (true) {
      int from = i;
      while (i < text.length() && isDigit(text.charAt(i))) {
        i++;
      }
      if (i < text.length() && (text.charAt(i) == 'X' || text.charAt(i) == 'x')) {
        i++;
      }
      groups.add(text.substring(from, i));
      int joined = i;
      while (joined < text.length() && joined - i < MAX_JOIN && isJoining(text.charAt(joined))) {
        joined++;
      }
      if (joined == i || joined >= text.length() || !isDigit(text.charAt(joined))
          || Character.toUpperCase(text.charAt(i - 1)) == 'X') {
        return i;
      }
      i = joined;
    }
  }

  /** Whether consecutive groups of a run make up, exactly, a valid ID number. */
  private static boolean holdsOne(List<String> groups) {
    for (int first = 0; first < groups.size(); first++) {
      StringBuilder candidate = new StringBuilder();
      for (int last = first; last < groups.size() && candidate.length() < 18; last++) {
        candidate.append(groups.get(last));
        if (candidate.length() == 18 && isIdNumber(candidate.toString().toUpperCase())) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean isIdNumber(String candidate) {
    int x = candidate.indexOf('X');
    return (x < 0 || x == 17) && PROVINCES.contains(candidate.substring(0, 2))
        && ChineseIdNumber.problem(candidate) == null && !CreditCode.isCode(candidate);
  }

  /**
   * The text with every decimal digit as an ASCII one (Arabic-Indic ٤٣٠, Devanagari ४३०: digits NFKC leaves as they
   * are) and without invisible characters (zero-width space and joiner, word joiner, soft hyphen): a number typed with
   * either reads as one, however many invisible characters stand in a gap.
   */
  private static String plainDigits(String text) {
    StringBuilder plain = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (Character.isDigit(c)) {
        plain.append((char) ('0' + Character.digit(c, 10)));
      } else if (Character.getType(c) != Character.FORMAT) {
        plain.appendCodePoint(c);
      }
    });
    return plain.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** What may stand between the digit groups of one number: spaces, dashes, dots, invisible characters. */
  private static boolean isJoining(char c) {
    return c == ' ' || c == '\t' || c == '.' || c == '·' || c == '・' || c == '_'
        || Character.getType(c) == Character.DASH_PUNCTUATION || Character.getType(c) == Character.FORMAT
        || Character.getType(c) == Character.SPACE_SEPARATOR;
  }
}
