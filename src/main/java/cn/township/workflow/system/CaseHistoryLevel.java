package cn.township.workflow.system;

import cn.township.workflow.security.SensitiveVariables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Set;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.bpmn.behavior.DmnBusinessRuleTaskActivityBehavior;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.BpmnExecutionContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.core.variable.CoreVariableInstance;
import org.camunda.bpm.engine.impl.history.AbstractHistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.migration.instance.MigratingVariableInstance;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * History level "case-file" (application.yaml camunda.bpm.history-level): everything history {@code full} records
 * that supervision, the case file and the audit read (process, activity and task instances, variable instances with
 * their last value, identity links, comments, user operation log, incidents, job runs and failures, decisions of
 * business rule tasks and of the API), but not what nothing reads (docs/benchmarks.md, issue 21): no
 * {@code ACT_HI_DETAIL} row per variable update or form submission (about 90 rows per case), no job log row for a
 * job's creation or deletion (a timer cancelled because its task was done in time), no decision rows for a figure a
 * delegate or listener looks up in a table (35 of 45 rows per case were the matter catalog's columns), and no row at
 * all for a variable that holds sensitive personal information ({@link SensitiveVariables}: the applicant's ID number,
 * kept in tw_applicant_identity, never in the engine's ten-year history). Activity instances stay complete, gateways
 * included: the path a case took is read from them (camunda-bpm-assert's hasPassed).
 * <p>
 * The engine stores its level in ACT_GE_PROPERTY ("historyLevel") and refuses to start when it differs from the
 * configured one; it checks this while it is built, before our Flyway migrations. So a database that ran with
 * {@code full} (3) is moved to this level here, in postInit, under the start-up lock (StartupLock); a release
 * before this one refuses a database moved so (roll back by setting the property to 3 again).
 */
@Component
public class CaseHistoryLevel extends AbstractProcessEnginePlugin {

  public static final String NAME = "case-file";
  public static final int ID = 21;
  static final int FULL = HistoryLevel.HISTORY_LEVEL_FULL.getId();
  /**
   * Per variable update and form submission (ACT_HI_DETAIL); a job's creation and deletion (its runs and failures stay
   * in the job log: which node ran it, what failed; a pending job is in ACT_RU_JOB, a timer's date in the case).
   */
  private static final Set<HistoryEventType> LEFT_OUT = Set.of(HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL,
      HistoryEventTypes.FORM_PROPERTY_UPDATE, HistoryEventTypes.JOB_CREATE, HistoryEventTypes.JOB_DELETE);
  /** The events that write a variable's value into history (ACT_HI_VARINST, ACT_HI_DETAIL). */
  private static final Set<HistoryEventType> VARIABLE_EVENTS = Set.of(HistoryEventTypes.VARIABLE_INSTANCE_CREATE,
      HistoryEventTypes.VARIABLE_INSTANCE_UPDATE, HistoryEventTypes.VARIABLE_INSTANCE_MIGRATE,
      HistoryEventTypes.VARIABLE_INSTANCE_DELETE, HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL);
  private static final Logger LOG = LoggerFactory.getLogger(CaseHistoryLevel.class);

  public static final HistoryLevel LEVEL = new AbstractHistoryLevel() {
    @Override
    public int getId() {
      return ID;
    }

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
      if (LEFT_OUT.contains(eventType)) {
        return false;
      }
      if (VARIABLE_EVENTS.contains(eventType) && SensitiveVariables.contains(variableName(entity))) {
        return false; // every one: an update would write the value, a delete would change a row never created
      }
      if (eventType == HistoryEventTypes.DMN_DECISION_EVALUATE) {
        return byBusinessRuleTaskOrApi();
      }
      return true;
    }
  };

  /** The variable a variable event is about: the engine passes the variable, its history event or its migration. */
  static String variableName(Object entity) {
    if (entity instanceof CoreVariableInstance variable) {
      return variable.getName();
    }
    if (entity instanceof HistoricVariableUpdateEventEntity event) {
      return event.getVariableName();
    }
    if (entity instanceof MigratingVariableInstance migrating) {
      return migrating.getVariableName();
    }
    return null;
  }

  /**
   * A decision is recorded when a business rule task evaluates it (Cockpit shows it on the case: the model branched on
   * it) or when it is evaluated outside a case (the REST API, Cockpit); not when a delegate or listener of a case looks
   * a figure up in a table (matter catalog, statutory periods): the figure is in the case's variables already.
   */
  static boolean byBusinessRuleTaskOrApi() {
    BpmnExecutionContext context = Context.getBpmnExecutionContext();
    if (context == null || context.getExecution() == null) {
      return true;
    }
    ActivityImpl activity = context.getExecution().getActivity();
    return activity != null && activity.getActivityBehavior() instanceof DmnBusinessRuleTaskActivityBehavior;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomHistoryLevels() == null) {
      configuration.setCustomHistoryLevels(new ArrayList<>());
    }
    configuration.getCustomHistoryLevels().add(LEVEL);
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getHistoryLevel() != null && configuration.getHistoryLevel().getId() == ID) {
      adopt(configuration.getDataSource(), configuration.getDatabaseTablePrefix());
    }
  }

  /** Moves a database the engine ran with history full to this level; true if it did. */
  static boolean adopt(DataSource dataSource, String tablePrefix) {
    String table = (tablePrefix == null ? "" : tablePrefix) + "ACT_GE_PROPERTY";
    try (Connection connection = dataSource.getConnection()) {
      if (!tableExists(connection, table)) {
        return false; // a new database: the engine writes the configured level itself
      }
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE " + table + " SET VALUE_ = ?, REV_ = REV_ + 1 WHERE NAME_ = 'historyLevel' AND VALUE_ = ?")) {
        update.setString(1, String.valueOf(ID));
        update.setString(2, String.valueOf(FULL));
        boolean moved = update.executeUpdate() > 0;
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
        if (moved) {
          LOG.info("History level of this database changed from full to {} (no ACT_HI_DETAIL rows from now on)", NAME);
        }
        return moved;
      }
    } catch (SQLException e) {
      throw new ProcessEngineException("Could not move the database's history level to " + NAME + ": "
          + e.getMessage(), e);
    }
  }

  /** Whether the table is there, its name as written or in lower case (PostgreSQL folds unquoted names). */
  public static boolean tableExists(Connection connection, String table) throws SQLException {
    for (String name : new String[] {table, table.toLowerCase(java.util.Locale.ROOT)}) {
      try (ResultSet tables = connection.getMetaData().getTables(null, null, name, null)) {
        if (tables.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
