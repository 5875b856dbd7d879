package org.warmupbot.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

final class TypedNumberTest {

  @Test
  void dotIsTheDecimalPoint() {
    assertThat(TypedNumber.read(" 0.05 ")).contains(new BigDecimal("0.05"));
    assertThat(TypedNumber.read("-3")).contains(new BigDecimal("-3"));
  }

  @Test
  void singleCommaFollowedByDigits_isADecimalComma() {
    assertThat(TypedNumber.read("0,05")).contains(new BigDecimal("0.05"));
    assertThat(TypedNumber.read("1,5")).contains(new BigDecimal("1.5"));
    assertThat(TypedNumber.read(",5")).contains(new BigDecimal("0.5"));
    assertThat(TypedNumber.read("0,050")).contains(new BigDecimal("0.050"));
    assertThat(TypedNumber.read("1,2345")).contains(new BigDecimal("1.2345"));
  }

  @Test
  void commasGroupingThreeDigits_areThousands() {
    assertThat(TypedNumber.read("1,000")).contains(new BigDecimal("1000"));
    assertThat(TypedNumber.read("12,345,678")).contains(new BigDecimal("12345678"));
    assertThat(TypedNumber.read("1,234.5")).contains(new BigDecimal("1234.5"));
  }

  @Test
  void ambiguousCommas_areRefusedWithTheWayToTypeIt() {
    for (String typed : new String[] {"1,23,456", "1,5.3", "1.234,5", "1,", "4,2,0"}) {
      assertThat(TypedNumber.read(typed)).as(typed).isEmpty();
      assertThat(TypedNumber.refusal(typed)).as(typed).contains("Type the number with a dot, e.g. 0.05.");
    }
  }

  @Test
  void textWithoutCommas_isNotANumber() {
    assertThat(TypedNumber.read("forty-two")).isEmpty();
    assertThat(TypedNumber.refusal("forty-two")).isEqualTo("That is not a number. Type a number, like 10 or 0.5.");
  }
}
