package cn.township.workflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The public endpoints' limits live in the database: two nodes count together, and no flood of other addresses
 * makes them forget a count (the in-memory limiter they replace forgot every count past 100,000 addresses).
 */
class PublicRateLimitsTest {

  JdbcTemplate database;

  @BeforeEach
  void schema() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:limits-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    // our own tables only (the engine's are not needed here)
    Flyway.configure().dataSource(h2).locations("classpath:db/migration/common").load().migrate();
    database = new JdbcTemplate(h2);
  }

  @Test
  void twoNodesCountTogether() {
    PublicRateLimits nodeA = new PublicRateLimits(database);
    PublicRateLimits nodeB = new PublicRateLimits(database);
    assertThat(nodeA.allow("public-comment", "203.0.113.7", 5, 1000)).isTrue();
    assertThat(nodeB.allow("public-comment", "203.0.113.7", 5, 1000)).isTrue();
    assertThat(nodeA.allow("public-comment", "203.0.113.7", 5, 1000)).isTrue();
    assertThat(nodeB.allow("public-comment", "203.0.113.7", 5, 1000)).isTrue();
    assertThat(nodeA.allow("public-comment", "203.0.113.7", 5, 1000)).isTrue();
    assertThat(nodeB.allow("public-comment", "203.0.113.7", 5, 1000)).as("the sixth, on the other node").isFalse();
    assertThat(nodeA.allow("status-lookup", "203.0.113.7", 5, 1000)).as("another endpoint counts apart").isTrue();
  }

  @Test
  void aFloodOfAddressesNeitherResetsACountNorGetsThroughTogether() {
    PublicRateLimits limits = new PublicRateLimits(database);
    for (int i = 0; i < 3; i++) {
      assertThat(limits.allow("status-lookup", "198.51.100.1", 3, 2500)).isTrue();
    }
    assertThat(limits.allow("status-lookup", "198.51.100.1", 3, 2500)).isFalse();
    int allowed = 0;
    for (int i = 0; i < 3000; i++) {
      allowed += limits.allow("status-lookup", "10." + (i / 250) + "." + (i % 250) + ".9", 3, 2500) ? 1 : 0;
    }
    assertThat(allowed).as("everyone together stops at the overall limit").isEqualTo(2500 - 4);
    assertThat(limits.allow("status-lookup", "198.51.100.1", 3, 100_000)).as("still counted").isFalse();
  }
}
