package cn.township.workflow.security;

import cn.township.workflow.system.Villages;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The role groups; ids are used in the models' candidate groups. County and city departments are groups
 * too, configured in {@code township.departments} (see {@link cn.township.workflow.system.Departments}).
 * A township role ({@link #township}) is held inside one township: its member belongs to one township (tenant) only
 * ({@link OneTownshipIdentityProvider}). The others, the departments and the administrators act in every township.
 */
public enum Roles {
  WINDOW_CLERK("window-clerk", "窗口受理员", true),
  REVIEWER("reviewer", "审核人", true),
  LEADER("leader", "分管领导", true),
  SUPERVISOR("supervisor", "督查", true),
  PRE_EXAMINER("pre-examiner", "乡镇预审员", true),
  COUNTY_SUPERVISOR("county-supervisor", "县督查", false),
  DECISION_OFFICE("decision-office", "决策承办单位", true),
  LEADERSHIP("leadership", "镇领导班子", true),
  LEGAL_REVIEWER("legal-reviewer", "合法性审查（司法所）", true),
  NPC_LIAISON("npc-liaison", "人大主席团联络员", true),
  /** Invited by name to a decision of any township. */
  EXPERT("expert", "论证专家", false),
  ENFORCEMENT_OFFICER("enforcement-officer", "执法队员", true),
  TEAM_LEADER("team-leader", "执法队长", true),
  /** Edits and deploys the models, migrates running cases (README, "Editing models"). */
  MODEL_ANALYST("model-analyst", "流程分析员", false),
  /** The window's rating device (评价器): the applicant rates on it; it may do nothing else. */
  RATING_DEVICE("rating-device", "窗口评价器", true);

  public final String groupId;
  public final String label;
  /** Whether a member acts inside one township (a window, a township office) rather than across the county. */
  public final boolean township;

  Roles(String groupId, String label, boolean township) {
    this.groupId = groupId;
    this.label = label;
    this.township = township;
  }

  public static final String ADMIN_GROUP = "camunda-admin";

  /** The township roles, with the village agents (村级代办员, of one village of one township). */
  public static final Map<String, String> TOWNSHIP_ROLES = townshipRoles();

  private static Map<String, String> townshipRoles() {
    Map<String, String> roles = new LinkedHashMap<>();
    for (Roles role : values()) {
      if (role.township) {
        roles.put(role.groupId, role.label);
      }
    }
    roles.put(Villages.AGENT_GROUP, Villages.AGENT_LABEL);
    return Collections.unmodifiableMap(roles);
  }
}
