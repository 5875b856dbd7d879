package org.warmupbot.core.pack;

/**
 * Finds where a YAML quote was left open, for packs and settings alike: YAML reads a missing closing quote on to
 * the next quote, often many lines later, and reports that line; the line to fix is the one that opened it.
 */
public final class UnclosedQuotes {
  private UnclosedQuotes() {}

  /** The line (from 1) of a quoted value that opens on an earlier line and closes on {@code line}, or 0. */
  public static int openingLine(String text, int line) {
    String[] lines = text.split("\n", -1);
    char quote = 0;
    int opened = 0;
    for (int i = 0; i < Math.min(line, lines.length); i++) {
      String current = lines[i];
      int from = 0;
      if (quote == 0) {
        int start = valueStart(current);
        if (start < 0 || (current.charAt(start) != '"' && current.charAt(start) != '\'')) {
          continue;
        }
        quote = current.charAt(start);
        opened = i + 1;
        from = start + 1;
      }
      if (closingQuote(current, from, quote) >= 0) {
        if (i + 1 == line && opened != line) {
          return opened;
        }
        quote = 0;
      }
    }
    return 0;
  }

  /** Where the value of a {@code key: value} or {@code - value} line starts, or -1 when it has none. */
  private static int valueStart(String line) {
    int at = 0;
    while (true) {
      while (at < line.length() && line.charAt(at) == ' ') {
        at++;
      }
      if (line.startsWith("- ", at)) {
        at += 2;
      } else {
        break;
      }
    }
    if (at < line.length() && (line.charAt(at) == '"' || line.charAt(at) == '\'')) {
      return at;
    }
    int colon = line.indexOf(": ", at);
    if (colon < 0) {
      return -1;
    }
    int value = colon + 2;
    while (value < line.length() && line.charAt(value) == ' ') {
      value++;
    }
    return value < line.length() ? value : -1;
  }

  /** The index of the quote that closes a {@code quote}-quoted value in {@code line} from {@code from}, or -1. */
  private static int closingQuote(String line, int from, char quote) {
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '"' && c == '\\') {
        i++; // an escape: the next character is not a quote
      } else if (c == quote) {
        if (quote == '\'' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
          i++; // '' is a quote inside single quotes
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
