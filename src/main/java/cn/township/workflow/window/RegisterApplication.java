package cn.township.workflow.window;

import cn.township.workflow.security.Callers;
import cn.township.workflow.casefile.NoticeBook;
import cn.township.workflow.casefile.QueryCodes;
import cn.township.workflow.casefile.ReceiptNumbers;
import cn.township.workflow.casefile.Registrations;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.catalog.Matter;
import cn.township.workflow.catalog.MatterCatalog;
import cn.township.workflow.duty.FirstResponsible;
import cn.township.workflow.security.TownshipTenantIdProvider;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.system.Townships;
import cn.township.workflow.system.Townships.Township;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * 登记收件: checks the applicant and the matter, issues the receipt number (also the business key)
 * and the receipt. Throws {@link RejectedInputException} before anything is kept: the start rolls back.
 * The applicant's ID number leaves the case here: it is kept in {@link ApplicantIdentities} and the start variable is
 * removed in this transaction, so the engine never writes it (the history level records no variable history of it).
 */
@Component("registerApplication")
public class RegisterApplication implements JavaDelegate {

  private final MatterCatalog catalog;
  private final Townships townships;
  private final ReceiptNumbers receiptNumbers;
  private final NoticeBook notices;
  private final Deadlines deadlines;
  private final FirstResponsible firstResponsible;
  private final Registrations registrations;
  private final ApplicantIdentities identities;

  public RegisterApplication(MatterCatalog catalog, Townships townships, ReceiptNumbers receiptNumbers,
                             NoticeBook notices, Deadlines deadlines, FirstResponsible firstResponsible,
                             Registrations registrations, ApplicantIdentities identities) {
    this.firstResponsible = firstResponsible;
    this.registrations = registrations;
    this.identities = identities;
    this.catalog = catalog;
    this.townships = townships;
    this.receiptNumbers = receiptNumbers;
    this.notices = notices;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (execution.getTenantId() == null) {
      throw new RejectedInputException("townshipId", "无法确定受理乡镇：请以乡镇窗口账号提交，或指定 townshipId。");
    }
    Township township = townships.get(execution.getTenantId());
    Applicant applicant = new Applicant(
        CaseVariables.optionalText(execution, "applicantName"),
        CaseVariables.optionalText(execution, ApplicantIdentities.VARIABLE),
        CaseVariables.optionalText(execution, "applicantPhone")).validate();
    String procedure = execution.getProcessDefinitionId().split(":")[0];
    Matter matter = catalog.require(CaseVariables.optionalText(execution, "matterCode"), procedure);

    execution.setVariable("applicantName", applicant.name());
    execution.removeVariable(ApplicantIdentities.VARIABLE); // kept below, after the receipt number is issued
    execution.setVariable("applicantPhone", applicant.phone());
    // no townshipId: the tenant provider reads the start variable before the case exists, the tenant id says it after
    execution.setVariable("townshipName", township.name());
    execution.setVariable("matterCode", matter.code());
    execution.setVariable("matterName", matter.name());
    execution.setVariable("matterLegalBasis", matter.legalBasis());
    execution.setVariable("actingAuthority", matter.actingFor(township.name()));
    execution.setVariable("timeLimitDays", matter.timeLimitDays());
    execution.setVariable("warningPercent", matter.warningPercent());
    execution.setVariable("leaderSignOff", matter.leaderSignOff());
    execution.setVariable("supplementDays", matter.supplementDays());
    execution.setVariable("hearingRequired", matter.hearingRequired());
    execution.setVariable("publicNoticeDays", matter.publicNoticeDays());
    CaseVariables.setList(execution, "requiredMaterials", matter.requiredMaterials());

    // registered before in this case (an administrator started it again here): only that run wrote the query code
    boolean again = execution.hasVariable("queryCode");
    receiptNumbers.assign(execution, township);
    identities.record(execution.getProcessInstanceId(), (String) execution.getVariable("receiptNo"), township.id(),
        applicant.idNumber(), deadlines.now(), again);
    execution.setVariable("queryCode", QueryCodes.next());
    execution.setVariable("receivedAt", Date.from(deadlines.now()));
    receivedElsewhere(execution, township);
    firstResponsible.register(execution, township);
    notices.toApplicant(execution, NoticeBook.Kind.RECEIPT, ("的材料已收到。我们将在5个工作日内告知是否受理或需补正的全部材料。"
        + "凭受理编号和查询码 %s 可查询办理进度；办结后也凭此评价码评价本次服务（好差评），工作人员不会代您评价。")
        .formatted(execution.getVariable("queryCode")));
  }

  /**
   * 全县域通办 from Tasklist: a window clerk of another township registered the case for this one (the tenant provider
   * gave the case this township's tenant); the receiving window is recorded as {@code POST /api/applications} records it
   * (Receptions), and printed on the receipt.
   */
  private void receivedElsewhere(DelegateExecution execution, Township township) {
    Authentication caller = Context.getCommandContext().getAuthentication();
    if (caller == null) {
      return; // the system: POST /api/applications sets and records its own (Receptions)
    }
    if (Callers.townships(caller).size() != 1 || Callers.inTownship(caller, township.id())
        || !(execution.getVariable(TownshipTenantIdProvider.HANDLING) instanceof String)) {
      // the clerk's own township: what the receipt prints about another window or a village is not the caller's to say
      for (String printed : new String[] {"receivingTownshipId", "receivingTownshipName", "registeredBy", "villageName"}) {
        execution.removeVariable(printed);
      }
      return;
    }
    Township receiving = townships.get(caller.getTenantIds().get(0));
    execution.setVariable("receivingTownshipId", receiving.id());
    execution.setVariable("receivingTownshipName", receiving.name());
    execution.setVariable("registeredBy", caller.getUserId());
    registrations.record(new Registrations.Registration((String) execution.getVariable("receiptNo"),
        execution.getProcessInstanceId(), Registrations.Channel.CROSS_TOWNSHIP, township.id(), receiving.id(),
        caller.getUserId(), null, null, township.id(), deadlines.now()));
  }
}
