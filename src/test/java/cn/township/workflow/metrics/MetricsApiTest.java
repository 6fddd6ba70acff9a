package cn.township.workflow.metrics;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.support.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** /api/metrics and /actuator/prometheus over HTTP: who may read which township's figures. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class MetricsApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired SupervisionMeters meters;

  Api api() {
    return new Api(rest);
  }

  long accepted(String user, String township) {
    ResponseEntity<Map<String, Object>> answer = api().get(user, "/api/metrics/cases"
        + (township == null ? "" : "?township=" + township));
    assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
    return ((Number) ((Map<?, ?>) answer.getBody().get("total")).get("accepted")).longValue();
  }

  @Test
  void aTownshipSupervisorSeesOnlyTheirTownshipTheCountySeesAll() {
    long qingshan = accepted("qs-supervisor", null);
    long baishi = accepted("county-supervisor", "baishi");
    long all = accepted("county-supervisor", null);
    api().register("qs-clerk", anApplication().forMatter("RURAL_HOMESTEAD").json());
    api().register("bs-clerk", anApplication().forMatter("RURAL_HOMESTEAD").json());
    api().register("bs-clerk", anApplication().forMatter("TEMPORARY_ASSISTANCE").json());

    assertThat(accepted("qs-supervisor", null)).isEqualTo(qingshan + 1);
    assertThat(accepted("county-supervisor", "baishi")).isEqualTo(baishi + 2);
    assertThat(accepted("county-supervisor", null)).isEqualTo(all + 3);

    Map<String, Object> dashboard = api().get("qs-supervisor", "/api/metrics/dashboard").getBody();
    assertThat(dashboard).containsKeys("cases", "overdue", "steps", "ratings", "enforcement", "decisions", "forwarding");
    List<Object> townships = ((List<?>) ((Map<?, ?>) dashboard.get("scope")).get("townships")).stream()
        .map(t -> (Object) ((Map<?, ?>) t).get("name")).toList();
    assertThat(townships).containsExactly("青山镇");
  }

  @Test
  void othersAreRefusedWithAReason() {
    ResponseEntity<Map<String, Object>> other = api().get("qs-supervisor", "/api/metrics/dashboard?township=baishi");
    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) other.getBody().get("message")).contains("白石乡");
    ResponseEntity<Map<String, Object>> clerk = api().get("qs-clerk", "/api/metrics/cases");
    assertThat(clerk.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat((String) clerk.getBody().get("message")).contains("督查数据仅供督查人员");
    assertThat(api().get(null, "/api/metrics/cases").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<Map<String, Object>> badDate = api().get("qs-supervisor", "/api/metrics/cases?from=2026-13-01");
    assertThat(badDate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) badDate.getBody().get("message")).contains("yyyy-MM-dd").contains("2026-13-01");
    // dates java.time reads but no database holds (sent encoded as they are: %2B is the plus sign)
    for (String far : new String[] {"to=%2B999999999-12-31", "from=-0001-01-01", "to=%2B10000-01-01"}) {
      ResponseEntity<Map<String, Object>> beyond = api().as("county-supervisor").exchange(
          java.net.URI.create(api().as("county-supervisor").getRootUri() + "/api/metrics/dashboard?" + far),
          org.springframework.http.HttpMethod.GET, null,
          new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {});
      assertThat(beyond.getStatusCode()).as(far).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat((String) beyond.getBody().get("message")).as(far).contains("1900 年至 9999 年");
    }
    ResponseEntity<Map<String, Object>> century = api().get("county-supervisor",
        "/api/metrics/dashboard?from=1900-01-01&to=9999-12-31");
    assertThat(century.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) century.getBody().get("message")).contains("最长 5 年");
    ResponseEntity<Map<String, Object>> unknown = api().get("county-supervisor", "/api/metrics/cases?township=xx");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) unknown.getBody().get("message")).contains("未知的乡镇");
  }

  @Test
  void cockpitLoginReadsTheFigures() {
    // as the browser does: the page hands out the session and CSRF cookies, the login form sends the token back
    ResponseEntity<String> page = rest.getForEntity("/camunda/app/cockpit/default/", String.class);
    Map<String, String> cookies = new java.util.HashMap<>();
    page.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE).forEach(c -> cookies.put(c.split("=", 2)[0],
        c.split(";", 2)[0].split("=", 2)[1]));
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("username", "qs-supervisor");
    form.add("password", "demo");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    headers.add("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
    cookies.forEach((name, value) -> headers.add(HttpHeaders.COOKIE, name + "=" + value));
    ResponseEntity<String> login = rest.exchange("/camunda/api/admin/auth/user/default/login/cockpit", HttpMethod.POST,
        new HttpEntity<>(form, headers), String.class);
    assertThat(login.getStatusCode()).as("%s", login.getBody()).isEqualTo(HttpStatus.OK);
    login.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE).forEach(c -> cookies.put(c.split("=", 2)[0],
        c.split(";", 2)[0].split("=", 2)[1]));
    HttpHeaders session = new HttpHeaders();
    cookies.forEach((name, value) -> session.add(HttpHeaders.COOKIE, name + "=" + value));
    ResponseEntity<String> figures = rest.exchange("/api/metrics/dashboard", HttpMethod.GET, new HttpEntity<>(session),
        String.class);
    assertThat(figures.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(figures.getBody()).contains("青山镇");
    // the session does not open the rest of the API (no CSRF exposure of writes)
    assertThat(rest.exchange("/api/applications", HttpMethod.POST, new HttpEntity<>(Map.of(), session), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void prometheusScrapeForCountySupervisorsOnly() {
    api().register("qs-clerk", anApplication().forMatter("RURAL_HOMESTEAD").json());
    meters.refresh();
    assertThat(rest.getForEntity("/actuator/prometheus", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<String> township = api().as("qs-supervisor").getForEntity("/actuator/prometheus", String.class);
    assertThat(township.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(township.getBody()).contains("仅供县督查和系统管理员");
    ResponseEntity<String> scrape = api().as("county-supervisor").getForEntity("/actuator/prometheus", String.class);
    assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
    String open = scrape.getBody().lines()
        .filter(l -> l.startsWith("township_cases_in_progress{") && l.contains("procedure=\"delegated-review\"")
            && l.contains("township=\"qingshan\""))
        .findFirst().orElseThrow(() -> new AssertionError("no township_cases_in_progress for qingshan:\n"
            + scrape.getBody()));
    assertThat(Double.parseDouble(open.substring(open.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(1.0);
    assertThat(scrape.getBody()).contains("camunda_job_successful_total").contains("township_ratings_good_rate")
        .contains("camunda_jobs_executable");
    for (String hidden : List.of("/actuator/health", "/actuator/env", "/actuator/metrics", "/actuator/beans")) {
      assertThat(api().as("county-supervisor").getForEntity(hidden, String.class).getStatusCode())
          .as(hidden).isEqualTo(HttpStatus.NOT_FOUND);
    }
  }
}
