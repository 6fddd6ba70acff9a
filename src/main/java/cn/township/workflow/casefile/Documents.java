package cn.township.workflow.casefile;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.security.PersonalData;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.core.variable.scope.AbstractVariableScope;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The documents the procedures issue (收件回执, 受理通知书, 决定书, 告知书…): generated from the analysts' templates when
 * the notice is given, numbered (文号: organ prefix, kind, year, consecutive — {@link Sequences}) in the same
 * transaction, and kept unchanged with their SHA-256; a correction is a new version pointing to the one it replaces.
 */
@Component
public class Documents {

  /** What is kept of an issued document (its bytes are read apart: {@link #content}). */
  public record Document(String id, String caseNo, String processInstanceId, String townshipId, String kind,
                         String title, String organ, String docNo, int version, String previousId, String audience,
                         Instant issuedAt, String issuedBy, String sha256, int pages) {}

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final String COLUMNS = "id, case_no, process_instance_id, township_id, kind, title, organ, doc_no, "
      + "version, previous_id, audience, issued_at, issued_by, sha256, pages";
  private static final RowMapper<Document> ROW = (rs, i) -> new Document(rs.getString("id"), rs.getString("case_no"),
      rs.getString("process_instance_id"), rs.getString("township_id"), rs.getString("kind"), rs.getString("title"),
      rs.getString("organ"), rs.getString("doc_no"), rs.getInt("version"), rs.getString("previous_id"),
      rs.getString("audience"), rs.getTimestamp("issued_at").toInstant(), rs.getString("issued_by"),
      rs.getString("sha256").strip(), rs.getInt("pages"));

  private final JdbcTemplate jdbc;
  private final DocumentTypes types;
  private final Organs organs;
  private final SealProvider seals;
  private final DocumentRenderer renderer;
  private final Sequences sequences;
  private final Deadlines deadlines;

  public Documents(JdbcTemplate jdbc, DocumentTypes types, Organs organs, SealProvider seals,
                   DocumentRenderer renderer, Sequences sequences, Deadlines deadlines) {
    this.jdbc = jdbc;
    this.types = types;
    this.organs = organs;
    this.seals = seals;
    this.renderer = renderer;
    this.sequences = sequences;
    this.deadlines = deadlines;
  }

  /** The case number a document is filed under: receipt number, enforcement case number, decision number. */
  public static String caseNo(DelegateExecution execution) {
    for (String name : new String[] {"receiptNo", "caseNo", "decisionNo"}) {
      Object value = execution.getVariable(name);
      if (value != null && !value.toString().isBlank()) {
        return value.toString();
      }
    }
    return execution.getProcessBusinessKey();
  }

  /** Issues the document of {@code kind}, if it is one (documents/document-types.csv), to {@code recipient}. */
  public Optional<Document> issue(DelegateExecution execution, NoticeBook.Kind kind, String recipient, String text) {
    Optional<DocumentTypes.Type> type = types.of(kind);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    Organs.Organ organ = organs.of((String) execution.getVariable("actingAuthority"), execution.getTenantId());
    Instant now = deadlines.now();
    String docNo = type.get().numbered() ? number(organ, type.get(), deadlines.today().getYear()) : null;
    if (docNo != null) {
      execution.setVariable(docNoVariable(kind), docNo);
    }
    Map<String, Object> caseVariables = variables(printableKinds(execution));
    String user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication() == null ? null
        : execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication().getUserId();
    return Optional.of(store(new Document(UUID.randomUUID().toString(), caseNo(execution),
        execution.getProcessInstanceId(), execution.getTenantId(), kind.name(), type.get().title(), organ.name(), docNo,
        1, null, type.get().audience().name(), now, user, null, 0), type.get(), organ, recipient, text, caseVariables));
  }

  /** The case variable holding the 文号 of the last document of {@code kind}: docNoPenaltyDecision… */
  public static String docNoVariable(NoticeBook.Kind kind) {
    StringBuilder name = new StringBuilder("docNo");
    for (String part : kind.name().toLowerCase(java.util.Locale.ROOT).split("_")) {
      name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return name.toString();
  }

  /** 青政许〔2026〕12号: the organ's prefix, the kind's code, the year, the next number of that organ, kind and year. */
  String number(Organs.Organ organ, DocumentTypes.Type type, int year) {
    int n = sequences.next("docno:" + organ.name() + ":" + type.docCode(), String.valueOf(year));
    return organ.docPrefix() + type.docCode() + "〔" + year + "〕" + n + "号";
  }

  private Document store(Document document, DocumentTypes.Type type, Organs.Organ organ, String recipient,
                         String text, Map<String, Object> caseVariables) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("organ", organ.name());
    model.put("organNote", organ.note());
    model.put("title", type.title());
    model.put("docNo", document.docNo());
    model.put("caseNo", document.caseNo());
    model.put("date", deadlines.formatDate(Date.from(document.issuedAt())));
    model.put("issuedAt", MINUTE.format(document.issuedAt().atZone(deadlines.zone())));
    model.put("recipient", recipient);
    List<Map<String, String>> paragraphs = new ArrayList<>();
    for (String line : (text == null ? "" : text).split("\n")) {
      if (!line.isBlank()) {
        paragraphs.add(Map.of("text", PersonalData.mask(line.strip())));
      }
    }
    model.put("paragraphs", paragraphs);
    Optional<SealImage> seal = seals.sealFor(organ);
    model.put("seal", seal.isPresent()); // the template's seal box (documents/_foot.html), which the seal is stamped over
    model.put("case", caseVariables);
    DocumentRenderer.Pdf pdf = renderer.pdf(type.template(), model, seal.orElse(null));
    String sha256 = sha256(pdf.bytes());
    jdbc.update("INSERT INTO tw_document (" + COLUMNS + ", recipient, body, content) VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", document.id(), document.caseNo(),
        document.processInstanceId(), document.townshipId(), document.kind(), document.title(), document.organ(),
        document.docNo(), document.version(), document.previousId(), document.audience(),
        Timestamp.from(document.issuedAt()), document.issuedBy(), sha256, pdf.pages(), recipient, text, pdf.bytes());
    return new Document(document.id(), document.caseNo(), document.processInstanceId(), document.townshipId(),
        document.kind(), document.title(), document.organ(), document.docNo(), document.version(),
        document.previousId(), document.audience(), document.issuedAt(), document.issuedBy(), sha256, pdf.pages());
  }

