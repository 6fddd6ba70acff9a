package cn.township.workflow.casefile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Which notices are issued as documents, from {@code documents/document-types.csv} (analysts edit it): the title, the
 * template, the code in the 文号 (none for receipts and forms), and who receives it.
 */
@Component
public class DocumentTypes {

  static final String FILE = "documents/document-types.csv";

  /** Who may read a document: the applicant or party (also with the query code), or only staff. */
  public enum Audience { APPLICANT, INTERNAL }

  public record Type(NoticeBook.Kind kind, String title, String template, String docCode, Audience audience) {
    public boolean numbered() {
      return docCode != null && !docCode.isBlank();
    }
  }

  private final Map<NoticeBook.Kind, Type> types;

  public DocumentTypes() throws IOException {
    this(read(new ClassPathResource(FILE).getInputStream()));
  }

  DocumentTypes(Map<NoticeBook.Kind, Type> types) {
    this.types = Map.copyOf(types);
  }

  static Map<NoticeBook.Kind, Type> read(InputStream in) throws IOException {
    Map<NoticeBook.Kind, Type> types = new LinkedHashMap<>();
    try (in) {
      int line = 0;
      boolean header = true;
      for (String row : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        line++;
        if (row.isBlank() || row.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] f = row.strip().split(",", -1);
        if (f.length != 5) {
          throw new IllegalStateException(FILE + " line " + line + ": 应为 kind,title,template,doc_code,audience 五列");
        }
        NoticeBook.Kind kind;
        try {
          kind = NoticeBook.Kind.valueOf(f[0].strip());
        } catch (IllegalArgumentException unknown) {
          throw new IllegalStateException(FILE + " line " + line + ": 未知的文书种类 " + f[0]);
        }
        types.put(kind, new Type(kind, f[1].strip(), f[2].strip(), f[3].strip(),
            Audience.valueOf(f[4].strip().toUpperCase(java.util.Locale.ROOT))));
      }
    }
    return types;
  }

  public Optional<Type> of(NoticeBook.Kind kind) {
    return Optional.ofNullable(types.get(kind));
  }

  public java.util.Collection<Type> all() {
    return types.values();
  }
}
