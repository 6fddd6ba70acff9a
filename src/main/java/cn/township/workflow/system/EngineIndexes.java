package cn.township.workflow.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Indexes the application adds to the engine's tables (db/engine-indexes.sql; on PostgreSQL also planner statistics,
 * db/engine-indexes-postgresql.sql), created right after the engine has created or checked its schema, at every
 * start. Idempotent; a node starting beside another that is creating the same index logs and carries on (the index
 * exists either way).
 */
@Component
public class EngineIndexes extends AbstractProcessEnginePlugin {

  static final String SCRIPT = "db/engine-indexes.sql";
  /** statements only PostgreSQL understands (planner statistics) */
  static final String POSTGRES_SCRIPT = "db/engine-indexes-postgresql.sql";
  private static final Logger LOG = LoggerFactory.getLogger(EngineIndexes.class);
  private static final Pattern NAME = Pattern.compile("(?i)CREATE (INDEX|STATISTICS) IF NOT EXISTS (\\w+)");

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    create(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDataSource());
  }

  /** Creates every index of the script that does not exist yet. */
  public static void create(DataSource dataSource) {
    for (String statement : statements(dataSource)) {
      execute(dataSource, statement);
    }
  }

  /** Drops them again (benchmarks measure before and after). */
  public static void drop(DataSource dataSource) {
    for (String statement : statements(dataSource)) {
      Matcher name = NAME.matcher(statement);
      if (name.find()) {
        execute(dataSource, "DROP " + name.group(1) + " IF EXISTS " + name.group(2));
      }
    }
  }

  static List<String> statements(DataSource dataSource) {
    List<String> statements = new ArrayList<>(statements(SCRIPT));
    try (Connection connection = dataSource.getConnection()) {
      if (connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
        statements.addAll(statements(POSTGRES_SCRIPT));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot tell which database this is", e);
    }
    return statements;
  }

  static List<String> statements(String resource) {
    try (InputStream in = EngineIndexes.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      StringBuilder script = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.strip().startsWith("--")) {
          script.append(line).append('\n');
        }
      }
      List<String> statements = new ArrayList<>();
      for (String statement : script.toString().split(";")) {
        if (!statement.isBlank()) {
          statements.add(statement.strip());
        }
      }
      return statements;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  private static void execute(DataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      if (!connection.getAutoCommit()) {
        statement.execute(sql);
        connection.commit();
      } else {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      LOG.warn("{} failed ({}); another node may be creating it at this moment", sql, e.getMessage());
    }
  }
}
