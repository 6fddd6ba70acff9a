package cn.township.workflow.system;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;

/**
 * Reads and writes case variables whichever way they arrived: a Tasklist form submits lists as
 * JSON, REST callers and tests as Java lists. A missing required variable is a {@link RejectedInputException}.
 */
public final class CaseVariables {

  private CaseVariables() {}

  public static String text(VariableScope scope, String name, String label) {
    String value = optionalText(scope, name);
    if (value == null) {
      throw new RejectedInputException(name, "缺少必填项“" + label + "”（变量 " + name + "）。");
    }
    return value;
  }

  /** The trimmed text, or null when absent or blank. */
  public static String optionalText(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    if (value == null) {
      return null;
    }
    String text = value.toString().strip();
    return text.isEmpty() ? null : text;
  }

  public static boolean flag(VariableScope scope, String name, String label) {
    Object value = scope.getVariable(name);
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new RejectedInputException(name, "请选择“" + label + "”（变量 " + name + " 应为是/否）。");
  }

  /** The variable's text, which must be one of {@code allowed}; {@code expected} lists them for the message. */
  public static String oneOf(VariableScope scope, String name, String label, java.util.Set<String> allowed,
                             String expected) {
    String value = text(scope, name, label);
    if (!allowed.contains(value)) {
      throw new RejectedInputException(name, label + "应为" + expected + "。");
    }
    return value;
  }

