package cn.township.workflow.security;

/** The groups of the procedures so far; ids are used in the models' candidate groups. */
public enum Roles {
  WINDOW_CLERK("window-clerk", "窗口受理员"),
  REVIEWER("reviewer", "审核人"),
  LEADER("leader", "分管领导"),
  SUPERVISOR("supervisor", "督查");

  public final String groupId;
  public final String label;

  Roles(String groupId, String label) {
    this.groupId = groupId;
    this.label = label;
  }

  public static final String ADMIN_GROUP = "camunda-admin";
}