  /**
   * A corrected version of an issued document, with the same 文号: rendered again with what the case holds now
   * ({@code caseVariables}), pointing to the version it replaces, which stays as it was.
   */
  @Transactional // the versions of one document are counted and the new one stored under one lock
  public Document reissue(Document previous, Map<String, Object> caseVariables, String user) {
    // two corrections at once (or on two nodes) both read the same highest version: an unnumbered document (a receipt)
    // got the same version twice, as UNIQUE (doc_no, version) does not hold where doc_no is NULL. Its rows are locked
    jdbc.queryForList("SELECT id FROM tw_document WHERE case_no = ? AND kind = ? FOR UPDATE", String.class,
        previous.caseNo(), previous.kind());
    String actingAuthority = (String) caseVariables.get("actingAuthority");
    DocumentTypes.Type type = types.of(NoticeBook.Kind.valueOf(previous.kind())).orElseThrow();
    Organs.Organ organ = organs.of(actingAuthority, previous.townshipId());
    Map<String, Object> original = jdbc.queryForMap("SELECT recipient, body FROM tw_document WHERE id = ?",
        previous.id());
    int version = jdbc.queryForObject("SELECT MAX(version) FROM tw_document WHERE case_no = ? AND kind = ? AND "
        + "(doc_no = ? OR doc_no IS NULL AND ? IS NULL)", Integer.class, previous.caseNo(), previous.kind(),
        previous.docNo(), previous.docNo()) + 1;
    return store(new Document(UUID.randomUUID().toString(), previous.caseNo(), previous.processInstanceId(),
        previous.townshipId(), previous.kind(), previous.title(), organ.name(), previous.docNo(), version,
        previous.id(), previous.audience(), deadlines.now(), user, null, 0), type, organ,
        (String) original.get("recipient"), String.valueOf(original.get("body")), variables(caseVariables));
  }

  public List<Document> forCase(String caseNo) {
    return jdbc.query("SELECT " + COLUMNS + " FROM tw_document WHERE case_no = ? ORDER BY issued_at, version", ROW,
        caseNo);
  }

  public Optional<Document> find(String caseNo, String id) {
    return jdbc.query("SELECT " + COLUMNS + " FROM tw_document WHERE case_no = ? AND id = ?", ROW, caseNo, id).stream()
        .findFirst();
  }

  public byte[] content(String id) {
    return jdbc.queryForObject("SELECT content FROM tw_document WHERE id = ?", byte[].class, id);
  }

  /** Types a template prints (see {@link #variables}); they are stored in the variable's row, not in a byte array. */
  private static final java.util.Set<String> PRINTABLE_TYPES = java.util.Set.of("string", "date", "integer", "long",
      "short", "double", "boolean");

  /**
   * The case's variables of the kinds a template prints. Reading all of them would fetch every list's byte array
   * (JSON, serialized) only to drop it (six reads per delegated-review case, docs/benchmarks.md).
   */
  private static Map<String, Object> printableKinds(DelegateExecution execution) {
    Map<String, Object> raw = new LinkedHashMap<>();
    for (String name : execution.getVariableNames()) {
      Object instance = execution instanceof AbstractVariableScope scope ? scope.getVariableInstance(name) : null;
      if (!(instance instanceof VariableInstanceEntity stored) || PRINTABLE_TYPES.contains(stored.getTypeName())) {
        raw.put(name, execution.getVariable(name));
      }
    }
    return raw;
  }

  /** Case variables as a template may print them: texts (personal numbers masked), dates as on notices. */
  private Map<String, Object> variables(Map<String, Object> raw) {
    Map<String, Object> printable = new LinkedHashMap<>();
    raw.forEach((name, value) -> {
      if (value instanceof Date date) {
        printable.put(name, deadlines.formatDate(date));
      } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        printable.put(name, value instanceof String text ? PersonalData.mask(text) : value);
      }
    });
    return printable;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
