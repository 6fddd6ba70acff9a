package cn.township.workflow.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every change of our schema, and of the indexes and statistics we add to the engine's tables, is a Flyway migration
 * (db/migration/common, and db/migration/h2 or db/migration/postgresql for what differs), applied at start right
 * after the engine has created or checked its own schema and before anything runs: in the cluster, under
 * {@link StartupLock}, so one node migrates while the others wait. A database of a release before Flyway (our tables
 * made by schema.sql, no history) is baselined at version 0 and then takes every step, each written to be a no-op
 * where its change is already there; history is kept in tw_schema_history. A new change is a new V file, never an
 * edit of an applied one, and extends the upgrade test (UpgradeTest).
 */
@Component
public class SchemaMigrations extends AbstractProcessEnginePlugin {

  static final String HISTORY_TABLE = "tw_schema_history";
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    migrate(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDataSource());
  }

  public static MigrateResult migrate(DataSource dataSource) {
    MigrateResult result = flyway(dataSource).migrate();
    if (result.migrationsExecuted > 0) {
      LOG.info("Schema migrated from version {} to {} ({} steps)", result.initialSchemaVersion,
          result.targetSchemaVersion, result.migrationsExecuted);
    }
    return result;
  }

  static Flyway flyway(DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource)
        .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor(dataSource))
        .table(HISTORY_TABLE)
        // the engine's tables are always there first; a database without our history is one made before Flyway
        .baselineOnMigrate(true).baselineVersion("0").baselineDescription("database of a release before Flyway")
        // Flyway's default lock is a transaction of its own, which CREATE INDEX CONCURRENTLY waits for forever;
        // a session lock lets the index build while Tasklist keeps working
        .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
        .load();
  }

  /** h2 or postgresql: the folder of the migrations only that database understands. */
  static String vendor(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        return "postgresql";
      }
      if (product.contains("h2")) {
        return "h2";
      }
      throw new IllegalStateException("No schema migrations for database " + product + " (H2 or PostgreSQL)");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot tell which database this is", e);
    }
  }
}
