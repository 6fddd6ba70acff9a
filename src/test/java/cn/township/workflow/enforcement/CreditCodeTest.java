package cn.township.workflow.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GB 32100-2015's check character, and GB 11714's for the 组织机构代码 inside a code or alone. */
class CreditCodeTest {

  @Test
  void publishedCodesPassBothChecks() {
    // codes printed on business licences (public registers): the check characters are the registries', not ours
    for (String code : new String[] {"91350100M000100Y43", "9144030071526726XG", "914403001922038216"}) {
      assertThat(CreditCode.problem(code)).as(code).isNull();
      assertThat(CreditCode.isCode(code)).as(code).isTrue();
    }
  }

  @Test
  void aWrongCheckCharacterIsRefused() {
    assertThat(CreditCode.problem("91350100M000100Y44")).isEqualTo(CreditCode.CHECK);
    assertThat(CreditCode.problem("91430521MA4L0XXX2B")).as("the old test fixture").isEqualTo(CreditCode.CHECK);
    assertThat(CreditCode.withCheckCharacter("91350100M000100Y4")).isEqualTo("91350100M000100Y43");
  }

  @Test
  void lettersOutsideTheSetAndOtherLengthsAreRefused() {
    assertThat(CreditCode.problem("91350100M0001O0Y43")).as("O").isEqualTo(CreditCode.FORMAT);
    assertThat(CreditCode.problem("9135010OM000100Y4")).as("17 characters").isEqualTo(CreditCode.FORMAT);
    assertThat(CreditCode.problem("9143".repeat(20))).isEqualTo(CreditCode.FORMAT);
    for (char notInTheSet : "IOZSV".toCharArray()) {
      assertThat(CreditCode.problem("91350100M000100Y4" + notInTheSet)).as("%s", notInTheSet)
          .isEqualTo(CreditCode.FORMAT);
    }
  }

  @Test
  void anOrganizationCodeAloneIsCheckedToo() {
    assertThat(CreditCode.problem("M000100Y4")).isNull();
    assertThat(CreditCode.problem("M000100Y-4")).as("written 8-1").isNull();
    assertThat(CreditCode.problem("M000100Y5")).isEqualTo(CreditCode.ORGANIZATION_CHECK);
    assertThat(CreditCode.problem("71526726X")).isNull();
  }
}
