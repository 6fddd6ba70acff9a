package cn.township.workflow.casefile;

import java.io.IOException;
import java.io.InputStream;
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
    for (DataFile.Row row : DataFile.read(in)) {
      String[] f = row.fields();
      if (f.length != 5) {
        throw new IllegalStateException(FILE + " line " + row.line() + ": 应为 kind,title,template,doc_code,audience 五列");
      }
      NoticeBook.Kind kind;
      try {
        kind = NoticeBook.Kind.valueOf(f[0]);
      } catch (IllegalArgumentException unknown) {
        throw new IllegalStateException(FILE + " line " + row.line() + ": 未知的文书种类 " + f[0]);
      }
      types.put(kind, new Type(kind, f[1], f[2], f[3], Audience.valueOf(f[4].toUpperCase(java.util.Locale.ROOT))));
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
