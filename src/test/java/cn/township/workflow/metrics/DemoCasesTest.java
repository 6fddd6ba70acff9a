package cn.township.workflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.TownshipWorkflowApplication;
import cn.township.workflow.system.UpgradeTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo cases are walked with the engine's (JVM-wide) clock set back by weeks: issue 21 found a case registered
 * a few seconds after a first start numbered six weeks back, because the web server was already answering. They are
 * walked before the server takes requests: when it starts, they exist and the clock is today's again.
 */
class DemoCasesTest {

  /** POST /api/applications as 青山镇's clerk, the receipt number it answers. */
  static String registerAsClerk(ConfigurableApplicationContext context) throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
            + context.getEnvironment().getProperty("local.server.port") + "/api/applications"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("qs-clerk:demo".getBytes()))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
            cn.township.workflow.support.ApplicationBuilder.anApplication().json()))).build();
    var response = java.net.http.HttpClient.newHttpClient().send(request,
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body()).get("receiptNo").asText();
  }

  record AtServerStart(long demoCases, Instant engineClock) {}

  @Test
  void demoCasesAreWalkedBeforeTheServerTakesRequests() throws Exception {
    AtServerStart[] seen = new AtServerStart[1];
    AtomicReference<JdbcTemplate> database = new AtomicReference<>();
    String name = "democases" + UUID.randomUUID().toString().substring(0, 8);
    ApplicationListener<WebServerInitializedEvent> atServerStart = event -> seen[0] = new AtServerStart(
        new JdbcTemplate(event.getApplicationContext().getBean(javax.sql.DataSource.class))
            .queryForObject("SELECT COUNT(*) FROM tw_case_fact", Long.class),
        ClockUtil.getCurrentTime().toInstant());
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TownshipWorkflowApplication.class)
        .listeners(atServerStart)
        .run("--spring.profiles.active=demo", "--server.port=0", UpgradeTest.NO_WEBAPPS, "--camunda.bpm.job-execution.enabled=false",
            "--spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1",
            "--camunda.bpm.process-engine-name=" + name, "--township.demo.cases=true")) {
      database.set(context.getBean(JdbcTemplate.class));
      assertThat(seen[0]).as("the server started").isNotNull();
      assertThat(seen[0].demoCases()).as("demo cases walked before the server took requests").isPositive();
      assertThat(Duration.between(seen[0].engineClock(), Instant.now()).abs())
          .as("and the engine's clock is back to now").isLessThan(Duration.ofMinutes(1));
      // the clerk's first registration after the start is numbered today (issue 21 saw QS-20261028-0002 on 12-02)
      String receiptNo = registerAsClerk(context);
      String today = java.time.LocalDate.now(context.getBean(cn.township.workflow.catalog.Deadlines.class).zone())
          .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
      assertThat(receiptNo).as("receipt number of a registration right after the start").startsWith("QS-" + today + "-");
    }
  }
}
