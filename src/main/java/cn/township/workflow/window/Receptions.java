package cn.township.workflow.window;

import cn.township.workflow.security.Callers;
import cn.township.workflow.casefile.CaseLookup;
import cn.township.workflow.casefile.Registrations;
import cn.township.workflow.casefile.Registrations.Channel;
import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.security.Roles;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.system.Townships;
import cn.township.workflow.system.Villages;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.camunda.bpm.engine.variable.VariableMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Applications received away from the handling township's own window: 全县域通办 (a window clerk of township A
 * registers for township B: the case is B's from the start — B's tenant, B's receipt number — and A is recorded as the
 * receiving window) and 村级代办 (a village agent registers for a villager, whose consent is recorded). The case is
 * started as the system in the handling township and the registration written in the same transaction.
 */
@Component
public class Receptions {

  /** Where an application is received and handled, and by whom: decided from the caller before anything starts. */
  public record Reception(Channel channel, String handlingTownshipId, String receivingTownshipId, String registeredBy,
                          String villageId, String villagerConsent) {}

  static final int CONSENT_MAX = 500;

  private final IdentityService identity;
  private final Townships townships;
  private final Villages villages;
  private final Registrations registrations;
  private final Deadlines deadlines;
  private final TransactionTemplate transaction;
  private final CaseLookup lookup;

  public Receptions(IdentityService identity, Townships townships, Villages villages, Registrations registrations,
                    Deadlines deadlines, PlatformTransactionManager transactions, CaseLookup lookup) {
    this.lookup = lookup;
    this.identity = identity;
    this.townships = townships;
    this.villages = villages;
    this.registrations = registrations;
    this.deadlines = deadlines;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * How the caller's application is received: empty for an ordinary one at the caller's own window (the engine
   * decides as before), else a 通办 or 代办 reception. Refuses (400/403) what the caller may not do.
   */
  public Optional<Reception> of(String townshipId, String handlingTownshipId, String villagerConsent) {
    Authentication caller = identity.getCurrentAuthentication();
    List<String> groups = Callers.groups(caller);
    String handling = blankToNull(handlingTownshipId);
    if (handling != null) {
      townships.get(handling);
    }
    if (Villages.isAgent(groups)) {
      Villages.Village village = villages.ofGroups(groups).orElseThrow(() -> new ResponseStatusException(
          HttpStatus.FORBIDDEN, "您的代办员账号未归属任何已配置的村，请联系管理员。"));
      String consent = blankToNull(villagerConsent);
      if (consent == null) {
        throw new RejectedInputException("villagerConsent", "请记录村民同意代办的方式（如：授权委托书已签字、日期）。");
      }
      if (consent.length() > CONSENT_MAX) {
        throw new RejectedInputException("villagerConsent", "代办授权说明过长（最多" + CONSENT_MAX + "字）。");
      }
      // an agent serves their village's township: a case for another township goes through a window (全县域通办)
      if (handling != null && !handling.equals(village.township())) {
        throw new ResponseStatusException(HttpStatus.FORBIDDEN, "村级代办员只能代办本乡镇（"
            + townships.get(village.township()).name() + "）办理的事项，其他乡镇办理的事项请到便民服务中心窗口申请。");
      }
      return Optional.of(new Reception(Channel.VILLAGE_AGENT, village.township(), village.township(),
          caller.getUserId(), village.id(), consent));
    }
    if (blankToNull(villagerConsent) != null) {
      throw new RejectedInputException("villagerConsent", "代办授权只由村级代办员填写。");
    }
    if (handling == null) {
      return Optional.empty();
    }
    List<String> tenants = Callers.townships(caller);
    String receiving = blankToNull(townshipId);
    if (receiving == null && tenants.size() == 1) {
      receiving = tenants.get(0);
    }
    if (receiving == null) {
      throw new RejectedInputException("townshipId", "请指定收件乡镇（townshipId）。");
    }
    if (receiving.equals(handling)) {
      return Optional.empty();
    }
    if (!groups.contains(Roles.WINDOW_CLERK.groupId) || !tenants.contains(receiving)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "只有本乡镇的窗口受理员可以受理其他乡镇办理的申请（全县域通办）。");
    }
    return Optional.of(new Reception(Channel.CROSS_TOWNSHIP, handling, receiving, caller.getUserId(), null, null));
  }

  /** Starts the case in the handling township as the system and records where it was received, in one transaction. */
  public ProcessInstanceWithVariables register(Reception reception, VariableMap variables,
                                               Supplier<ProcessInstanceWithVariables> start) {
    variables.putValue("townshipId", reception.handlingTownshipId())
        .putValue("receivingTownshipId", reception.receivingTownshipId())
        .putValue("registeredBy", reception.registeredBy());
    // printed on the receipt (documents/receipt.html) and shown to the handling township's staff
    if (reception.channel() == Channel.CROSS_TOWNSHIP) {
      variables.putValue("receivingTownshipName", townships.get(reception.receivingTownshipId()).name());
    } else {
      variables.putValue("villageName", villages.villages().stream().filter(v -> v.id().equals(reception.villageId()))
          .findFirst().orElseThrow().name());
    }
    return transaction.execute(status -> {
      ProcessInstanceWithVariables instance = asSystem(start);
      registrations.record(new Registrations.Registration((String) instance.getVariables().get("receiptNo"),
          instance.getId(), reception.channel(), reception.handlingTownshipId(), reception.receivingTownshipId(),
          reception.registeredBy(), reception.villageId(), reception.villagerConsent(),
          reception.handlingTownshipId(), deadlines.now()));
      return instance;
    });
  }

  /** Runs as the system: the caller's rights were checked in {@link #of}, the case may be another township's. */
  <T> T asSystem(Supplier<T> action) {
    return lookup.withoutCaller(action);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
