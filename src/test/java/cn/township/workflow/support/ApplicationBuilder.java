package cn.township.workflow.support;

import cn.township.workflow.window.ChineseIdNumber;
import java.util.Map;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

/** Test data: an application as the window would register it. */
public final class ApplicationBuilder {

  /** The applicant's ID number unless a test gives another. */
  public static final String ID_NUMBER = ChineseIdNumber.withCheckCharacter("43052119800101123");

  private String township = "qingshan";
  private String matter = "RURAL_HOMESTEAD";
  private String name = "王大山";
  private String idNumber = ID_NUMBER;
  private String phone = "13800138000";

  public static ApplicationBuilder anApplication() {
    return new ApplicationBuilder();
  }

  public ApplicationBuilder in(String townshipId) {
    this.township = townshipId;
    return this;
  }

  public ApplicationBuilder forMatter(String code) {
    this.matter = code;
    return this;
  }

  public ApplicationBuilder idNumber(String idNumber) {
    this.idNumber = idNumber;
    return this;
  }

  public ApplicationBuilder phone(String phone) {
    this.phone = phone;
    return this;
  }

  public ApplicationBuilder applicant(String name) {
    this.name = name;
    return this;
  }

  public VariableMap variables() {
    VariableMap variables = Variables.createVariables()
        .putValue("applicantName", name)
        .putValue("applicantIdNumber", idNumber)
        .putValue("applicantPhone", phone)
        .putValue("matterCode", matter)
        .putValue("applicationSummary", "在本村自有宅基地上翻建住房");
    if (township != null) {
      variables.putValue("townshipId", township);
    }
    return variables;
  }

  /** The same application as a JSON request body for POST /api/applications. */
  public Map<String, Object> json() {
    VariableMap variables = variables();
    variables.remove("townshipId");
    return variables;
  }

  /** The JSON request body with one more field (handlingTownshipId, villagerConsent …), to change further. */
  public Map<String, Object> jsonWith(String field, Object value) {
    Map<String, Object> json = new java.util.HashMap<>(json());
    json.put(field, value);
    return json;
  }
}
