package cn.township.workflow.system;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.session.Configuration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.sql.DbSqlSessionFactory;

/**
 * Puts one of our SQL statements (a mapper file of ours) in place of one of the engine's, by the engine's own
 * per-database statement mapping: the engine keeps asking for its statement by name and gets ours. Kept thin on purpose
 * (Camunda 7 CE gets no fixes; the mapping is the engine's configuration point for this).
 */
abstract class ReplacedEngineStatement extends AbstractProcessEnginePlugin {

  private final String engineStatement;
  private final String statement;
  private final String mapper;

  ReplacedEngineStatement(String engineStatement, String statement, String mapper) {
    this.engineStatement = engineStatement;
    this.statement = statement;
    this.mapper = mapper;
  }

  /** Whether this engine's database gets ours. */
  boolean appliesTo(ProcessEngineConfigurationImpl configuration) {
    return true;
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    if (!appliesTo(configuration)) {
      return;
    }
    Configuration mybatis = configuration.getSqlSessionFactory().getConfiguration();
    if (!mybatis.hasStatement(statement, false)) {
      try (InputStream in = ReplacedEngineStatement.class.getClassLoader().getResourceAsStream(mapper)) {
        new XMLMapperBuilder(in, mybatis, mapper, mybatis.getSqlFragments()).parse();
      } catch (IOException e) {
        throw new IllegalStateException(mapper, e);
      }
    }
    map(configuration.getDbSqlSessionFactory(), engineStatement, statement, true);
  }

  /**
   * Ours ({@code true}) or the engine's. The engine's mappings of one database type are shared by every engine in the
   * JVM: this engine gets a copy.
   */
  static void map(DbSqlSessionFactory factory, String engineStatement, String statement, boolean ours) {
    Map<String, String> mappings = factory.getStatementMappings() == null ? new HashMap<>()
        : new HashMap<>(factory.getStatementMappings());
    if (ours) {
      mappings.put(engineStatement, statement);
    } else {
      mappings.remove(engineStatement);
    }
    factory.setStatementMappings(mappings);
  }
}
