package cn.township.workflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The process tests really run on the database the run asked for (H2, or PostgreSQL in the second run). */
class ProcessTestDatabaseTest extends ProcessTestCase {

  @Autowired DataSource dataSource;

  @Test
  void runsOnTheDatabaseAskedFor() throws Exception {
    try (var connection = dataSource.getConnection()) {
      assertThat(connection.getMetaData().getDatabaseProductName())
          .isEqualTo(TestDatabase.postgres() ? "PostgreSQL" : "H2");
    }
    assertThat(engine.getProcessEngineConfiguration().getDatabaseType())
        .isEqualTo(TestDatabase.postgres() ? "postgres" : "h2");
  }
}
