package cn.township.workflow.system;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, the engine's question "which groups hold any authorization?" (asked once in every command that checks
 * authorizations) is answered by skipping through the group index (resources/…/system/AuthorizedGroups.xml) instead of
 * Camunda 7.24's {@code SELECT DISTINCT}, which reads one index entry per authorization row: at a county's 100,000
 * open tasks that is 102,000 entries and 12 ms in every Tasklist request, for the same 25 groups.
 */
@Component
public class AuthorizedGroupsStatement extends ReplacedEngineStatement {

  /** The engine's statement, as {@code AuthorizationManager} names it. */
  public static final String ENGINE_STATEMENT = "selectAuthorizedGroupIds";
  /** Ours, in AuthorizedGroups.xml. */
  public static final String STATEMENT = "cn.township.workflow.system.AuthorizedGroups.twSelectAuthorizedGroupIds";
  static final String MAPPER = "cn/township/workflow/system/AuthorizedGroups.xml";

  public AuthorizedGroupsStatement() {
    super(ENGINE_STATEMENT, STATEMENT, MAPPER);
  }

  @Override
  boolean appliesTo(ProcessEngineConfigurationImpl configuration) {
    return "postgres".equals(configuration.getDatabaseType());
  }
}
