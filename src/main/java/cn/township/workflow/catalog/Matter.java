package cn.township.workflow.catalog;

import java.util.List;

/**
 * A matter (事项) the township handles, as the catalog in {@code processes/matter-catalog.dmn} describes it.
 * Forwarded matters name the county departments that review them (several: joint review), of which the lead decides
 * and the others give opinions, the city departments where the city approves (with its lead), each level's time
 * limit, the co-reviewers' time for their opinions and whether a co-reviewer's silence counts as consent (a lead's
 * never does). {@code hearingRequired}: a hearing by law (行政许可法第四十六条); {@code publicNoticeDays}: 公示 before
 * an approval, 0 for none.
 */
public record Matter(String code, String name, String procedure, String powerSource,
                     String entrustingDepartment, int timeLimitDays, int warningPercent,
                     boolean leaderSignOff, int supplementDays, List<String> requiredMaterials,
                     String legalBasis, List<String> countyDepartments, List<String> cityDepartments,
                     int levelTimeLimitDays, boolean deemedAgreeAllowed, String countyLeadDepartment,
                     String cityLeadDepartment, int coReviewDays, boolean hearingRequired, int publicNoticeDays) {

  public Matter {
    requiredMaterials = List.copyOf(requiredMaterials);
    countyDepartments = List.copyOf(countyDepartments);
    cityDepartments = List.copyOf(cityDepartments);
  }

  /** The department that decides at a level (county or city); the others at that level give opinions. */
  public String leadDepartment(String level) {
    String lead = "city".equals(level) ? cityLeadDepartment : countyLeadDepartment;
    List<String> reviewing = "city".equals(level) ? cityDepartments : countyDepartments;
    if (lead == null || lead.isBlank() || !reviewing.contains(lead.strip())) {
      throw new IllegalStateException("事项目录中“" + name + "”的" + ("city".equals(level) ? "市级" : "县级")
          + "主办部门未填写或不在该级审查部门之中，请分析员更正 matter-catalog.dmn。");
    }
    return lead.strip();
  }

  /** The authority in whose name the township acts: itself, or the county department that entrusted it. */
  public String actingFor(String townshipName) {
    return "委托".equals(powerSource) && entrustingDepartment != null && !entrustingDepartment.isBlank()
        ? entrustingDepartment + "（委托" + townshipName + "办理）"
        : townshipName;
  }
}
