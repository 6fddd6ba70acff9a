package cn.township.workflow.forwarding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;

/**
 * The decisions of the departments at the level under review, kept on the case as a JSON list
 * ({@code departmentDecisions}) so that Cockpit and the record show who decided what.
 */
final class LevelDecisions {

  static final String VARIABLE = "departmentDecisions";

  /**
   * {@code role}: lead (decides) or co (gives an opinion), null for cases forwarded before the catalog named leads;
   * {@code items}: the catalog materials a supplement asks for.
   */
  record Decision(String department, String departmentName, String decision, String opinion, String legalBasis,
                  String how, String role, List<String> items) {

    Decision {
      items = items == null ? List.of() : List.copyOf(items);
    }

    boolean refused() {
      return "refuse".equals(decision);
    }

    boolean supplement() {
      return "supplement".equals(decision);
    }

    boolean deemed() {
      return "deemed".equals(how);
    }
  }

  private LevelDecisions() {}

  static void clear(VariableScope scope) {
    scope.setVariable(VARIABLE, SpinValues.jsonValue(Spin.JSON("[]")).create());
  }

  static void add(VariableScope scope, Decision decision) {
    SpinJsonNode list = Spin.JSON(scope.getVariable(VARIABLE) == null ? "[]" : scope.getVariable(VARIABLE).toString());
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("department", decision.department());
    entry.put("departmentName", decision.departmentName());
    entry.put("decision", decision.decision());
    entry.put("opinion", decision.opinion());
    entry.put("legalBasis", decision.legalBasis());
    entry.put("how", decision.how());
    entry.put("role", decision.role());
    entry.put("items", decision.items());
    list.append(Spin.JSON(entry));
    scope.setVariable(VARIABLE, SpinValues.jsonValue(list).create());
  }

  /** The role of the department deciding in this scope: co while the level collects opinions, else lead. */
  static String role(VariableScope scope) {
    Object phase = scope.getVariable("reviewPhase");
    return phase == null ? null : "opinions".equals(phase) ? "co" : "lead";
  }

  static List<Decision> all(VariableScope scope) {
    List<Decision> decisions = new ArrayList<>();
    Object value = scope.getVariable(VARIABLE);
    if (value == null) {
      return decisions;
    }
    for (SpinJsonNode node : Spin.JSON(value.toString()).elements()) {
      List<String> items = new ArrayList<>();
      if (node.hasProp("items") && node.prop("items").isArray()) {
        node.prop("items").elements().forEach(item -> items.add(item.stringValue()));
      }
      decisions.add(new Decision(text(node, "department"), text(node, "departmentName"), text(node, "decision"),
          text(node, "opinion"), text(node, "legalBasis"), text(node, "how"), text(node, "role"), items));
    }
    return decisions;
  }

  private static String text(SpinJsonNode node, String field) {
    return node.hasProp(field) && !node.prop(field).isNull() ? node.prop(field).stringValue() : null;
  }
}
