package cn.township.workflow.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Cluster nodes started at the same moment on a new PostgreSQL database would all create the schema at once (ours,
 * Camunda's, the indexes, then users, filters and deployments), and all but one would fail. So a node holds a
 * PostgreSQL advisory lock from before anything touches the database until it is ready: the others wait for it and
 * then find everything in place. A node that dies releases the lock with its connection. Not needed on H2 (one node).
 */
public class StartupLock implements SpringApplicationRunListener {

  /** The advisory lock's key: any number no other program uses on this database. */
  static final long KEY = 0x7477_5354_4152_54L; // "twSTART"
  static final Duration MAX_WAIT = Duration.ofMinutes(10);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Logger LOG = LoggerFactory.getLogger(StartupLock.class);

  private Connection held;

  public StartupLock(SpringApplication application, String[] args) {
  }

  @Override
  public void contextPrepared(ConfigurableApplicationContext context) {
    Environment environment = context.getEnvironment();
    String url = environment.getProperty("spring.datasource.url");
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      return;
    }
    try {
      held = DriverManager.getConnection(url, environment.getProperty("spring.datasource.username"),
          environment.getProperty("spring.datasource.password"));
      try (Statement statement = held.createStatement()) {
        // polled, not waited for in one statement: a waiting statement is a transaction, and the node holding the
        // lock builds indexes CONCURRENTLY, which waits for every transaction open on the database to end
        long giveUp = System.nanoTime() + MAX_WAIT.toNanos();
        boolean logged = false;
        while (!locked(statement, "SELECT pg_try_advisory_lock(" + KEY + ")")) {
          if (!logged) {
            LOG.info("Another node is starting on this database; waiting for it to finish (at most {} min)",
                MAX_WAIT.toMinutes());
            logged = true;
          }
          if (System.nanoTime() > giveUp) {
            throw new SQLException("the other node did not finish starting within " + MAX_WAIT.toMinutes() + " min");
          }
          Thread.sleep(POLL.toMillis());
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        release();
        throw new IllegalStateException("Interrupted while waiting for the start-up lock", interrupted);
      }
    } catch (SQLException e) {
      release();
      throw new IllegalStateException("Could not take the start-up lock on " + url + " (another node may still be "
          + "starting, or the database is unreachable): " + e.getMessage(), e);
    }
  }

  @Override
  public void ready(ConfigurableApplicationContext context, Duration timeTaken) {
    release();
  }

  @Override
  public void failed(ConfigurableApplicationContext context, Throwable exception) {
    release();
  }

  private static boolean locked(Statement statement, String query) throws SQLException {
    try (ResultSet result = statement.executeQuery(query)) {
      return result.next() && result.getBoolean(1);
    }
  }

  private void release() {
    if (held != null) {
      try {
        held.close(); // ends the session, and with it the advisory lock
      } catch (SQLException e) {
        LOG.warn("Closing the start-up lock's connection failed: {}", e.getMessage());
      }
      held = null;
    }
  }
}
