package org.warmupbot.core.session;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the number a member typed. A dot is the decimal point; a single comma followed by digits is a decimal
 * comma ({@code 0,05} is 0.05), unless the commas clearly group thousands ({@code 1,000}, {@code 12,345,678}).
 * Anything else with a comma is refused rather than guessed, so a member is never judged on a number they did not
 * mean. Stateless and thread-safe.
 */
final class TypedNumber {
  /** Tells a member how to type a number the reader refused because of its commas. */
  static final String USE_A_DOT = "Type the number with a dot, e.g. 0.05.";

  private static final Pattern THOUSANDS = Pattern.compile("[+-]?[1-9]\\d{0,2}(?:,\\d{3})+(?:\\.\\d+)?");
  private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d*,\\d+");

  private TypedNumber() {}

  /** The number in {@code typed} (surrounding spaces ignored), or empty when it cannot be read as exactly one. */
  static Optional<BigDecimal> read(String typed) {
    String text = typed.strip();
    if (THOUSANDS.matcher(text).matches()) {
      text = text.replace(",", "");
    } else if (DECIMAL_COMMA.matcher(text).matches()) {
      text = text.replace(',', '.');
    } else if (text.indexOf(',') >= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(text));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  /** Why {@code typed} was refused: its commas leave the number unclear, or it is no number at all. */
  static String refusal(String typed) {
    return typed.indexOf(',') >= 0
        ? "Cannot tell which number “" + typed.strip() + "” is. " + USE_A_DOT
        : "That is not a number. Type a number, like 10 or 0.5.";
  }
}
