package cn.township.workflow.casefile;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.window.RecordRating;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.identity.User;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The case file (案卷) of a case, one PDF for the archive: cover (title, organ, number, dates, retention), table of
 * contents (卷内目录), every issued document in order, the record of steps (who, which step, when, outcome, from the
 * engine's history), the rating, and the SHA-256 of each document. A closed case's file is built once and kept
 * (tw_case_file); a running case's is built on request. Titles and retention per procedure: documents/case-file.csv.
 */
@Component
public class CaseFiles {

  static final String FILE = "documents/case-file.csv";
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** A built case file. */
  public record CaseFile(byte[] pdf, String sha256, int pages, boolean kept) {}

  private final Documents documents;
  private final DocumentRenderer renderer;
  private final Organs organs;
  private final HistoryService history;
  private final IdentityService identity;
  private final JdbcTemplate jdbc;
  private final Deadlines deadlines;
  private final Map<String, String[]> procedures = new HashMap<>();

  public CaseFiles(Documents documents, DocumentRenderer renderer, Organs organs, HistoryService history,
                   IdentityService identity, JdbcTemplate jdbc, Deadlines deadlines) throws IOException {
    this.documents = documents;
    this.renderer = renderer;
    this.organs = organs;
    this.history = history;
    this.identity = identity;
    this.jdbc = jdbc;
    this.deadlines = deadlines;
    for (DataFile.Row row : DataFile.read(FILE)) {
      procedures.put(row.fields()[0], new String[] {row.fields()[1], row.fields()[2]});
    }
  }

  public CaseFile of(CaseLookup.Case found) {
    if (found.ended()) {
      List<Map<String, Object>> kept = jdbc.queryForList("SELECT sha256, pages, content FROM tw_case_file WHERE case_no = ?",
          found.receiptNo());
      if (!kept.isEmpty()) {
        return new CaseFile((byte[]) kept.get(0).get("content"), kept.get(0).get("sha256").toString().strip(),
            ((Number) kept.get(0).get("pages")).intValue(), true);
      }
    }
    CaseFile built = build(found);
    if (found.ended()) {
      jdbc.update("INSERT INTO tw_case_file (case_no, built_at, sha256, pages, content) VALUES (?, ?, ?, ?, ?)",
          found.receiptNo(), Timestamp.from(Instant.now()), built.sha256(), built.pages(), built.pdf());
      return new CaseFile(built.pdf(), built.sha256(), built.pages(), true);
    }
    return built;
  }

  /** What the case holds now (its latest variables, running or ended). */
  public Map<String, Object> variables(CaseLookup.Case found) {
    Map<String, Object> variables = new HashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery()
        .processInstanceIdIn(found.processInstanceId()).list()) {
      variables.put(v.getName(), v.getValue());
    }
    return variables;
  }

  private CaseFile build(CaseLookup.Case found) {
    Map<String, Object> variables = variables(found);
    List<Documents.Document> issued = documents.forCase(found.receiptNo());
    List<byte[]> contents = issued.stream().map(d -> documents.content(d.id())).toList();
    String[] procedure = procedures.getOrDefault(found.procedure(), new String[] {"案卷", "30年"});
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("title", procedure[0]);
    model.put("organ", organs.of((String) variables.get("actingAuthority"), found.tenantId()).name());
    model.put("caseNo", found.receiptNo());
    model.put("subject", firstOf(variables, "matterName", "violationName", "subject"));
    var instance = history.createHistoricProcessInstanceQuery().processInstanceId(found.processInstanceId())
        .singleResult();
    model.put("started", deadlines.formatDate(instance.getStartTime()));
    model.put("ended", instance.getEndTime() == null ? "（办理中）" : deadlines.formatDate(instance.getEndTime()));
    model.put("retention", procedure[1]);
    model.put("built", deadlines.formatDate(Date.from(Instant.now())));

    // the cover and contents first, to know on which page each document begins
    int frontPages = 2;
    List<Map<String, Object>> list = contentsFrom(issued, frontPages);
    model.put("contents", list);
    DocumentRenderer.Pdf front = renderer.pdf("case-file-cover.html", model);
    if (front.pages() != frontPages) {
      list = contentsFrom(issued, front.pages());
      model.put("contents", list);
      front = renderer.pdf("case-file-cover.html", model);
    }
    model.put("steps", steps(found.receiptNo()));
    Object rating = variables.get("ratingLevel");
    model.put("rating", rating == null ? null : RecordRating.Level.of(rating.toString())
        .map(level -> level.label).orElse(rating.toString()));
    DocumentRenderer.Pdf record = renderer.pdf("case-file-record.html", model);

    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDFMergerUtility merger = new PDFMergerUtility();
      merger.addSource(new RandomAccessReadBuffer(front.bytes()));
      contents.forEach(pdf -> merger.addSource(new RandomAccessReadBuffer(pdf)));
      merger.addSource(new RandomAccessReadBuffer(record.bytes()));
      merger.setDestinationStream(out);
      merger.mergeDocuments(null);
      byte[] pdf = out.toByteArray();
      try (PDDocument merged = Loader.loadPDF(pdf)) {
        return new CaseFile(pdf, Documents.sha256(pdf), merged.getNumberOfPages(), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("案卷生成失败", e);
    }
  }

  private List<Map<String, Object>> contentsFrom(List<Documents.Document> issued, int frontPages) {
    List<Map<String, Object>> list = new ArrayList<>();
    int page = frontPages + 1;
    for (int i = 0; i < issued.size(); i++) {
      Documents.Document d = issued.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("n", i + 1);
      row.put("title", d.title() + (d.version() > 1 ? "（第" + d.version() + "版）" : ""));
      row.put("docNo", d.docNo());
      row.put("date", deadlines.formatDate(Date.from(d.issuedAt())));
      row.put("page", page);
      row.put("version", d.version());
      row.put("sha256", d.sha256());
      list.add(row);
      page += d.pages();
    }
    return list;
  }

  private List<Map<String, Object>> steps(String caseNo) {
    List<Map<String, Object>> steps = new ArrayList<>();
    for (HistoricTaskInstance task : history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(caseNo)
        .orderByHistoricActivityInstanceStartTime().asc().list()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", task.getName());
      row.put("holder", holder(task.getAssignee()));
      row.put("started", MINUTE.format(task.getStartTime().toInstant().atZone(deadlines.zone())));
      row.put("ended", task.getEndTime() == null ? "" : MINUTE.format(task.getEndTime().toInstant()
          .atZone(deadlines.zone())));
      row.put("outcome", task.getEndTime() == null ? "办理中" : "completed".equals(task.getDeleteReason())
          ? "已办理" : "已结束（" + task.getDeleteReason() + "）");
      steps.add(row);
    }
    return steps;
  }

  private String holder(String userId) {
    if (userId == null) {
      return "—";
    }
    User user = identity.createUserQuery().userId(userId).singleResult();
    return user == null ? userId : user.getFirstName() + (user.getLastName() == null ? "" : user.getLastName());
  }

  private static Object firstOf(Map<String, Object> variables, String... names) {
    for (String name : names) {
      if (variables.get(name) != null) {
        return variables.get(name);
      }
    }
    return "";
  }
}
