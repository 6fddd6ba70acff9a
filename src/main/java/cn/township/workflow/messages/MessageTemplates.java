package cn.township.workflow.messages;

import cn.township.workflow.casefile.DataFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The texts of the applicant's messages, from {@code documents/messages.csv} (analysts edit it): one template per
 * code, with placeholders in braces. A placeholder the case cannot fill stops the start, not a message at night.
 */
@Component
public class MessageTemplates {

  static final String FILE = "documents/messages.csv";
  static final Set<String> PLACEHOLDERS = Set.of("applicantName", "matterName", "receiptNo", "queryCode",
      "townshipName", "timeLimitDueAt", "supplementDue", "issuingWindow", "ratingDueAt");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  private final Map<String, String> texts;

  public MessageTemplates() throws IOException {
    this(read(new ClassPathResource(FILE).getInputStream()));
  }

  MessageTemplates(Map<String, String> texts) {
    this.texts = Map.copyOf(texts);
  }

  static Map<String, String> read(InputStream in) throws IOException {
    Map<String, String> texts = new LinkedHashMap<>();
    for (DataFile.Row row : DataFile.read(in)) {
      String[] f = row.fields();
      if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
        throw new IllegalStateException(FILE + " line " + row.line() + ": 应为 code,text 两列（短信内容中不能有英文逗号）");
      }
      Matcher m = PLACEHOLDER.matcher(f[1]);
      while (m.find()) {
        if (!PLACEHOLDERS.contains(m.group(1))) {
          throw new IllegalStateException(FILE + " line " + row.line() + ": 未知的占位符 {" + m.group(1) + "}");
        }
      }
      texts.put(f[0], f[1]);
    }
    return texts;
  }

  public Optional<String> template(String code) {
    return Optional.ofNullable(texts.get(code));
  }

  /** The text of {@code code} with its placeholders filled from {@code values} (empty where a value is missing). */
  public String render(String code, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(texts.get(code));
    StringBuilder text = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(text, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
    }
    return m.appendTail(text).toString();
  }
}
