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
  private final DocumentCorrections corrections;

  public Documents(JdbcTemplate jdbc, DocumentTypes types, Organs organs, SealProvider seals,
                   DocumentRenderer renderer, Sequences sequences, Deadlines deadlines,
                   DocumentCorrections corrections) {
    this.corrections = corrections;
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
    CaseView view = caseView(printableKinds(execution));
    String user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication() == null ? null
        : execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication().getUserId();
    PrintedDocument printed = new PrintedDocument(organ.name(), organ.note(), type.get().title(), docNo,
        caseNo(execution), date(now), MINUTE.format(now.atZone(deadlines.zone())), PersonalData.mask(recipient),
        paragraphs(text), view.values(), view.kinds(), List.of(), false);
    return Optional.of(store(new Document(UUID.randomUUID().toString(), caseNo(execution),
        execution.getProcessInstanceId(), execution.getTenantId(), kind.name(), type.get().title(), organ.name(), docNo,
        1, null, type.get().audience().name(), now, user, null, 0), type.get(), organ, printed, recipient, text, null));
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

  /**
   * Renders {@code printed} with {@code type}'s template and {@code organ}'s seal and stores it as {@code document}, with
   * what it printed (only the case values the template read) and, for a correction, its reason.
   */
  private Document store(Document document, DocumentTypes.Type type, Organs.Organ organ, PrintedDocument printed,
                         String recipient, String text, String reason) {
    Optional<SealImage> seal = seals.sealFor(organ);
    Map<String, Object> model = printed.model(seal.isPresent());
    DocumentRenderer.Pdf pdf = renderer.pdf(type.template(), model, seal.orElse(null));
    String sha256 = sha256(pdf.bytes());
    jdbc.update("INSERT INTO tw_document (" + COLUMNS + ", recipient, body, content, printed, correction_reason) VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", document.id(), document.caseNo(),
        document.processInstanceId(), document.townshipId(), document.kind(), document.title(), document.organ(),
        document.docNo(), document.version(), document.previousId(), document.audience(),
        Timestamp.from(document.issuedAt()), document.issuedBy(), sha256, pdf.pages(), recipient, text, pdf.bytes(),
        printed.keepingRead(model).json(), reason);
    return new Document(document.id(), document.caseNo(), document.processInstanceId(), document.townshipId(),
        document.kind(), document.title(), document.organ(), document.docNo(), document.version(),
        document.previousId(), document.audience(), document.issuedAt(), document.issuedBy(), sha256, pdf.pages());
  }

  /**
   * A correction: the version stored (or, for a replay, the one that already made it), whether it repeated the last
   * correction, whether the document was issued before its printed model was kept (its case values then rebuilt), and
   * what it changed and why.
   */
  public record Corrected(Document document, boolean replayed, boolean rebuilt, PrintedDocument.Note note) {}

  /**
   * A corrected version of an issued document, with the same 文号 and date: the newest version's printed model (what it
   * showed, not what the case holds now) with only {@code fields} changed and a correction note with {@code reason}
   * and today's date, pointing to the version it replaces, which stays as it was. The same correction sent again
   * (same fields, values and reason as the newest version's last) stores nothing and answers that version. A document
   * issued before the printed model was kept is rebuilt from its stored recipient, text and date and the case's
   * values of today ({@code currentCase}, read only then), and its note says so.
   */
  @Transactional // the versions of one document are counted and the new one stored under one lock
  public Corrected correct(Document target, Map<String, String> fields, String reason, String user,
                           java.util.function.Supplier<Map<String, Object>> currentCase) {
    // two corrections at once (or on two nodes) both read the same highest version: an unnumbered document (a receipt)
    // got the same version twice, as UNIQUE (doc_no, version) does not hold where doc_no is NULL. Its rows are locked
    jdbc.queryForList("SELECT id FROM tw_document WHERE case_no = ? AND kind = ? FOR UPDATE", String.class,
        target.caseNo(), target.kind());
    Document latest = jdbc.query("SELECT " + COLUMNS + " FROM tw_document WHERE case_no = ? AND kind = ? AND "
        + "(doc_no = ? OR doc_no IS NULL AND ? IS NULL) ORDER BY version DESC", ROW, target.caseNo(), target.kind(),
        target.docNo(), target.docNo()).get(0);
    DocumentTypes.Type type = types.of(NoticeBook.Kind.valueOf(latest.kind())).orElseThrow();
    String json = jdbc.queryForObject("SELECT printed FROM tw_document WHERE id = ?", String.class, latest.id());
    boolean rebuilt = json == null;
    PrintedDocument printed = rebuilt ? rebuild(latest, type, currentCase.get()) : PrintedDocument.fromJson(json);
    Optional<PrintedDocument> corrected = corrections.apply(printed, fields, reason, rebuilt);
    if (corrected.isEmpty()) {
      return new Corrected(latest, true, printed.rebuilt(), printed.corrections().get(printed.corrections().size() - 1));
    }
    PrintedDocument next = corrected.get();
    Document stored = store(new Document(UUID.randomUUID().toString(), latest.caseNo(), latest.processInstanceId(),
        latest.townshipId(), latest.kind(), latest.title(), latest.organ(), latest.docNo(), latest.version() + 1,
        latest.id(), latest.audience(), deadlines.now(), user, null, 0), type,
        organs.of(latest.organ(), latest.townshipId()), next, next.recipient(), String.join("\n", next.paragraphs()),
        next.corrections().get(next.corrections().size() - 1).reason());
    return new Corrected(stored, false, next.rebuilt(), next.corrections().get(next.corrections().size() - 1));
  }

  /**
   * What a document issued before this release printed, as far as its row tells: recipient, text, 文号 and date as
   * issued; the case values its template reads as the case holds them now (marked rebuilt).
   */
  private PrintedDocument rebuild(Document latest, DocumentTypes.Type type, Map<String, Object> currentCase) {
    Map<String, Object> row = jdbc.queryForMap("SELECT recipient, body FROM tw_document WHERE id = ?", latest.id());
    Organs.Organ organ = organs.of((String) currentCase.get("actingAuthority"), latest.townshipId());
    CaseView view = caseView(currentCase);
    PrintedDocument printed = new PrintedDocument(latest.organ(), organ.name().equals(latest.organ()) ? organ.note()
        : null, latest.title(), latest.docNo(), latest.caseNo(), date(latest.issuedAt()),
        MINUTE.format(latest.issuedAt().atZone(deadlines.zone())), PersonalData.mask((String) row.get("recipient")),
        paragraphs(row.get("body") == null ? null : String.valueOf(row.get("body"))), view.values(), view.kinds(),
        List.of(), true);
    Map<String, Object> model = printed.model(false);
    renderer.html(type.template(), model); // only to learn which case values the template prints
    return printed.keepingRead(model);
  }

  /** What a document printed, where it was issued or corrected since the printed model is kept. */
  public Optional<PrintedDocument> printed(String id) {
    return jdbc.queryForList("SELECT printed FROM tw_document WHERE id = ?", String.class, id).stream()
        .filter(java.util.Objects::nonNull).findFirst().map(PrintedDocument::fromJson);
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

  /** Case variables as a template may print them, and of which kind each was (a correction keeps it). */
  private record CaseView(Map<String, Object> values, Map<String, String> kinds) {}

  /** Case variables as a template may print them: texts (personal numbers masked), dates as on notices. */
  private CaseView caseView(Map<String, Object> raw) {
    Map<String, Object> printable = new LinkedHashMap<>();
    Map<String, String> kinds = new LinkedHashMap<>();
    raw.forEach((name, value) -> {
      if (value instanceof Date date) {
        printable.put(name, deadlines.formatDate(date));
        kinds.put(name, "date");
      } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        printable.put(name, value instanceof String text ? PersonalData.mask(text) : value);
        kinds.put(name, value instanceof String ? "text" : value instanceof Number ? "number" : "boolean");
      }
    });
    return new CaseView(printable, kinds);
  }

  private String date(Instant at) {
    return deadlines.formatDate(Date.from(at));
  }

  /** The notice text's paragraphs as printed: one a non-blank line, personal numbers masked. */
  private static List<String> paragraphs(String text) {
    List<String> paragraphs = new ArrayList<>();
    for (String line : (text == null ? "" : text).split("\n")) {
      if (!line.isBlank()) {
        paragraphs.add(PersonalData.mask(line.strip()));
      }
    }
    return paragraphs;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
