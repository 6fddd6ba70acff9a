package cn.township.workflow.casefile;

import cn.township.workflow.system.PublicRateLimits;
import cn.township.workflow.system.RejectedInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A case's documents and case file: {@code GET /api/cases/{受理编号}/documents} (the list), {@code …/documents/{id}}
 * (the PDF), {@code …/documents/latest/{kind}} (the newest of a kind, as Tasklist's forms link to it),
 * {@code …/case-file} (the 案卷). Staff (HTTP Basic, or the Tasklist/Cockpit session) read every document of the cases
 * they need to know ({@link CaseAccess}: their procedure's, or every case of the township for leaders and supervisors);
 * the applicant reads, with the query code and no account, only what was addressed to them. Anyone
 * else, and a wrong code, is told the case does not exist.
 */
@RestController
@RequestMapping("/api/cases/{caseNo}")
public class DocumentController {

  static final String NOT_FOUND = "未找到该案件或文书（或查询码不正确）。";

  private final CaseAccess access;
  private final Documents documents;
  private final CaseFiles caseFiles;
  private final CaseLookup lookup;
  private final PublicRateLimits limits;
  private final int perAddress;
  private final int overall;

  public DocumentController(CaseAccess access, Documents documents, CaseFiles caseFiles, CaseLookup lookup,
                            PublicRateLimits limits,
                            @Value("${township.security.status-lookups-per-minute:30}") int perAddress,
                            @Value("${township.security.status-lookups-per-minute-overall:1200}") int overall) {
    this.access = access;
    this.documents = documents;
    this.caseFiles = caseFiles;
    this.lookup = lookup;
    this.limits = limits;
    this.perAddress = perAddress;
    this.overall = overall;
  }

  @GetMapping("/documents")
  public ResponseEntity<?> list(@PathVariable String caseNo, @RequestParam(required = false) String queryCode,
                                HttpServletRequest http) {
    Optional<CaseAccess.Reader> reader = reader(caseNo, queryCode, http);
    if (reader.isEmpty()) {
      return notFound();
    }
    List<Map<String, Object>> list = readable(reader.get()).stream().map(DocumentController::describe).toList();
    return ResponseEntity.ok(list);
  }

  @GetMapping("/documents/{id}")
  public ResponseEntity<?> document(@PathVariable String caseNo, @PathVariable String id,
                                    @RequestParam(required = false) String queryCode, HttpServletRequest http) {
    Optional<CaseAccess.Reader> reader = reader(caseNo, queryCode, http);
    Optional<Documents.Document> document = reader.flatMap(r -> readable(r).stream()
        .filter(d -> d.id().equals(id)).findFirst());
    return document.<ResponseEntity<?>>map(d -> pdf(documents.content(d.id()), d.title() + ".pdf"))
        .orElseGet(DocumentController::notFound);
  }

  @GetMapping("/documents/latest/{kind}")
  public ResponseEntity<?> latest(@PathVariable String caseNo, @PathVariable String kind, HttpServletRequest http) {
    Optional<CaseAccess.Reader> reader = reader(caseNo, null, http);
    Optional<Documents.Document> document = reader.flatMap(r -> readable(r).stream()
        .filter(d -> d.kind().equals(kind)).reduce((first, last) -> last));
    return document.<ResponseEntity<?>>map(d -> pdf(documents.content(d.id()), d.title() + ".pdf"))
        .orElseGet(DocumentController::notFound);
  }

  /** A correction: the printed fields to change (field → corrected value) and the reason (更正理由). */
  public record CorrectionRequest(Map<String, Object> fields, String reason) {}

  static final String CASE_UNCHANGED = "已更正文书，原版本保留。案件中的数据未随之更改：如案件数据本身有误，请在办理步骤中更正。";

  /**
   * A corrected version of a document (same 文号 and date): what the newest version printed, with only the named fields
   * changed and a correction note (what, from what to what, why, when); the one it replaces stays as issued. For the
   * staff of the case's procedure who make or sign that kind (processes/document-correction.csv); anyone else of the
   * township 403 (recorded as a refusal), nothing stored. A field the document did not print, a value the field does
   * not take, or no reason: 400. The same correction sent again: 200 with the version it made, nothing stored.
   */
  @PostMapping("/documents/{id}/reissue")
  public ResponseEntity<?> reissue(@PathVariable String caseNo, @PathVariable String id,
                                   @RequestBody(required = false) CorrectionRequest body, HttpServletRequest http) {
    // the township's staff of another procedure are refused (403), not told the case does not exist
    Optional<CaseLookup.Case> township = access.ofTownship(caseNo);
    Optional<Documents.Document> previous = township.flatMap(c -> documents.find(caseNo, id));
    if (previous.isEmpty()) {
      return notFound();
    }
    CaseLookup.Case found = township.get();
    if (!access.mayReissue(found, previous.get().kind())) {
      List<String> correctors = access.correctorNames(found, previous.get().kind());
      return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("status", 403, "message", "《" + previous.get().title() + "》只能由本案办理程序中制作或签发它的人员"
              + (correctors.isEmpty() ? "" : "（" + String.join("、", correctors) + "）") + "更正、补发。"));
    }
    Map<String, String> fields = texts(body == null ? null : body.fields());
    String corrector = access.caller(); // read before withoutCaller clears it (it was: every correction by nobody)
    Documents.Corrected corrected = lookup.withoutCaller(() -> documents.correct(previous.get(), fields,
        body == null ? null : body.reason(), corrector, () -> caseFiles.variables(found)));
    Map<String, Object> answer = describe(corrected.document());
    Map<String, Object> correction = new LinkedHashMap<>();
    correction.put("reason", corrected.note().reason());
    correction.put("date", corrected.note().date());
    correction.put("changes", corrected.note().changes());
    correction.put("rebuilt", corrected.rebuilt());
    answer.put("correction", correction);
    answer.put("message", CASE_UNCHANGED);
    return corrected.replayed() ? ResponseEntity.ok().header("Idempotent-Replayed", "true").body(answer)
        : ResponseEntity.status(HttpStatus.CREATED).body(answer);
  }

  /** The corrected values as texts: a number is written as sent; a list, an object or null is not a value. */
  private static Map<String, String> texts(Map<String, Object> fields) {
    if (fields == null) {
      return null;
    }
    Map<String, String> texts = new LinkedHashMap<>();
    fields.forEach((field, value) -> {
      if (!(value instanceof String) && !(value instanceof Number)) {
        throw new RejectedInputException("fields", "更正后的内容应为文字、日期或数字（“"
            + DocumentCorrections.named(field) + "”）。");
      }
      texts.put(field, value.toString());
    });
    return texts;
  }

  @GetMapping("/case-file")
  public ResponseEntity<?> caseFile(@PathVariable String caseNo, HttpServletRequest http) {
    Optional<CaseAccess.Reader> reader = reader(caseNo, null, http).filter(CaseAccess.Reader::staff);
    if (reader.isEmpty()) {
      return notFound();
    }
    CaseFiles.CaseFile file = lookup.withoutCaller(() -> caseFiles.of(reader.get().found()));
    ResponseEntity<byte[]> answer = pdf(file.pdf(), "案卷-" + caseNo + ".pdf");
    return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).header("X-Content-SHA256",
        file.sha256()).body(file.pdf());
  }

  private Optional<CaseAccess.Reader> reader(String caseNo, String queryCode, HttpServletRequest http) {
    if (queryCode != null && !limits.allow("status-lookup", http.getRemoteAddr(), perAddress, overall)) {
      return Optional.empty();
    }
    return access.reader(caseNo, queryCode);
  }

  /** Staff read everything; the applicant what was addressed to them. */
  private List<Documents.Document> readable(CaseAccess.Reader reader) {
    return documents.forCase(reader.found().receiptNo()).stream()
        .filter(d -> reader.staff() || DocumentTypes.Audience.APPLICANT.name().equals(d.audience())).toList();
  }

  private static Map<String, Object> describe(Documents.Document d) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", d.id());
    row.put("type", d.kind());
    row.put("title", d.title());
    row.put("docNo", d.docNo());
    row.put("version", d.version());
    row.put("replaces", d.previousId());
    row.put("issuedAt", d.issuedAt());
    row.put("pages", d.pages());
    row.put("sha256", d.sha256());
    return row;
  }

  private static ResponseEntity<byte[]> pdf(byte[] bytes, String name) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_PDF);
    headers.setContentDisposition(ContentDisposition.inline().filename(name, java.nio.charset.StandardCharsets.UTF_8)
        .build());
    return new ResponseEntity<>(bytes, headers, HttpStatus.OK);
  }

  private static ResponseEntity<?> notFound() {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("status", 404, "message", NOT_FOUND));
  }
}