  /** Checkboxes and radios may arrive as "true"/"false" text: each named variable becomes a Boolean (absent = false). */
  public static void normalizeFlags(VariableScope scope, String... names) {
    for (String name : names) {
      Object value = scope.getVariable(name);
      setIfChanged(scope, name, Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value)));
    }
  }

  /**
   * Sets the variable unless it already holds this value. The engine records every write, changed or not: writing a
   * variable an earlier transaction created costs a select of its history row and an update (docs/benchmarks.md).
   */
  public static void setIfChanged(VariableScope scope, String name, Object value) {
    if (!scope.hasVariable(name) || !java.util.Objects.equals(scope.getVariable(name), value)) {
      scope.setVariable(name, value);
    }
  }

  /**
   * Sets a variable that is read only in the transaction writing it (a gateway, the call activity's out-mapping) as
   * transient: nothing is stored and nothing goes into history. A case from before that already holds it as a stored
   * variable keeps it stored, because the engine refuses to turn one kind into the other.
   */
  public static void setTransient(VariableScope scope, String name, Object value) {
    boolean stored = scope.hasVariable(name) && !scope.getVariableTyped(name).isTransient();
    scope.setVariable(name, Variables.untypedValue(value, !stored));
  }

  /** An amount of money (元): a number, or a number written as text; absent or blank is zero. */
  public static BigDecimal amount(VariableScope scope, String name, String label) {
    Object value = scope.getVariable(name);
    if (value == null || value.toString().isBlank()) {
      return BigDecimal.ZERO;
    }
    try {
      return new BigDecimal(value.toString().strip());
    } catch (NumberFormatException notANumber) {
      throw new RejectedInputException(name, "“" + label + "”应为数额（元）。");
    }
  }

  /**
   * A date: as Tasklist's date field submits it ({@code 2026-11-18}), a date-time text, or a {@link Date} (taken at the
   * office, {@code zone}).
   */
  public static LocalDate date(VariableScope scope, String name, String label, ZoneId zone) {
    LocalDate date = optionalDate(scope, name, label, zone);
    if (date == null) {
      throw new RejectedInputException(name, "缺少必填项“" + label + "”（变量 " + name + "，日期）。");
    }
    return date;
  }

  public static LocalDate optionalDate(VariableScope scope, String name, String label, ZoneId zone) {
    Object value = scope.getVariable(name);
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    if (value instanceof Date date) {
      return date.toInstant().atZone(zone).toLocalDate();
    }
    if (value instanceof LocalDate date) {
      return date;
    }
    String text = value.toString().strip();
    try {
      return text.length() > 10 ? dateTime(text, zone).toLocalDate() : LocalDate.parse(text);
    } catch (DateTimeParseException unreadable) {
      throw new RejectedInputException(name, "“" + label + "”应为日期，如 2026-11-18。");
    }
  }

  /** A moment at the office: a date-time text ({@code 2026-11-18T10:00}, with or without offset) or a {@link Date}. */
  public static ZonedDateTime moment(VariableScope scope, String name, String label, ZoneId zone) {
    Object value = scope.getVariable(name);
    if (value instanceof Date date) {
      return date.toInstant().atZone(zone);
    }
    if (value == null || value.toString().isBlank()) {
      throw new RejectedInputException(name, "缺少必填项“" + label + "”（变量 " + name + "，日期和时间）。");
    }
    try {
      return dateTime(value.toString().strip(), zone);
    } catch (DateTimeParseException unreadable) {
      throw new RejectedInputException(name, "“" + label + "”应为日期和时间，如 2026-11-18T10:00。");
    }
  }

  private static ZonedDateTime dateTime(String text, ZoneId zone) {
    try {
      return OffsetDateTime.parse(text).atZoneSameInstant(zone);
    } catch (DateTimeParseException noOffset) {
      return LocalDateTime.parse(text).atZone(zone);
    }
  }

  /**
   * A date or date and time a form submitted ("2026-11-30", "2026-11-30T09:00", with or without an offset) or a Date,
   * at the office's zone; a missing or unreadable value is a {@link RejectedInputException}.
   */
  public static Instant instant(VariableScope scope, String name, String label, ZoneId zone) {
    Object value = scope.getVariable(name);
    boolean withTime = value instanceof Date || value != null && value.toString().strip().length() > 10;
    return withTime ? moment(scope, name, label, zone).toInstant()
        : date(scope, name, label, zone).atStartOfDay(zone).toInstant();
  }

  public static int number(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    if (value instanceof Number n) {
      return n.intValue();
    }
    throw new IllegalStateException("案件缺少数值变量 " + name);
  }

  /** The non-blank lines of a text field (one person or one comment a line), trimmed; none when absent. */
  public static List<String> lines(VariableScope scope, String name) {
    String text = optionalText(scope, name);
    return text == null ? List.of()
        : java.util.Arrays.stream(text.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  /** A list of texts: a JSON array, a Java collection, or absent (empty list). */
  public static List<String> list(VariableScope scope, String name) {
    return asList(name, scope.getVariable(name));
  }

  /** A variable's value as a list of texts, whichever way it was stored. */
  public static List<String> asList(String name, Object value) {
    List<String> items = new ArrayList<>();
    if (value == null) {
      return items;
    }
    if (value instanceof String json) {
      value = json.isBlank() ? null : Spin.JSON(json);
    }
    if (value instanceof SpinJsonNode node) {
      if (!node.isArray()) {
        throw new RejectedInputException(name, "变量 " + name + " 应为列表。");
      }
      for (SpinJsonNode element : node.elements()) {
        items.add(element.isString() ? element.stringValue() : element.toString());
      }
    } else if (value instanceof Collection<?> collection) {
      collection.forEach(item -> items.add(String.valueOf(item)));
    } else if (value != null) {
      throw new RejectedInputException(name, "变量 " + name + " 应为列表。");
    }
    return items;
  }

  /**
   * Stores choices for a form's checklist or select ({@code valuesKey}): a JSON list of {label, value}
   * in the order given, from a map of value to label.
   */
  public static void setOptions(VariableScope scope, String name, java.util.LinkedHashMap<String, String> labelsByValue) {
    List<java.util.Map<String, String>> options = new ArrayList<>();
    labelsByValue.forEach((value, label) -> options.add(java.util.Map.of("label", label, "value", value)));
    scope.setVariable(name, SpinValues.jsonValue(Spin.JSON(options)).create());
  }

  /** The choices stored by {@link #setOptions}: value → label, in their order; empty where there are none. */
  public static java.util.LinkedHashMap<String, String> options(VariableScope scope, String name) {
    return asOptions(scope.getVariable(name));
  }

  /** A variable's value stored by {@link #setOptions}, read as value → label. */
  public static java.util.LinkedHashMap<String, String> asOptions(Object stored) {
    java.util.LinkedHashMap<String, String> options = new java.util.LinkedHashMap<>();
    Object value = stored;
    if (value instanceof String json && !json.isBlank()) {
      value = Spin.JSON(json);
    }
    if (value instanceof SpinJsonNode node && node.isArray()) {
      for (SpinJsonNode option : node.elements()) {
        options.put(option.prop("value").stringValue(), option.prop("label").stringValue());
      }
    }
    return options;
  }

  /** Stores a list as a JSON variable, the type Tasklist's forms read (checklist options, read-only lists). */
  public static void setList(VariableScope scope, String name, List<String> items) {
    scope.setVariable(name, SpinValues.jsonValue(Spin.JSON(items)).create());
  }
}
