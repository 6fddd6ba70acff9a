package cn.township.workflow.forwarding;

import cn.township.workflow.catalog.Matter;
import cn.township.workflow.catalog.MatterCatalog;
import cn.township.workflow.system.CaseVariables;
import cn.township.workflow.system.Departments;
import cn.township.workflow.casefile.FiledMaterials;
import cn.township.workflow.casefile.NoticeBook;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * 转报 (行政许可法第三十五条): sends the application, every material on file and the township's preliminary opinion to
 * the departments the catalog names for the level in the task's {@code targetLevel} input (county, or city after a
 * county approval): its lead decides, the others give opinions. The applicant is told where the case is.
 */
@Component("forwardToLevel")
public class ForwardToLevel implements JavaDelegate {

  private final MatterCatalog catalog;
  private final Departments departments;
  private final NoticeBook notices;

  public ForwardToLevel(MatterCatalog catalog, Departments departments, NoticeBook notices) {
    this.catalog = catalog;
    this.departments = departments;
    this.notices = notices;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String level = CaseVariables.text(execution, "targetLevel", "转报层级");
    Matter matter = catalog.find(CaseVariables.text(execution, "matterCode", "事项编码"))
        .orElseThrow(() -> new IllegalStateException("事项目录中已没有本案事项：" + execution.getVariable("matterCode")));
    List<String> reviewers = "city".equals(level) ? matter.cityDepartments() : matter.countyDepartments();
    if (reviewers.isEmpty()) {
      throw new IllegalStateException("事项目录未为“" + matter.name() + "”配置" + levelName(level) + "审查部门，请分析员补全。");
    }
    String lead = matter.leadDepartment(level);
    List<String> coReviewers = reviewers.stream().filter(d -> !d.equals(lead)).toList();
    execution.setVariable("reviewLevel", level);
    execution.setVariable("reviewLevelName", levelName(level));
    execution.setVariable("reviewDepartments", new ArrayList<>(reviewers));
    execution.setVariable("leadDepartment", lead);
    execution.setVariable("leadDepartmentName", departments.nameOf(lead));
    execution.setVariable("coReviewDepartments", new ArrayList<>(coReviewers));
    execution.setVariable("coReviewDays", matter.coReviewDays());
    execution.setVariable("materialsInFileText", String.join("；", FiledMaterials.materials(execution)));
    execution.setVariable("levelTimeLimitDays", matter.levelTimeLimitDays());
    execution.setVariable("deemedAgreeAllowed", matter.deemedAgreeAllowed());
    execution.setVariable("cityApprovalRequired", !matter.cityDepartments().isEmpty());
    execution.setVariable("handlingOutcome", "forwarded");
    String opinion = CaseVariables.optionalText(execution, "preliminaryOpinionText");
    String sent = opinion == null || "city".equals(level) ? "" : "乡镇初步审查意见（" + opinion + "）和";
    String others = coReviewers.isEmpty() ? "" : "，" + names(coReviewers) + "出具意见";
    notices.toApplicant(execution, NoticeBook.Kind.FORWARDED, "已由%s全程代理，将%s全部申请材料转报%s（%s）审查，由%s作出决定%s。"
        .formatted(execution.getVariable("townshipName"), sent, levelName(level), names(reviewers),
            departments.nameOf(lead), others));
  }

  private String names(List<String> groups) {
    return String.join("、", groups.stream().map(departments::nameOf).toList());
  }

  static String levelName(String level) {
    return "city".equals(level) ? "市级" : "县级";
  }
}
