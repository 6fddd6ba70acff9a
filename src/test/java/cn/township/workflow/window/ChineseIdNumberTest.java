package cn.township.workflow.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChineseIdNumberTest {

  @Test
  void acceptsAValidNumberAndRefusesBadOnes() {
    String valid = ChineseIdNumber.withCheckCharacter("11010519491231002");
    assertThat(valid).isEqualTo("11010519491231002X");
    assertThat(ChineseIdNumber.problem(valid)).isNull();
    assertThat(ChineseIdNumber.problem("110105194912310021")).contains("校验位");
    assertThat(ChineseIdNumber.problem("1101051949123100")).contains("18位");
    assertThat(ChineseIdNumber.problem(ChineseIdNumber.withCheckCharacter("11010519491332002"))).contains("出生日期");
    assertThat(ChineseIdNumber.problem("")).contains("请填写");
  }
}
