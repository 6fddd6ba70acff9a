package cn.township.workflow.casefile;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.security.PersonalData;
import cn.township.workflow.system.RejectedInputException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * A correction (更正) of an issued document: which of its printed fields may change (documents/correction-fields.csv),
 * whether the new values are values such a field holds (a date as a date, a number as a number, no longer than the
 * table says), and the corrected model with its note (更正说明: what was changed from what to what, why, and when).
 */
@Component
public class DocumentCorrections {

  static final String FILE = "documents/correction-fields.csv";
  static final String RECIPIENT = "recipient";
  static final String PARAGRAPH = "paragraph";
  /** More fields than any document prints: a request naming more is refused before it is read further. */
  static final int MAX_FIELDS = 40;
  static final int MAX_REASON = 500;
  private static final Pattern PARAGRAPH_FIELD = Pattern.compile(PARAGRAPH + "([1-9]\\d{0,2})");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n]]|[\\u202A-\\u202E\\u2066-\\u2069]");
  private static final DateTimeFormatter CHINESE_DATE = DateTimeFormatter.ofPattern("uuuu年M月d日")
      .withResolverStyle(java.time.format.ResolverStyle.STRICT); // 2月30日 is no date, not 2月28日

  /** A correctable field: its label in the note and the longest value it takes. */
  record Field(String label, int maxLength) {}

  private final Map<String, Field> fields = new LinkedHashMap<>();
  private final Deadlines deadlines;

  public DocumentCorrections(Deadlines deadlines) throws IOException {
    this.deadlines = deadlines;
    for (DataFile.Row row : DataFile.read(FILE)) {
      String[] f = row.fields();
      if (f.length != 3 || !f[2].matches("[1-9]\\d{0,4}")) {
        throw new IllegalStateException(FILE + " line " + row.line() + ": 应为 field,label,max_length 三列，长度为正整数");
      }
      fields.put(f[0], new Field(f[1], Integer.parseInt(f[2])));
    }
  }

  /** The fields of the table (for the check that every value a template prints is named in it). */
  Map<String, Field> fields() {
    return Map.copyOf(fields);
  }

  /** What {@code printed} shows that may be corrected: field name → value as printed, in the document's order. */
  Map<String, String> correctable(PrintedDocument printed) {
    Map<String, String> shown = new LinkedHashMap<>();
    if (printed.recipient() != null && !printed.recipient().isBlank()) {
      shown.put(RECIPIENT, printed.recipient());
    }
    for (int i = 0; i < printed.paragraphs().size(); i++) {
      shown.put(PARAGRAPH + (i + 1), printed.paragraphs().get(i));
    }
    printed.caseValues().forEach((name, value) -> {
      if (fields.containsKey(name) && !name.equals(RECIPIENT) && !name.equals(PARAGRAPH)
          && !"boolean".equals(printed.kinds().get(name)) && value != null) {
        shown.put(name, String.valueOf(value));
      }
    });
    return shown;
  }

  /**
   * {@code printed} with {@code requested} (field → new value) applied and the note of this correction added; empty
   * where the request repeats exactly the last correction {@code printed} shows (a replay: nothing to do). Refused
   * (400, in Chinese) where a field was not printed, a value is not one the field takes or changes nothing, or the
   * reason is missing.
   */
  java.util.Optional<PrintedDocument> apply(PrintedDocument printed, Map<String, String> requested, String reason,
                                            boolean rebuilt) {
    String why = reason(reason);
    Map<String, String> shown = correctable(printed);
    if (requested == null || requested.isEmpty()) {
      throw new RejectedInputException("fields", "请写明要更正的内容（fields：字段 → 更正后的内容）。本文书可更正的有："
          + describe(shown) + "。");
    }
    if (requested.size() > MAX_FIELDS) {
      throw new RejectedInputException("fields", "一次更正的内容过多（最多" + MAX_FIELDS + "项）。");
    }
    Map<String, String> checked = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : requested.entrySet()) { // checked in the request's order, refused at the first
      String field = entry.getKey();
      if (!shown.containsKey(field) && printed.caseValues().containsKey(field)) {
        throw new RejectedInputException("fields", "《" + printed.title() + "》中的“" + named(field)
            + "”不能通过更正文书改变（查询码、承诺时限、其他文书的文号等）。本文书可更正的有：" + describe(shown) + "。");
      }
      if (!shown.containsKey(field)) {
        throw new RejectedInputException("fields", "《" + printed.title() + "》没有印出“"
            + named(field) + "”，不能更正。本文书可更正的有：" + describe(shown) + "。");
      }
      checked.put(field, value(field, label(field), entry.getValue(), printed.kinds().get(field)));
    }
    Map<String, String> corrected = new LinkedHashMap<>(); // the note names the changes in the document's order
    shown.keySet().stream().filter(checked::containsKey).forEach(field -> corrected.put(field, checked.get(field)));
    if (replays(printed, corrected, why)) {
      return java.util.Optional.empty();
    }
    String recipient = printed.recipient();
    List<String> paragraphs = new ArrayList<>(printed.paragraphs());
    Map<String, Object> values = new LinkedHashMap<>(printed.caseValues());
    List<PrintedDocument.Change> changes = new ArrayList<>();
    for (Map.Entry<String, String> entry : corrected.entrySet()) {
      String field = entry.getKey();
      String value = entry.getValue();
      String label = label(field);
      if (value.equals(shown.get(field))) {
        throw new RejectedInputException("fields", label + "已是“" + value + "”，无需更正。");
      }
      changes.add(new PrintedDocument.Change(field, label, shown.get(field), value));
      Matcher paragraph = PARAGRAPH_FIELD.matcher(field);
      if (field.equals(RECIPIENT)) {
        recipient = value;
      } else if (paragraph.matches()) {
        paragraphs.set(Integer.parseInt(paragraph.group(1)) - 1, value);
      } else {
        values.put(field, "number".equals(printed.kinds().get(field)) ? new java.math.BigDecimal(value) : value);
      }
    }
    List<PrintedDocument.Note> notes = new ArrayList<>(printed.corrections());
    notes.add(new PrintedDocument.Note(deadlines.formatDate(Date.from(deadlines.now())), why, changes, rebuilt));
    return java.util.Optional.of(new PrintedDocument(printed.organ(), printed.organNote(), printed.title(),
        printed.docNo(), printed.caseNo(), printed.date(), printed.issuedAt(), recipient, paragraphs, values,
        printed.kinds(), notes, printed.rebuilt() || rebuilt));
  }

  /** Whether {@code corrected} (values as printed) and {@code why} are exactly the last correction {@code printed} shows. */
  private static boolean replays(PrintedDocument printed, Map<String, String> corrected, String why) {
    if (printed.corrections().isEmpty()) {
      return false;
    }
    PrintedDocument.Note last = printed.corrections().get(printed.corrections().size() - 1);
    Map<String, String> made = new LinkedHashMap<>();
    last.changes().forEach(c -> made.put(c.field(), c.to()));
    return last.reason().equals(why) && made.equals(corrected);
  }

  private static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new RejectedInputException("reason", "请填写更正理由（reason）：更正的是文书中的哪一处错误，为什么。");
    }
    String why = reason.strip();
    if (why.length() > MAX_REASON) {
      throw new RejectedInputException("reason", "更正理由过长（最多" + MAX_REASON + "字）。");
    }
    if (CONTROL.matcher(why).find()) {
      throw new RejectedInputException("reason", "更正理由含有不可打印的字符。");
    }
    return PersonalData.mask(why);
  }

  private String label(String field) {
    Matcher paragraph = PARAGRAPH_FIELD.matcher(field);
    return paragraph.matches() ? fields.get(PARAGRAPH).label().replace("{n}", paragraph.group(1))
        : fields.get(field).label();
  }

  /** The new value as the document prints it, or refused as the field's original would be. */
  private String value(String field, String label, String given, String kind) {
    if (given == null || given.isBlank()) {
      throw new RejectedInputException("fields", "请填写更正后的" + label + "。");
    }
    String value = given.strip();
    Field limits = fields.get(PARAGRAPH_FIELD.matcher(field).matches() ? PARAGRAPH : field);
    if (value.length() > limits.maxLength()) {
      throw new RejectedInputException("fields", label + "过长（最多" + limits.maxLength() + "字）。");
    }
    if (CONTROL.matcher(value).find() || value.contains("\n")) {
      throw new RejectedInputException("fields", label + "含有换行或不可打印的字符。");
    }
    if ("date".equals(kind)) {
      return deadlines.formatDate(Date.from(date(value, label).atStartOfDay(deadlines.zone()).toInstant()));
    }
    if ("number".equals(kind)) {
      java.math.BigDecimal number;
      try {
        number = new java.math.BigDecimal(value).stripTrailingZeros();
      } catch (NumberFormatException notANumber) {
        throw new RejectedInputException("fields", label + "应为数字。");
      }
      // written out in full, 1E+999999999 is a billion digits: the JVM ran out of memory printing one a few bytes long
      if (number.precision() - number.scale() > limits.maxLength() || number.scale() > limits.maxLength()) {
        throw new RejectedInputException("fields", label + "过长（最多" + limits.maxLength() + "位）。");
      }
      return number.toPlainString();
    }
    return PersonalData.mask(value);
  }

  private static LocalDate date(String value, String label) {
    for (DateTimeFormatter format : List.of(DateTimeFormatter.ISO_LOCAL_DATE, CHINESE_DATE)) {
      try {
        return LocalDate.parse(value, format);
      } catch (DateTimeParseException ignored) {
        // the other way of writing a date
      }
    }
    throw new RejectedInputException("fields", label + "应为日期（如 2026-03-01 或 2026年3月1日）。");
  }

  private String describe(Map<String, String> shown) {
    List<String> named = new ArrayList<>();
    shown.keySet().forEach(field -> named.add(field + "（" + label(field) + "）"));
    return named.isEmpty() ? "无" : String.join("、", named);
  }

  /** A field's name as sent, to repeat in a refusal: shortened, personal numbers masked. */
  static String named(String field) {
    return PersonalData.mask(field.length() > 40 ? field.substring(0, 40) + "…" : field);
  }
}
