package cn.township.workflow.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import cn.township.workflow.enforcement.EnforcementFigures.Key;
import cn.township.workflow.enforcement.EnforcementFigures.Unit;
import cn.township.workflow.support.ProcessTestCase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The analysts' tables the enforcement procedures read: every figure is there with a unit that can be counted,
 * the periods the laws count in working days are working days, the hearing right covers every heavy penalty, and no
 * figure is written in the code instead.
 */
class EnforcementTablesTest extends ProcessTestCase {

  @Autowired EnforcementFigures figures;
  @Autowired PenaltyProcedure procedure;

  @Test
  void everyFigureTheProceduresReadIsInTheTable() {
    for (Key key : Key.values()) {
      EnforcementFigures.Figure figure = figures.get(key); // throws, naming the row, if missing or of the wrong unit
      assertThat(figure.value()).as(key.row).isPositive();
      assertThat(figure.basis()).as(key.row).isNotBlank();
    }
  }

  @Test
  void theShortPeriodsOfThePenaltyAndCompulsionLawsAreWorkingDays() {
    // 行政处罚法第八十五条 (二日、三日、五日、七日), 行政强制法第六十九条 (十日以内)
    for (Key key : EnumSet.of(Key.RESPONSE_PERIOD, Key.HEARING_NOTICE_PERIOD, Key.SERVICE_PERIOD, Key.HAND_IN_PERIOD,
        Key.BANK_DEPOSIT_PERIOD, Key.DEMAND_PERIOD)) {
      assertThat(figures.get(key).unit()).as(key.row).isEqualTo(Unit.WORKING_DAYS);
    }
    for (Key key : EnumSet.of(Key.PAYMENT_PERIOD, Key.RECONSIDERATION_PERIOD, Key.DECISION_PERIOD)) {
      assertThat(figures.get(key).unit()).as(key.row).isEqualTo(Unit.DAYS);
    }
  }

  @Test
  void everyHeavyPenaltyGivesAHearingRight() {
    // 第六十三条: 降低资质等级、吊销许可证件；责令停产停业、责令关闭、限制从业
    for (PenaltyKind heavy : EnumSet.of(PenaltyKind.DOWNGRADE, PenaltyKind.REVOCATION, PenaltyKind.SUSPENSION,
        PenaltyKind.CLOSURE, PenaltyKind.RESTRICTION)) {
      assertThat(procedure.evaluate("organization", heavy, BigDecimal.ZERO, BigDecimal.ZERO, false, false)
          .has("hearingRight")).as(heavy.label).isTrue();
    }
    assertThat(procedure.evaluate("citizen", PenaltyKind.WARNING, BigDecimal.ZERO, BigDecimal.ZERO, false, false)
        .has("hearingRight")).isFalse();
  }

  @Test
  void theProcedureTableComparesWithTheFiguresTable() {
    BigDecimal large = figures.get(Key.HEARING_FINE_CITIZEN).value();
    assertThat(procedure.evaluate("citizen", PenaltyKind.FINE, large, BigDecimal.ZERO, false, false).has("hearingRight"))
        .isTrue();
    assertThat(procedure.evaluate("citizen", PenaltyKind.FINE, large.subtract(BigDecimal.ONE), BigDecimal.ZERO, false,
        false).has("hearingRight")).isFalse();
    BigDecimal spot = figures.get(Key.SUMMARY_FINE_ORGANIZATION).value();
    assertThat(procedure.evaluate("organization", PenaltyKind.FINE, spot, BigDecimal.ZERO, false, false)
        .has("summaryAllowed")).isTrue();
    assertThat(procedure.evaluate("organization", PenaltyKind.FINE, spot.add(BigDecimal.ONE), BigDecimal.ZERO, false,
        false).has("summaryAllowed")).isFalse();
  }

  @Test
  void noFigureIsWrittenInTheEnforcementCode() throws IOException {
    Pattern constant = Pattern.compile("static final (int|long|short|double|float|Integer|Long|Double|BigDecimal|Duration|Period) ");
    List<String> found = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java/cn/township/workflow/enforcement"))) {
      for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
        Files.readAllLines(source).stream().filter(line -> constant.matcher(line).find())
            .forEach(line -> found.add(source.getFileName() + ": " + line.strip()));
      }
    }
    assertThat(found).as("figures belong in processes/enforcement-figures.dmn").isEmpty();
  }
}
