package org.warmupbot.core.session;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the number a member typed. A dot is the decimal point; a single comma followed by digits is a decimal
 * comma ({@code 0,05} is 0.05), unless the commas can only group thousands ({@code 12,345,678}, {@code 1,234.5}).
 * One comma followed by exactly three digits ({@code 3,142}) reads as 3142 or as 3.142 depending on where the
 * member learnt to write numbers, so it is refused like anything else with a comma that could mean more than one
 * number: a member is never judged on a number they did not mean. Stateless and thread-safe.
 */
final class TypedNumber {
  private static final Pattern THOUSANDS =
      Pattern.compile("[+-]?[1-9]\\d{0,2}(?:,\\d{3}){2,}(?:\\.\\d+)?|[+-]?[1-9]\\d{0,2},\\d{3}\\.\\d+");
  private static final Pattern THOUSANDS_OR_DECIMAL = Pattern.compile("[+-]?([1-9]\\d{0,2}),(\\d{3})");
  private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d*,\\d+");

  /**
   * A typed number with more digits than this before or after the point is refused: no pack's answer is there, and
   * judging one exactly ({@code 1e-999999999} is 12 characters) would take the bot minutes.
   */
  static final int MAX_DIGITS = 100;

  private TypedNumber() {}

  /**
   * The number in {@code typed} (surrounding spaces ignored), or empty when it cannot be read as exactly one or
   * has more than {@link #MAX_DIGITS} digits before or after the point.
   */
  static Optional<BigDecimal> read(String typed) {
    String text = typed.strip();
    if (THOUSANDS.matcher(text).matches()) {
      text = text.replace(",", "");
    } else if (DECIMAL_COMMA.matcher(text).matches() && !THOUSANDS_OR_DECIMAL.matcher(text).matches()) {
      text = text.replace(',', '.');
    } else if (text.indexOf(',') >= 0) {
      return Optional.empty();
    }
    return parsed(text).filter(TypedNumber::inRange).map(n -> n.signum() == 0 ? BigDecimal.ZERO : n);
  }

  private static Optional<BigDecimal> parsed(String text) {
    try {
      return Optional.of(new BigDecimal(text));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  /** Whether {@code number} has at most {@link #MAX_DIGITS} digits either side of the point (zero always has). */
  private static boolean inRange(BigDecimal number) {
    if (number.signum() == 0) {
      return true; // 0e99999999 too: read as plain zero
    }
    // In long: near an int's limits the differences wrap round (9e2147483647). Digits before the point do not
    // change with trailing zeros; stripping them, which could overflow the scale, comes only after both checks.
    long scale = number.scale();
    long precision = number.precision();
    if (precision - scale > MAX_DIGITS || scale - precision + 1 > MAX_DIGITS) {
      return false; // too many digits before the point, or after it even with every trailing zero stripped
    }
    return number.stripTrailingZeros().scale() <= MAX_DIGITS;
  }

  /** Why {@code typed} was refused: its commas leave the number unclear, or it is no number at all. */
  static String refusal(String typed) {
    String text = typed.strip();
    var both = THOUSANDS_OR_DECIMAL.matcher(text);
    if (both.matches()) {
      String sign = text.startsWith("-") ? "-" : "";
      return "Cannot tell whether “" + text + "” means " + sign + both.group(1) + both.group(2) + " or " + sign
          + both.group(1) + "." + both.group(2) + ". Type it without commas, with a dot for decimals.";
    }
    if (text.indexOf(',') >= 0) {
      return "Cannot tell which number “" + text + "” is. Type it without commas, with a dot for decimals, e.g. 0.05.";
    }
    return parsed(text).isPresent()
        ? "That number is out of range: type one with at most " + MAX_DIGITS + " digits before and after the point."
        : "That is not a number. Type a number, like 10 or 0.5.";
  }
}
