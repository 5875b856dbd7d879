package org.warmupbot.slack;

import java.util.ArrayList;
import java.util.List;

/** Slack mrkdwn helpers: escaping and splitting text so no block exceeds Slack's character limits. */
final class SlackText {

  /** Room left under Slack's 3000-character section text limit, with a margin for wrapping markup. */
  static final int SECTION_MAX = 2900;

  private SlackText() {}

  /** Escapes the three characters Slack's mrkdwn reserves, so pack text never becomes a mention or link. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Cuts plain text to {@code max} characters, ending in an ellipsis when cut. */
  static String clip(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }

  /**
   * Splits already-escaped text into pieces of at most {@code max} characters, at line ends where it can and
   * never inside an escape sequence such as {@code &amp;}.
   */
  static List<String> split(String text, int max) {
    List<String> pieces = new ArrayList<>();
    String rest = text;
    while (rest.length() > max) {
      int cut = rest.lastIndexOf('\n', max);
      if (cut <= max / 2) {
        cut = max;
        int amp = rest.lastIndexOf('&', cut - 1);
        if (amp >= 0 && amp > cut - 5 && rest.indexOf(';', amp) >= cut) {
          cut = amp;
        }
        if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
          cut--;
        }
      }
      pieces.add(rest.substring(0, cut));
      rest = rest.substring(cut).replaceFirst("^\n", "");
    }
    if (!rest.isEmpty() || pieces.isEmpty()) {
      pieces.add(rest);
    }
    return pieces;
  }
}
