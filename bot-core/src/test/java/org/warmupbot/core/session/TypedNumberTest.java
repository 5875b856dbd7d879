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
  void commasThatCanOnlyGroupThousands_areThousands() {
    assertThat(TypedNumber.read("12,345,678")).contains(new BigDecimal("12345678"));
    assertThat(TypedNumber.read("1,234.5")).contains(new BigDecimal("1234.5"));
    assertThat(TypedNumber.read("-1,000,000")).contains(new BigDecimal("-1000000"));
  }

  @Test
  void oneCommaBeforeExactlyThreeDigits_couldBeEither_andIsRefusedNamingBothReadings() {
    // 3,142 is 3142 to some members and 3.142 (π) to others: judging either reading could cost the wrong attempt.
    for (String typed : new String[] {"3,142", "1,000", "-2,500"}) {
      assertThat(TypedNumber.read(typed)).as(typed).isEmpty();
    }
    assertThat(TypedNumber.refusal(" 3,142 ")).isEqualTo(
        "Cannot tell whether “3,142” means 3142 or 3.142. Type it without commas, with a dot for decimals.");
    assertThat(TypedNumber.refusal("-2,500")).contains("means -2500 or -2.500");
  }

  @Test
  void otherAmbiguousCommas_areRefusedWithTheWayToTypeIt() {
    for (String typed : new String[] {"1,23,456", "1,5.3", "1.234,5", "1,", "4,2,0"}) {
      assertThat(TypedNumber.read(typed)).as(typed).isEmpty();
      assertThat(TypedNumber.refusal(typed)).as(typed)
          .isEqualTo("Cannot tell which number “" + typed + "” is. Type it without commas, with a dot for "
              + "decimals, e.g. 0.05.");
    }
  }

  @Test
  void textWithoutCommas_isNotANumber() {
    assertThat(TypedNumber.read("forty-two")).isEmpty();
    assertThat(TypedNumber.refusal("forty-two")).isEqualTo("That is not a number. Type a number, like 10 or 0.5.");
  }

  @Test
  void numbersBeyondAHundredDigitsEitherSideOfThePoint_areOutOfRange_butZeroIsZero() {
    assertThat(TypedNumber.read("9".repeat(100))).as("100 digits").contains(new BigDecimal("9".repeat(100)));
    assertThat(TypedNumber.read("1e-100")).contains(new BigDecimal("1e-100"));
    assertThat(TypedNumber.read("1" + "0".repeat(100))).as("101 digits").isEmpty();
    assertThat(TypedNumber.read("1e100")).isEmpty();
    assertThat(TypedNumber.read("1e-101")).isEmpty();
    assertThat(TypedNumber.read("0e99999999")).contains(BigDecimal.ZERO);
    assertThat(TypedNumber.read("1.50000e-99")).as("trailing zeros do not count")
        .hasValueSatisfying(n -> assertThat(n).isEqualByComparingTo("1.5e-99"));
    // Near an int's limits (review 10, last pass): the digit count wrapped round, or stripping zeros overflowed.
    assertThat(TypedNumber.read("9e2147483647")).isEmpty();
    assertThat(TypedNumber.read("100e2147483647")).isEmpty();
    assertThat(TypedNumber.read("1e-2147483647")).isEmpty();
    assertThat(TypedNumber.refusal("1e-999999999"))
        .isEqualTo("That number is out of range: type one with at most 100 digits before and after the point.");
  }
}
