package cn.township.workflow.enforcement;

import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.RejectedInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * The officers on a case (承办人员): designated at filing, each declaring in person that nothing obliges him to
 * withdraw (行政处罚法第四十三条), replaced when one must withdraw or the head grants a party's recusal request. Kept
 * as case variables: caseOfficers (ids), investigators (names, as documents print them), recusedOfficers, and
 * officersToDeclare, the ones whose declaration is still due.
 */
@Component
public class CaseOfficers {

  private final EnforcementFigures figures;

  public CaseOfficers(EnforcementFigures figures) {
    this.figures = figures;
  }

  /** Whether the case designates its officers by account (cases registered before that named them in text). */
  static boolean designated(VariableScope scope) {
    return scope.getVariable("availableOfficers") != null;
  }

  /**
   * Puts {@code chosen} on the case: at least the minimum number, all officers of the township, none who has
   * withdrawn. Those who have not declared yet are asked to.
   */
  public void assign(VariableScope scope, List<String> chosen) {
    Map<String, String> available = CaseVariables.options(scope, "availableOfficers");
    List<String> recused = CaseVariables.list(scope, "recusedOfficers");
    LinkedHashSet<String> officers = new LinkedHashSet<>(chosen);
    int minimum = figures.get(Key.MINIMUM_OFFICERS).whole();
    if (officers.size() < minimum) {
      throw new RejectedInputException("caseOfficers", "承办本案的执法人员不得少于" + minimum + "人（《行政处罚法》第四十二条）。");
    }
    for (String officer : officers) {
      if (!available.containsKey(officer)) {
        throw new RejectedInputException("caseOfficers", "“" + officer + "”不是本乡镇的执法人员。");
      }
      if (recused.contains(officer)) {
        throw new RejectedInputException("caseOfficers", available.get(officer) + "已回避，不能再承办本案（《行政处罚法》第四十三条）。");
      }
    }
    List<String> declared = CaseVariables.list(scope, "declaredOfficers");
    CaseVariables.setList(scope, "caseOfficers", new ArrayList<>(officers));
    scope.setVariable("officersToDeclare", new ArrayList<>(officers.stream().filter(o -> !declared.contains(o)).toList()));
    scope.setVariable("officersToReplace", 0);
    refreshNames(scope);
  }

  /** The officer has declared no conflict. */
  public void declared(VariableScope scope, String officer) {
    List<String> declared = new ArrayList<>(CaseVariables.list(scope, "declaredOfficers"));
    declared.add(officer);
    CaseVariables.setList(scope, "declaredOfficers", declared);
  }

  /** The officers leave the case: they declared a conflict, or the head granted the party's request. */
  public void withdraw(VariableScope scope, Collection<String> leaving) {
    List<String> officers = new ArrayList<>(CaseVariables.list(scope, "caseOfficers"));
    List<String> recused = new ArrayList<>(CaseVariables.list(scope, "recusedOfficers"));
    for (String officer : leaving) {
      officers.remove(officer);
      if (!recused.contains(officer)) {
        recused.add(officer);
      }
    }
    CaseVariables.setList(scope, "caseOfficers", officers);
    CaseVariables.setList(scope, "recusedOfficers", recused);
    Object pending = scope.getVariable("officersToReplace");
    scope.setVariable("officersToReplace", (pending instanceof Number n ? n.intValue() : 0) + leaving.size());
    refreshNames(scope);
  }

  /** The ids of the officers on the case now. */
  static List<String> onCase(VariableScope scope) {
    return CaseVariables.asList("caseOfficers", scope.getVariable("caseOfficers"));
  }

  /** Everyone who investigated: the officers on the case and those withdrawn, by id and by name. */
  static Set<String> investigatedBy(VariableScope scope) {
    Set<String> people = new LinkedHashSet<>(onCase(scope));
    people.addAll(CaseVariables.asList("recusedOfficers", scope.getVariable("recusedOfficers")));
    Object named = scope.getVariable("investigators");
    if (named != null) {
      people.addAll(Arrays.asList(named.toString().split("[、,，;；\\s]+")));
    }
    people.addAll(Arrays.asList(names(scope, new ArrayList<>(people)).split("、")));
    return people;
  }

  /** Names of the officers, as documents print them: 郭勇、钱明. */
  static String names(VariableScope scope, Collection<String> ids) {
    Map<String, String> available = CaseVariables.options(scope, "availableOfficers");
    return String.join("、", ids.stream().map(id -> nameOf(available.getOrDefault(id, id))).toList());
  }

  /** The option label is "郭勇（qs-officer1）": the name alone. */
  private static String nameOf(String label) {
    int bracket = label.indexOf('（');
    return bracket > 0 ? label.substring(0, bracket) : label;
  }

  private static void refreshNames(VariableScope scope) {
    List<String> officers = CaseVariables.list(scope, "caseOfficers");
    Map<String, String> available = CaseVariables.options(scope, "availableOfficers");
    LinkedHashMap<String, String> options = new LinkedHashMap<>();
    officers.forEach(id -> options.put(id, available.getOrDefault(id, id)));
    CaseVariables.setOptions(scope, "caseOfficerOptions", options);
    scope.setVariable("investigators", names(scope, officers));
    List<String> recused = CaseVariables.list(scope, "recusedOfficers");
    scope.setVariable("recusedOfficerNames", recused.isEmpty() ? "无" : names(scope, recused));
  }
}
