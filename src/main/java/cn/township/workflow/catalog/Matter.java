package cn.township.workflow.catalog;

import java.util.List;

/**
 * A matter (事项) the township handles, as the catalog in {@code processes/matter-catalog.dmn} describes it.
 * Forwarded matters name the county departments that review them (several: joint review), the city
 * departments where the city approves, each level's time limit and whether silence counts as consent.
 */
public record Matter(String code, String name, String procedure, String powerSource,
                     String entrustingDepartment, int timeLimitDays, int warningPercent,
                     boolean leaderSignOff, int supplementDays, List<String> requiredMaterials,
                     String legalBasis, List<String> countyDepartments, List<String> cityDepartments,
                     int levelTimeLimitDays, boolean deemedAgreeAllowed) {

  public Matter {
    requiredMaterials = List.copyOf(requiredMaterials);
    countyDepartments = List.copyOf(countyDepartments);
    cityDepartments = List.copyOf(cityDepartments);
  }

  /** The authority in whose name the township acts: itself, or the county department that entrusted it. */
  public String actingFor(String townshipName) {
    return "委托".equals(powerSource) && entrustingDepartment != null && !entrustingDepartment.isBlank()
        ? entrustingDepartment + "（委托" + townshipName + "办理）"
        : townshipName;
  }
}
