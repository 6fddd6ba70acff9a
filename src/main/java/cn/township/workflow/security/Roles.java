package cn.township.workflow.security;

/**
 * The role groups; ids are used in the models' candidate groups. County and city departments are groups
 * too, configured in {@code township.departments} (see {@link cn.township.workflow.system.Departments}).
 */
public enum Roles {
  WINDOW_CLERK("window-clerk", "窗口受理员"),
  REVIEWER("reviewer", "审核人"),
  LEADER("leader", "分管领导"),
  SUPERVISOR("supervisor", "督查"),
  PRE_EXAMINER("pre-examiner", "乡镇预审员"),
  COUNTY_SUPERVISOR("county-supervisor", "县督查"),
  DECISION_OFFICE("decision-office", "决策承办单位"),
  LEADERSHIP("leadership", "镇领导班子"),
  LEGAL_REVIEWER("legal-reviewer", "合法性审查（司法所）"),
  NPC_LIAISON("npc-liaison", "人大主席团联络员"),
  EXPERT("expert", "论证专家"),
  ENFORCEMENT_OFFICER("enforcement-officer", "执法队员"),
  TEAM_LEADER("team-leader", "执法队长"),
  /** Edits and deploys the models, migrates running cases (README, "Editing models"). */
  MODEL_ANALYST("model-analyst", "流程分析员"),
  /** The window's rating device (评价器): the applicant rates on it; it may do nothing else. */
  RATING_DEVICE("rating-device", "窗口评价器");

  public final String groupId;
  public final String label;

  Roles(String groupId, String label) {
    this.groupId = groupId;
    this.label = label;
  }

  public static final String ADMIN_GROUP = "camunda-admin";
}
