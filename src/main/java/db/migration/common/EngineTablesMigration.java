package db.migration.common;

import cn.township.workflow.system.CaseHistoryLevel;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A migration of the engine's tables written as SQL that runs the same on H2 and PostgreSQL, in Java only so that it
 * does nothing where the engine's tables are not there (SupervisionFiguresAtScale migrates a reporting database
 * without them). Not a versioned migration itself: Flyway picks up only classes named {@code V<n>__…}.
 */
abstract class EngineTablesMigration extends BaseJavaMigration {

  /** The statements, run in order in the migration's transaction. */
  abstract String[] statements();

  @Override
  public final void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    if (!CaseHistoryLevel.tableExists(connection, "ACT_RU_VARIABLE")) {
      return; // no engine here
    }
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements()) {
        statement.executeUpdate(sql);
      }
    }
  }
}
