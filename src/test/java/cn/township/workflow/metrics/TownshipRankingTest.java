package cn.township.workflow.metrics;

import static cn.township.workflow.support.ApplicationBuilder.anApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.township.workflow.metrics.TownshipRanking.Criterion;
import cn.township.workflow.support.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/** 乡镇排名: points per figure, the weighted score from township-ranking.csv, and who may see it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "demo"})
class TownshipRankingTest {

  @Autowired TestRestTemplate rest;
  @Autowired TownshipRanking ranking;

  Api api() {
    return new Api(rest);
  }

  @Test
  void pointsRunFromTheWorstTownshipToTheBest() {
    Criterion higher = new Criterion("goodRate", "好评率", true, 25);
    Criterion lower = new Criterion("overdueNow", "当前超期", false, 15);
    List<Double> rates = List.of(0.5, 1.0, 0.75);
    assertThat(TownshipRanking.points(higher, 0.5, rates)).isEqualTo(0.0);
    assertThat(TownshipRanking.points(higher, 1.0, rates)).isEqualTo(100.0);
    assertThat(TownshipRanking.points(higher, 0.75, rates)).isEqualTo(50.0);
    List<Double> overdue = List.of(2.0, 10.0, 4.0);
    assertThat(TownshipRanking.points(lower, 2.0, overdue)).isEqualTo(100.0);
    assertThat(TownshipRanking.points(lower, 4.0, overdue)).isEqualTo(75.0);
    assertThat(TownshipRanking.points(lower, 10.0, overdue)).isEqualTo(0.0);
    assertThat(TownshipRanking.points(lower, 3.0, List.of(3.0, 3.0))).as("all equal").isEqualTo(100.0);
    assertThat(TownshipRanking.points(lower, null, overdue)).as("no figure, no points").isNull();
  }

  @Test
  void theAnalystsTableSetsFiguresDirectionsAndWeights() {
    assertThat(ranking.criteria()).extracting(Criterion::figure)
        .containsExactlyInAnyOrderElementsOf(TownshipRanking.FIGURES);
    assertThat(ranking.criteria()).filteredOn(c -> c.figure().equals("avgHandlingDays")).singleElement()
        .extracting(Criterion::higherIsBetter).isEqualTo(false);
    assertThat(ranking.criteria()).filteredOn(c -> c.figure().equals("onTimeRate")).singleElement()
        .extracting(Criterion::higherIsBetter).isEqualTo(true);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCountySeesEveryTownshipRankedByTheWeightedScore() {
    api().register("bs-clerk", anApplication().forMatter("RURAL_HOMESTEAD").json());
    api().register("qs-clerk", anApplication().forMatter("RURAL_HOMESTEAD").json());
    ResponseEntity<Map<String, Object>> answer = api().get("county-supervisor", "/api/metrics/ranking");
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<Map<String, Object>> criteria = (List<Map<String, Object>>) answer.getBody().get("criteria");
    List<Map<String, Object>> townships = (List<Map<String, Object>>) answer.getBody().get("townships");
    assertThat(townships).extracting(t -> t.get("townshipName")).containsExactlyInAnyOrder("青山镇", "白石乡");
    for (Map<String, Object> township : townships) {
      Map<String, Object> figures = (Map<String, Object>) township.get("figures");
      Map<String, Object> points = (Map<String, Object>) township.get("points");
      double weighted = 0;
      double weights = 0;
      for (Map<String, Object> criterion : criteria) {
        Number point = (Number) points.get(criterion.get("figure"));
        double weight = ((Number) criterion.get("weight")).doubleValue();
        if (point != null) {
          weighted += weight * point.doubleValue();
          weights += weight;
        }
      }
      assertThat(((Number) township.get("score")).doubleValue()).isCloseTo(weighted / weights, within(0.051));
      // the figures are the dashboard's own for that township
      Map<String, Object> overdue = api().get("county-supervisor", "/api/metrics/overdue?township="
          + township.get("township")).getBody();
      assertThat(((Number) figures.get("overdueNow")).longValue()).isEqualTo(((Number) overdue.get("count")).longValue());
    }
    double first = ((Number) townships.get(0).get("score")).doubleValue();
    double second = ((Number) townships.get(1).get("score")).doubleValue();
    assertThat(first).isGreaterThanOrEqualTo(second);
    assertThat(townships.get(0).get("rank")).isEqualTo(1);
    // the dashboard carries it for the county, not for a township supervisor
    assertThat(api().get("county-supervisor", "/api/metrics/dashboard?township=qingshan").getBody())
        .containsKey("ranking");
    assertThat(api().get("qs-supervisor", "/api/metrics/dashboard").getBody()).doesNotContainKey("ranking");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTownshipWithoutCasesInThePeriodIsNotRanked() {
    ResponseEntity<Map<String, Object>> answer = api().get("county-supervisor",
        "/api/metrics/ranking?from=2020-01-01&to=2020-01-31");
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    for (Map<String, Object> township : (List<Map<String, Object>>) answer.getBody().get("townships")) {
      assertThat(township.get("score")).as("%s", township).isNull();
      assertThat(township.get("rank")).isNull();
    }
  }

  @Test
  void onlyTheCountySeesTheRanking() {
    ResponseEntity<Map<String, Object>> township = api().get("qs-supervisor", "/api/metrics/ranking");
    assertThat(township.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(township.getBody().get("message").toString()).contains("仅供县督查");
    assertThat(api().get("qs-clerk", "/api/metrics/ranking").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(api().get(null, "/api/metrics/ranking").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<Map<String, Object>> badDate = api().get("county-supervisor", "/api/metrics/ranking?from=yesterday");
    assertThat(badDate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badDate.getBody().get("message").toString()).contains("yyyy-MM-dd");
  }
}
