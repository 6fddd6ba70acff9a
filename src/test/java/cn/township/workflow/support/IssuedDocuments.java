package cn.township.workflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.casefile.DocumentTypes;
import cn.township.workflow.casefile.Documents;
import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * What a process test checks of the documents a path issued: for each kind, a stored PDF that parses, is A4, and
 * prints its Chinese title, the case number and — where the kind carries one — its 文号, and whose SHA-256 is the
 * one on record. Process tests import it with {@code @Import(IssuedDocuments.class)}.
 */
@Component
public class IssuedDocuments {

  private final Documents documents;
  private final DocumentTypes types;
  private final HistoryService history;

  public IssuedDocuments(Documents documents, DocumentTypes types, HistoryService history) {
    this.documents = documents;
    this.types = types;
    this.history = history;
  }

  /** The case number the instance's documents are filed under: its receipt, enforcement or decision number. */
  public String caseNo(ProcessInstance instance) {
    for (String name : List.of("receiptNo", "caseNo", "decisionNo")) {
      HistoricVariableInstance variable = history.createHistoricVariableInstanceQuery()
          .processInstanceId(instance.getId()).variableName(name).singleResult();
      if (variable != null && variable.getValue() != null) {
        return variable.getValue().toString();
      }
    }
    return instance.getBusinessKey();
  }

  /** Asserts one checked document of each kind was issued on the instance's case; returns the last one's text. */
  public void assertIssued(ProcessInstance instance, NoticeBook.Kind... kinds) {
    String caseNo = caseNo(instance);
    List<Documents.Document> issued = documents.forCase(caseNo);
    for (NoticeBook.Kind kind : kinds) {
      DocumentTypes.Type type = types.of(kind).orElseThrow(() -> new AssertionError(kind + " is not a document type"));
      List<Documents.Document> ofKind = issued.stream().filter(d -> d.kind().equals(kind.name())).toList();
      assertThat(ofKind).as("%s issued on %s", type.title(), caseNo).isNotEmpty();
      for (Documents.Document document : ofKind) {
        byte[] pdf = documents.content(document.id());
        assertThat(Documents.sha256(pdf)).as("SHA-256 of %s", type.title()).isEqualTo(document.sha256());
        Pdfs.Read read = Pdfs.read(pdf);
        assertThat(read.size()).as("%s is A4", type.title()).isEqualTo("210x297mm");
        assertThat(read.pages()).isEqualTo(document.pages());
        assertThat(read.text()).as("text of %s", type.title()).contains(type.title(), caseNo, document.organ());
        if (type.numbered()) {
          assertThat(document.docNo()).as("文号 of %s", type.title())
              .matches(".+" + type.docCode() + "〔\\d{4}〕[1-9]\\d*号");
          assertThat(read.text()).contains(document.docNo());
        } else {
          assertThat(document.docNo()).as("%s carries no 文号", type.title()).isNull();
        }
      }
    }
  }
}
