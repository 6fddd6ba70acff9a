package cn.township.workflow.casefile;

import cn.township.workflow.system.Townships;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The organs in whose name documents are issued ({@code documents/organs.csv}): the prefix of their 文号 and their seal.
 * A case names its organ in {@code actingAuthority}: the township itself, or for an entrusted power the entrusting
 * county department, "县民政局（委托青山镇办理）" — the document carries the entrusting organ, and the entrustment
 * as a note.
 */
@Component
public class Organs {

  static final String FILE = "documents/organs.csv";

  public record Organ(String name, String docPrefix, String seal, String note) {}

  private final Map<String, String[]> rows = new LinkedHashMap<>();
  private final Townships townships;

  public Organs(Townships townships) throws IOException {
    this.townships = townships;
    for (DataFile.Row row : DataFile.read(FILE)) {
      String[] f = row.fields();
      rows.put(f[0], new String[] {f[1], f.length > 2 ? f[2] : ""});
    }
  }

  /** The organ a case acts in the name of ({@code actingAuthority}), or its township's government where none is set. */
  public Organ of(String actingAuthority, String townshipId) {
    String acting = actingAuthority == null || actingAuthority.isBlank()
        ? townships.find(townshipId).map(t -> t.name()).orElse("") : actingAuthority.strip();
    int note = acting.indexOf('（');
    String name = note > 0 ? acting.substring(0, note) : acting;
    if (townships.townships().stream().anyMatch(t -> t.name().equals(name))) {
      return organ(name + "人民政府", note > 0 ? acting.substring(note + 1, acting.length() - 1) : null);
    }
    return organ(name, note > 0 ? acting.substring(note + 1, acting.length() - 1) : null);
  }

  private Organ organ(String name, String note) {
    String[] row = rows.get(name);
    String prefix = row != null ? row[0] : name.substring(0, Math.min(2, name.length()));
    return new Organ(name, prefix, row != null && !row[1].isBlank() ? row[1] : null, note);
  }
}
