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
    // one minute throughout: 3,000 requests take longer than the rest of a minute on a loaded machine, and the next
    // minute starts every count again
    PublicRateLimits limits = new PublicRateLimits(database, java.time.Clock.fixed(
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(30),
        java.time.ZoneOffset.UTC));
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

  /**
   * Found by the seventh attacker's review: each IPv6 address was counted apart, and one connection holds a /64 of
   * them, so one machine passed every per-address limit by changing its address. Now a /64 counts as one client,
   * however the address is written; IPv4 and other keys (a receipt number, a device) as before.
   */
  @Test
  void anIpv6ClientCountsByItsNetwork() {
    PublicRateLimits limits = new PublicRateLimits(database);
    assertThat(limits.allow("public-comment", "2001:db8:1:2::1", 3, 1000)).isTrue();
    assertThat(limits.allow("public-comment", "2001:0db8:0001:0002:0:0:0:2", 3, 1000)).isTrue();
    assertThat(limits.allow("public-comment", "[2001:db8:1:2:abcd::3%eth0]", 3, 1000)).isTrue();
    assertThat(limits.allow("public-comment", "2001:db8:1:2:ffff:ffff:ffff:9", 3, 1000))
        .as("a fourth address of the same /64").isFalse();
    assertThat(limits.allow("public-comment", "2001:db8:1:3::1", 3, 1000)).as("the next network").isTrue();
    assertThat(ClientNetworks.network("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(ClientNetworks.network("203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(ClientNetworks.network("QS-20261207-0001")).isEqualTo("QS-20261207-0001");
    assertThat(ClientNetworks.network("2001:db8::zz")).as("not an address: kept").isEqualTo("2001:db8::zz");
    assertThat(ClientNetworks.network("fe80::1:2:3:4")).isEqualTo("fe80:0:0:0::/64");
  }
}
