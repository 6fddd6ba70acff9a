package cn.township.workflow.enforcement;

import cn.township.workflow.catalog.Deadlines;
import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.Departments;
import cn.township.workflow.system.RejectedInputException;
import cn.township.workflow.system.Townships;
import cn.township.workflow.casefile.ReceiptNumbers;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 案源登记: checks the report, numbers the case, and settles jurisdiction from the analysts' table
 * (enforcement-jurisdiction.dmn): the township's own transferred power, a county department's entrusted
 * power (acting in that department's name), or county-only (transferred). Records when the act was committed and,
 * for a citizen, the date of birth, and works out what the filing decision must weigh: the limitation period
 * (行政处罚法第三十六条), the party's age at the time (第三十条) and an earlier fine for the same act (第二十九条).
 * The party's identification number leaves the case here: it is kept in {@link PartyIdentities} and the start variable
 * is removed in this transaction, so the engine never writes it (the history level records no variable history of it).
 */
@Component
public class RegisterCase implements JavaDelegate {

  private final ViolationRules rules;
  private final Townships townships;
  private final Departments departments;
  private final ReceiptNumbers numbers;
  private final Deadlines deadlines;
  private final EnforcementFigures figures;
  private final PenaltyRegister register;
  private final EnforcementStaff staff;
  private final PartyIdentities parties;

  public RegisterCase(ViolationRules rules, Townships townships, Departments departments, ReceiptNumbers numbers,
                      Deadlines deadlines, EnforcementFigures figures, PenaltyRegister register, EnforcementStaff staff,
                      PartyIdentities parties) {
    this.parties = parties;
    this.rules = rules;
    this.townships = townships;
    this.departments = departments;
    this.numbers = numbers;
    this.deadlines = deadlines;
    this.figures = figures;
    this.register = register;
    this.staff = staff;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (execution.getTenantId() == null) {
      throw new RejectedInputException("townshipId", "无法确定办案乡镇：请以乡镇执法账号登记，或指定 townshipId。");
    }
    Townships.Township township = townships.get(execution.getTenantId());
    CaseVariables.text(execution, "partyName", "当事人姓名或名称");
    CaseVariables.text(execution, "facts", "线索内容");
    String partyType = CaseVariables.text(execution, "partyType", "当事人类型");
    if (!partyType.equals("citizen") && !partyType.equals("organization")) {
      throw new RejectedInputException("partyType", "当事人类型应为公民（citizen）或法人或者其他组织（organization）。");
    }
    String given = PartyIdentities.checked(partyType, execution.getVariable(PartyIdentities.VARIABLE));
    execution.removeVariable(PartyIdentities.VARIABLE); // kept below, once the case has its number
    // registered again (an administrator's modification or restart) without a number: the case keeps the one it has
    String idNumber = given != null ? given : parties.numberOf(execution);
    LocalDate today = deadlines.today();
    LocalDate committed = CaseVariables.date(execution, "violationDate", "违法行为发生日期", deadlines.zone());
    if (committed.isAfter(today)) {
      throw new RejectedInputException("violationDate", "违法行为发生日期不能晚于今天。");
    }
    ViolationRules.Rule rule = rules.require(CaseVariables.text(execution, "violationType", "违法行为类型"));
    String team = township.name() + "综合行政执法队";
    execution.setVariable("violationName", rule.violationName());
    execution.setVariable("jurisdiction", rule.jurisdiction());
    execution.setVariable("entrustingDepartment", rule.entrustingDepartment());
    execution.setVariable("penaltyBasis", rule.penaltyBasis());
    execution.setVariable("allowedPenaltyKinds", rule.kindsText());
    execution.setVariable("reconsiderationBody", rule.reconsiderationBody());
    execution.setVariable("compulsionPower", rule.compulsionPower());
    execution.setVariable("fineAccountLevel", rule.fineAccountLevel() + "财政（财政管理级次不变）");
    execution.setVariable("actingAuthority", switch (rule.jurisdiction()) {
      case "entrusted" -> rule.entrustingDepartment() + "（委托" + team + "实施）";
      case "county" -> team;
      default -> township.name() + "人民政府";
    });
    execution.setVariable("partyTypeLabel", partyType.equals("citizen") ? "公民" : "法人或者其他组织");
    execution.setVariable("townshipName", township.name());
    String caseNo = numbers.assign(execution, township);
    execution.setVariable("caseNo", caseNo);
    if (idNumber != null) {
      parties.record(execution.getProcessInstanceId(), caseNo, township.id(), partyType, idNumber, deadlines.now());
    }
    execution.setVariable("discoveredAt", Date.from(deadlines.now()));
    execution.setVariable("violationDateText", deadlines.formatDate(deadlines.endOf(committed)));
    weighLimitation(execution, committed, today);
    if (partyType.equals("citizen")) {
      weighAge(execution, committed, idNumber);
    }
    List<String> fined = register.finesForTheSameAct(idNumber, rule.violationType(), committed);
    execution.setVariable("fineBarred", !fined.isEmpty());
    execution.setVariable("sameActFinedIn", fined.isEmpty() ? "无" : String.join("、", fined));
    Date filingDue = figures.periodEnd(Key.FILING_PERIOD, today);
    execution.setVariable("filingDue", filingDue);
    execution.setVariable("filingDueDate", deadlines.formatDate(filingDue));
    LinkedHashMap<String, String> county = new LinkedHashMap<>();
    departments.departments().stream().filter(d -> "county".equals(d.level())).forEach(d -> county.put(d.id(), d.name()));
    CaseVariables.setOptions(execution, "availableJointDepartments", county);
    LinkedHashMap<String, String> officers = new LinkedHashMap<>();
    staff.officersOf(township.id()).forEach((id, name) -> officers.put(id, name + "（" + id + "）"));
    CaseVariables.setOptions(execution, "availableOfficers", officers);
  }

  /**
   * 第三十六条: an act not discovered within two years (five where life, health or financial safety was harmed) is no
   * longer punished, counted from the day it was committed (or, if it continued, ended). Discovered: today.
   */
  private void weighLimitation(DelegateExecution execution, LocalDate committed, LocalDate discovered) {
    LocalDate ends = committed.plusYears(figures.get(Key.LIMITATION_PERIOD).whole());
    LocalDate endsSafety = committed.plusYears(figures.get(Key.LIMITATION_PERIOD_SAFETY).whole());
    execution.setVariable("limitationEndsDate", deadlines.formatDate(deadlines.endOf(ends)));
    execution.setVariable("limitationSafetyEndsDate", deadlines.formatDate(deadlines.endOf(endsSafety)));
    execution.setVariable("limitationExpired", discovered.isAfter(ends));
    execution.setVariable("limitationSafetyExpired", discovered.isAfter(endsSafety));
  }

  /**
   * 第三十条: under 14 at the time of the act, no penalty; under 18, a lighter one. Age in full years (周岁), reached on
   * the day after the birthday, as Chinese law counts it.
   */
  private void weighAge(DelegateExecution execution, LocalDate committed, String idNumber) {
    LocalDate born = CaseVariables.date(execution, "partyBirthDate", "当事人出生日期", deadlines.zone());
    if (born.isAfter(committed)) {
      throw new RejectedInputException("partyBirthDate", "当事人出生日期不能晚于违法行为发生日期。");
    }
    if (idNumber != null && !idNumber.substring(6, 14).equals(born.format(DateTimeFormatter.BASIC_ISO_DATE))) {
      throw new RejectedInputException("partyBirthDate", "当事人出生日期与身份证号码中的出生日期不一致，请核对。");
    }
    int age = fullYears(born, committed);
    execution.setVariable("partyAgeAtViolation", age);
    execution.setVariable("underAgeParty", age < figures.get(Key.NO_PENALTY_AGE).whole());
    execution.setVariable("minorParty", age < figures.get(Key.LIGHTER_PENALTY_AGE).whole());
  }

  /** 周岁 on {@code day}: N full years from the day after the N-th birthday. */
  static int fullYears(LocalDate born, LocalDate day) {
    int years = Period.between(born, day).getYears();
    return Math.max(0, born.plusYears(years).equals(day) ? years - 1 : years);
  }
}
