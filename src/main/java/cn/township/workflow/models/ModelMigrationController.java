package cn.township.workflow.models;

import cn.township.workflow.security.Callers;
import cn.township.workflow.audit.AuditTrail;
import cn.township.workflow.security.Roles;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/admin/migrations {"processKey": "delegated-review", "dryRun": true}}: moves running
 * cases onto the newest version of a model. Dry run unless {@code "dryRun": false} is sent. Analysts and
 * admins only (others get 403, recorded in tw_refusal).
 */
@RestController
public class ModelMigrationController {

  public record Request(String processKey, Boolean dryRun) {}

  private final ModelMigration migration;
  private final IdentityService identity;
  private final AuditTrail audit;

  public ModelMigrationController(ModelMigration migration, IdentityService identity, AuditTrail audit) {
    this.migration = migration;
    this.identity = identity;
    this.audit = audit;
  }

  @PostMapping("/api/admin/migrations")
  public ResponseEntity<?> migrate(@RequestBody(required = false) Request request) {
    Authentication caller = identity.getCurrentAuthentication();
    if (!Callers.inGroup(caller, Roles.MODEL_ANALYST.groupId) && !Callers.inGroup(caller, Roles.ADMIN_GROUP)) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("status", 403,
          "message", "只有流程分析员或管理员可以迁移流程实例。"));
    }
    Request asked = request == null ? new Request(null, true) : request;
    boolean dryRun = !Boolean.FALSE.equals(asked.dryRun());
    ModelMigration.Outcome outcome = migration.migrateToLatest(asked.processKey(), dryRun);
    if (!dryRun) {
      audit.record(caller.getUserId(), "MigrateCases", null, asked.processKey() + " → version "
          + outcome.targetVersion() + ": " + outcome.migrated().size() + " moved, " + outcome.blocked().size()
          + " blocked " + outcome.blocked().stream().map(ModelMigration.Blocked::businessKey).toList());
    }
    return ResponseEntity.ok(outcome);
  }
}
