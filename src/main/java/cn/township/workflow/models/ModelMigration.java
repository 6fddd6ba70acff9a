package cn.township.workflow.models;

import cn.township.workflow.security.PeriodRestartGuard;
import cn.township.workflow.security.StatutoryTimerGuard;
import cn.township.workflow.system.RejectedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.migration.MigratingActivityInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingTransitionInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the running cases of a procedure's older versions onto its newest version, with Camunda's
 * migration API: activities with the same id are mapped onto each other; a waiting timer keeps the date it was
 * given (a statutory period runs from when the case reached the step, not from the migration), and a message or
 * signal the case waits for keeps its name. A case waiting in a step to which the new version adds a timer counted
 * from now is not moved (listed as blocked): that timer would start on the day of the migration.
 * Each case moves in its own transaction, so one that cannot move leaves the others alone; a dry run
 * does the same work and rolls every transaction back, so what it reports is what a real run would do.
 */
@Component
public class ModelMigration {

  public record Moved(String processInstanceId, String businessKey, int fromVersion) {}

  public record Blocked(String processInstanceId, String businessKey, int fromVersion, List<String> reasons) {}

  public record Outcome(String processKey, int targetVersion, boolean dryRun, List<Moved> migrated,
      List<Blocked> blocked) {}

  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final TransactionTemplate transactions;

  public ModelMigration(RepositoryService repository, RuntimeService runtime, TransactionTemplate transactions) {
    this.repository = repository;
    this.runtime = runtime;
    this.transactions = transactions;
  }

  public Outcome migrateToLatest(String processKey, boolean dryRun) {
    if (processKey == null || processKey.isBlank()) {
      throw new RejectedInputException("processKey", "请写明要迁移的流程（processKey），例如 delegated-review。");
    }
    ProcessDefinition target = repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
        .withoutTenantId().latestVersion().singleResult();
    if (target == null) {
      throw new RejectedInputException("processKey", "没有已部署的流程“" + processKey + "”。");
    }
    List<Moved> migrated = new ArrayList<>();
    List<Blocked> blocked = new ArrayList<>();
    for (ProcessDefinition source : repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
        .withoutTenantId().orderByProcessDefinitionVersion().asc().list()) {
      if (source.getVersion() >= target.getVersion()) {
        continue;
      }
      List<ProcessInstance> running = runtime.createProcessInstanceQuery().processDefinitionId(source.getId()).list();
      if (running.isEmpty()) {
        continue;
      }
      MigrationPlan plan;
      try {
        // no updateEventTriggers(): it recalculates every timer from the day of the migration, so a period counted
        // "from now" (受理 in five working days, 行政许可法第三十二条) would start again; a case keeps its deadlines
        plan = runtime.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities().build();
      } catch (MigrationPlanValidationException e) {
        List<String> reasons = planFailures(e);
        running.forEach(i -> blocked.add(new Blocked(i.getId(), i.getBusinessKey(), source.getVersion(), reasons)));
        continue;
      }
      List<String> removed = StatutoryTimerGuard.unmappedTimers(repository.getBpmnModelInstance(source.getId()),
          plan.getInstructions().stream().map(MigrationInstruction::getSourceActivityId).collect(Collectors.toSet()));
      if (!removed.isEmpty()) {
        // mapEqualActivities maps a step whose timer was renamed without the timer: it would restart the period
        List<String> reasons = List.of("计时器 " + String.join("、", removed) + " 在新版本中没有同一 id 的事件：迁移会删除它，"
            + "新版本的计时器从迁移之日起重新计时，法定期限被重新起算。请在新版本中保留计时器事件的 id。");
        running.forEach(i -> blocked.add(new Blocked(i.getId(), i.getBusinessKey(), source.getVersion(), reasons)));
        continue;
      }
      // a timer the new version adds to a step, counted from now, would start on the day of the migration
      Map<String, List<String>> added = PeriodRestartGuard.addedTimers(repository.getBpmnModelInstance(target.getId()),
          target.getKey(), plan.getInstructions().stream().collect(Collectors.toMap(
              MigrationInstruction::getSourceActivityId,
              MigrationInstruction::getTargetActivityId, (one, other) -> one)));
      for (ProcessInstance instance : running) {
        List<String> timed = added.isEmpty() ? List.of()
            : PeriodRestartGuard.blocking(added, runtime.getActivityInstance(instance.getId()));
        if (!timed.isEmpty()) {
          blocked.add(new Blocked(instance.getId(), instance.getBusinessKey(), source.getVersion(), List.of("新版本给案件所在"
              + "的环节新增了从到达环节起计算期限的计时器（" + String.join("；", timed) + "）：迁移会从迁移之日起计算这一期限，"
              + "而案件到达该环节已有时日，法定期限被推迟起算。该案件留在原版本办结，新计时器适用于在新版本上到达该环节的案件。")));
          continue;
        }
        List<String> reasons = transactions.execute(status -> {
          try {
            runtime.newMigration(plan).processInstanceIds(instance.getId()).execute();
            if (dryRun) {
              status.setRollbackOnly();
            }
            return List.<String>of();
          } catch (MigratingProcessInstanceValidationException e) {
            status.setRollbackOnly();
            return instanceFailures(e);
          }
        });
        if (reasons.isEmpty()) {
          migrated.add(new Moved(instance.getId(), instance.getBusinessKey(), source.getVersion()));
        } else {
          blocked.add(new Blocked(instance.getId(), instance.getBusinessKey(), source.getVersion(), reasons));
        }
      }
    }
    return new Outcome(processKey, target.getVersion(), dryRun, migrated, blocked);
  }

  private static List<String> planFailures(MigrationPlanValidationException e) {
    List<String> reasons = new ArrayList<>();
    for (MigrationInstructionValidationReport report : e.getValidationReport().getInstructionReports()) {
      report.getFailures().forEach(f -> reasons.add("迁移规则 " + report.getMigrationInstruction() + "：" + f));
    }
    return reasons.isEmpty() ? List.of(e.getMessage()) : reasons;
  }

  private static List<String> instanceFailures(MigratingProcessInstanceValidationException e) {
    List<String> reasons = new ArrayList<>(e.getValidationReport().getFailures());
    for (MigratingActivityInstanceValidationReport report : e.getValidationReport().getActivityInstanceReports()) {
      report.getFailures().forEach(f -> reasons.add("停留在 " + report.getSourceScopeId() + "：" + f));
    }
    for (MigratingTransitionInstanceValidationReport report : e.getValidationReport().getTransitionInstanceReports()) {
      report.getFailures().forEach(f -> reasons.add("停留在 " + report.getSourceScopeId() + "：" + f));
    }
    return reasons.isEmpty() ? List.of(e.getMessage()) : reasons;
  }
}
