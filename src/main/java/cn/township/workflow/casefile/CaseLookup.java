package cn.township.workflow.casefile;

import cn.township.workflow.security.Callers;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Component;

/**
 * Finds a case by its receipt number and the query code printed on the receipt. Wrong number and
 * wrong code look the same to the caller, so numbers cannot be probed.
 */
@Component
public class CaseLookup {

  /**
   * The procedures an applicant applies for at a window (受理编号, receipt, status lookup): the ones a window clerk
   * starts (TownshipIdentity) and may register for another township (TownshipTenantIdProvider).
   */
  public static final List<String> WINDOW_PROCEDURES = List.of("delegated-review", "forward-to-county");

  /** The procedures a receipt number can belong to (the top-level cases, not their called parts). */
  static final String[] PROCEDURES = WINDOW_PROCEDURES.toArray(String[]::new);

  public record Case(String processInstanceId, String procedure, String receiptNo, String tenantId, boolean ended,
                     String endActivityId) {}

  private final HistoryService history;
  private final IdentityService identity;

  public CaseLookup(HistoryService history, IdentityService identity) {
    this.history = history;
    this.identity = identity;
  }

  public Optional<Case> find(String receiptNo, String queryCode) {
    if (receiptNo == null || queryCode == null || receiptNo.isBlank() || queryCode.isBlank()) {
      return Optional.empty();
    }
    return withoutCaller(() -> {
      List<HistoricProcessInstance> found = history.createHistoricProcessInstanceQuery()
          .processInstanceBusinessKey(receiptNo.strip()).processDefinitionKeyIn(PROCEDURES).list();
      if (found.size() != 1) {
        return Optional.<Case>empty();
      }
      HistoricProcessInstance instance = found.get(0);
      HistoricVariableInstance code = history.createHistoricVariableInstanceQuery()
          .processInstanceIdIn(instance.getId()).variableName("queryCode").singleResult();
      if (code == null || !QueryCodes.matches((String) code.getValue(), queryCode)) {
        return Optional.<Case>empty();
      }
      return Optional.of(new Case(instance.getId(), instance.getProcessDefinitionKey(), instance.getBusinessKey(),
          instance.getTenantId(), instance.getEndTime() != null, instance.getEndActivityId()));
    });
  }

  /** Every procedure whose cases have a number of their own (receipt, enforcement case, decision number). */
  static final String[] ALL_PROCEDURES = {"delegated-review", "forward-to-county", "joint-enforcement", "major-decision"};

  /** The case with this number, whoever asks (the caller's right to read it is decided by {@link CaseAccess}). */
  public Optional<Case> byNumber(String caseNo) {
    if (caseNo == null || caseNo.isBlank() || caseNo.length() > 64) {
      return Optional.empty();
    }
    return withoutCaller(() -> history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(caseNo.strip())
        .processDefinitionKeyIn(ALL_PROCEDURES).list().stream().filter(i -> i.getSuperProcessInstanceId() == null)
        .findFirst().map(instance -> new Case(instance.getId(), instance.getProcessDefinitionKey(),
            instance.getBusinessKey(), instance.getTenantId(), instance.getEndTime() != null,
            instance.getEndActivityId())));
  }

  /**
   * Runs a lookup as the system: the query code, not the caller's township, decides whether the case
   * may be read (the caller is an applicant without an account, or a county system of another tenant).
   */
  public <T> T withoutCaller(Supplier<T> lookup) {
    return Callers.as(identity, null, lookup);
  }
}
