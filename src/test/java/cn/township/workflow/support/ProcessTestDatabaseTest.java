package cn.township.workflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  @Test
  void theProjectsIndexesOnTheEngineTablesExist() throws Exception {
    List<String> indexes = new ArrayList<>();
    try (var connection = dataSource.getConnection()) {
      for (String table : List.of("ACT_RU_TASK")) {
        String name = TestDatabase.postgres() ? table.toLowerCase(Locale.ROOT) : table;
        try (ResultSet rows = connection.getMetaData().getIndexInfo(null, null, name, false, false)) {
          while (rows.next()) {
            indexes.add(String.valueOf(rows.getString("INDEX_NAME")).toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    assertThat(indexes).contains("tw_idx_task_due");
  }
}
