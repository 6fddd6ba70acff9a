package cn.township.workflow.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Which database the process tests run on: H2 in memory (default), or a real PostgreSQL started inside the test JVM
 * when {@code -Dtownship.test.database=postgres} (the pom's second test run, "process-tests-on-postgresql").
 */
public final class TestDatabase {

  public static final String PROPERTY = "township.test.database";
  private static EmbeddedPostgres postgres;

  private TestDatabase() {}

  public static boolean postgres() {
    return "postgres".equals(System.getProperty(PROPERTY));
  }

  /** Points the context at PostgreSQL where asked; H2 (application-test.yaml) otherwise. */
  public static void register(DynamicPropertyRegistry registry) {
    if (!postgres()) {
      return;
    }
    EmbeddedPostgres database = startOnce();
    registry.add("spring.datasource.url", () -> database.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("camunda.bpm.database.type", () -> "postgres");
  }

  private static synchronized EmbeddedPostgres startOnce() {
    if (postgres == null) {
      try {
        // stopped by its own shutdown hook when the test JVM ends
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new IllegalStateException("embedded PostgreSQL did not start", e);
      }
    }
    return postgres;
  }
}
