package cn.township.workflow.enforcement;

import cn.township.workflow.casefile.Documents;
import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.system.CaseVariables;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** 申请法院强制执行 (行政强制法第五十三条、第五十五条): the application to the court is issued as a document. */
@Component("recordCourtApplication")
public class RecordCourtApplication implements TaskListener {

  private final Documents documents;

  public RecordCourtApplication(Documents documents) {
    this.documents = documents;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    String court = CaseVariables.text(task, "court", "受理法院");
    String application = CaseVariables.text(task, "courtApplication", "申请事项和理由");
    documents.issue(task.getExecution(), NoticeBook.Kind.COURT_APPLICATION, court, application);
  }
}
