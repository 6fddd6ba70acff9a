package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.casefile.NoticeBook;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * 公开 (行政处罚法第四十八条): the checked text goes public (GET /api/enforcement/publications). Refused if it shows the
 * party's identity number (kept in {@link PartyIdentities}; in upper or lower case, full width or grouped) or a
 * natural person's full name;
 * not published if the decision has meanwhile been revoked.
 */
@Component("publishPenaltyDecision")
public class PublishPenaltyDecision implements TaskListener {

  private final PenaltyRegister register;
  private final Deadlines deadlines;
  private final NoticeBook notices;
  private final PartyIdentities parties;

  public PublishPenaltyDecision(PenaltyRegister register, Deadlines deadlines, NoticeBook notices,
                                PartyIdentities parties) {
    this.parties = parties;
    this.register = register;
    this.deadlines = deadlines;
    this.notices = notices;
  }

  @Override
  public void notify(DelegateTask completed) {
    DelegateTask task = cn.township.workflow.system.ConclusionFields.guarded(completed);
    String text = CaseVariables.text(task, "publicText", "向社会公开的内容");
    if (!CaseVariables.flag(task, "publicationConfirmed", "已核对公开内容")) {
      throw new RejectedInputException("publicationConfirmed", "请核对公开内容不含个人隐私和身份证号码后再公开。");
    }
    if (text.length() > 2000) {
      throw new RejectedInputException("publicText", "公开内容最多2000字。");
    }
    String idNumber = parties.numberOf(task.getProcessInstanceId());
    Object name = task.getVariable("partyName");
    boolean citizen = "citizen".equals(task.getVariable("partyType"));
    if ((idNumber != null && comparable(text).contains(comparable(idNumber)))
        || (citizen && name != null && name.toString().length() > 1 && text.contains(name.toString()))) {
      throw new RejectedInputException("publicText", "公开内容不得含有当事人的身份证号码或自然人的完整姓名。");
    }
    if (Boolean.TRUE.equals(task.getVariable("decisionRevoked"))) {
      CaseDocuments.give(notices, task.getExecution(), List.of("group:team-leader"), "处罚决定已被撤销，不再公开。");
      return;
    }
    register.publish(task.getProcessInstanceId(), deadlines.today(), text);
  }

  /**
   * A text as the number check compares it: full-width characters (a Chinese input method's) as ASCII, upper case, and
   * without the spaces, dashes, dots and invisible characters a number may be grouped or broken with.
   */
  static String comparable(String text) {
    return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).toUpperCase(Locale.ROOT)
        .replaceAll("[\\s\\p{Cf}\\p{Pd}.·・]", "");
  }
}
