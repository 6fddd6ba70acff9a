package cn.township.workflow.casefile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;

/**
 * The comma-separated files analysts edit beside the templates (documents/*.csv): lines starting with # are
 * comments, the first other line is the header, every field is trimmed. The one reader of them.
 */
public final class DataFile {

  /** A data line: its number in the file (for error messages) and its fields. */
  public record Row(int line, String[] fields) {}

  private DataFile() {}

  public static List<Row> read(String classpathFile) throws IOException {
    return read(new ClassPathResource(classpathFile).getInputStream());
  }

  public static List<Row> read(InputStream in) throws IOException {
    List<Row> rows = new ArrayList<>();
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
        String[] fields = row.strip().split(",", -1);
        for (int i = 0; i < fields.length; i++) {
          fields[i] = fields[i].strip();
        }
        rows.add(new Row(line, fields));
      }
    }
    return rows;
  }
}
