package cn.township.workflow.casefile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an issued document printed (tw_document.printed): the model its template was rendered from — organ, 文号, date,
 * recipient, paragraphs, the case values the template read (personal numbers masked, as in the PDF) and their kinds
 * (date, number, text), and the corrections printed on it. A correction renders it again with only the named fields
 * changed, so a corrected document shows what was issued, not what the case holds on the day of the correction.
 * {@code rebuilt}: a document issued before its model was kept, whose case values were taken from the case when it
 * was corrected.
 */
public record PrintedDocument(String organ, String organNote, String title, String docNo, String caseNo, String date,
                              String issuedAt, String recipient, List<String> paragraphs, Map<String, Object> caseValues,
                              Map<String, String> kinds, List<Note> corrections, boolean rebuilt) {

  /** One correction as printed (更正说明): its date, reason and changes; {@code rebuilt} as above. */
  public record Note(String date, String reason, List<Change> changes, boolean rebuilt) {}

  /** A field changed: its name in the request, its label in the note, what was printed and what is now. */
  public record Change(String field, String label, String from, String to) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public PrintedDocument {
    paragraphs = List.copyOf(paragraphs);
    caseValues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(caseValues));
    kinds = Map.copyOf(kinds);
    corrections = List.copyOf(corrections);
  }

  /** The template's model: the {@code case} values in a map that notes which of them the template reads. */
  Map<String, Object> model(boolean seal) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("organ", organ);
    model.put("organNote", organNote);
    model.put("title", title);
    model.put("docNo", docNo);
    model.put("caseNo", caseNo);
    model.put("date", date);
    model.put("issuedAt", issuedAt);
    model.put("recipient", recipient);
    model.put("paragraphs", paragraphs.stream().map(text -> Map.of("text", text)).toList());
    model.put("seal", seal); // the template's seal box (documents/_foot.html), which the seal is stamped over
    model.put("case", new ReadValues(caseValues));
    List<Map<String, Object>> notes = new ArrayList<>();
    for (Note note : corrections) {
      Map<String, Object> printed = new LinkedHashMap<>();
      printed.put("date", note.date());
      printed.put("reason", note.reason());
      printed.put("changes", note.changes().stream().map(c -> Map.of("label", c.label(), "from", c.from(),
          "to", c.to())).toList());
      printed.put("rebuilt", note.rebuilt());
      notes.add(printed);
    }
    model.put("corrections", notes);
    return model;
  }

  /** This model with only the case values the template read when {@code model} was rendered (nothing else is kept). */
  @SuppressWarnings("unchecked")
  PrintedDocument keepingRead(Map<String, Object> renderedModel) {
    Set<String> read = ((ReadValues) renderedModel.get("case")).read;
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> readKinds = new LinkedHashMap<>();
    caseValues.forEach((name, value) -> {
      if (read.contains(name)) {
        values.put(name, value);
        readKinds.put(name, kinds.getOrDefault(name, "text"));
      }
    });
    return new PrintedDocument(organ, organNote, title, docNo, caseNo, date, issuedAt, recipient, paragraphs, values,
        readKinds, corrections, rebuilt);
  }

  String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static PrintedDocument fromJson(String json) {
    try {
      return JSON.readValue(json, PrintedDocument.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("tw_document.printed 无法读取", e);
    }
  }

  /** The case values, noting each one a template reads (jmustache asks a map with containsKey, then get). */
  static final class ReadValues extends LinkedHashMap<String, Object> {
    final Set<String> read = new LinkedHashSet<>();

    ReadValues(Map<String, Object> values) {
      super(values);
    }

    @Override
    public Object get(Object key) {
      if (containsKey(key)) {
        read.add((String) key);
      }
      return super.get(key);
    }
  }
}
