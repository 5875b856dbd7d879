package org.warmupbot.load;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The line protocol between {@link LoadMain} and a stack it runs in a child JVM ({@link StackMain}). The parent
 * writes commands to the child's stdin, one a line; the child answers on its stdout, one line per command, and
 * writes nothing else there (its logging goes to stderr). Closing the child's stdin stops it.
 *
 * <pre>
 * child  -> READY port=8123                 once the stack is connected (port: Slack's endpoint; 0 on Discord)
 * parent -> window start                    the measured window begins: the child forgets its GC pauses
 * parent -> window end                      ... and ends:
 * child  -> WINDOW gc=41/380/31 cpu=9120    pauses, their total and the longest (ms) in the window, and the
 *                                           process's CPU time in it (ms, all threads)
 * parent -> stats                           after the drain:
 * child  -> STATS warnings=3 free text      WARN/ERROR lines logged since the last STATS answer (the first:
 *                                           since READY), and the stack's own figures since then
 * </pre>
 *
 * A child may answer STATS several times (one child per stack for all phases): each answer's warnings are new
 * ones, so the parent adds each to its phase and never counts one twice.
 *
 * Parsing is strict about the keyword and lenient about nothing else: a line that is not the expected answer
 * yields null, and the caller skips it (or fails after its deadline).
 */
final class StackProtocol {
  static final String WINDOW_START = "window start";
  static final String WINDOW_END = "window end";
  static final String STATS = "stats";

  private static final Pattern READY = Pattern.compile("READY port=(\\d{1,5})");
  private static final Pattern WINDOW = Pattern.compile("WINDOW gc=(\\d+)/(\\d+)/(\\d+) cpu=(\\d+)");
  private static final Pattern STATS_LINE = Pattern.compile("STATS warnings=(\\d+) ?(.*)");

  private StackProtocol() {}

  /** Collector pauses in a window: how many, their total and the longest, in milliseconds. */
  record Pauses(long count, long totalMillis, long maxMillis) {
    Pauses {
      if (count < 0 || totalMillis < 0 || maxMillis < 0) {
        throw new IllegalArgumentException("pauses: count, totalMillis and maxMillis must be >= 0, got "
            + count + "/" + totalMillis + "/" + maxMillis);
      }
    }

    /** E.g. "41 / 380 / 31", as the tables show it. */
    String summary() {
      return count + " / " + totalMillis + " / " + maxMillis;
    }
  }

  /** What the child says at the end of the window: its GC pauses and CPU time (ms) in it. */
  record Window(Pauses pauses, long cpuMillis) {
    Window {
      if (cpuMillis < 0) {
        throw new IllegalArgumentException("cpuMillis must be >= 0, got " + cpuMillis);
      }
    }
  }

  /**
   * What the child says after the drain: its warnings since its last STATS answer (the first: since READY) and
   * its stack's figures (one line).
   */
  record Stats(long warnings, String text) {
    Stats {
      if (warnings < 0) {
        throw new IllegalArgumentException("warnings must be >= 0, got " + warnings);
      }
      if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("text must be one line, got: " + text);
      }
    }
  }

  static String ready(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    return "READY port=" + port;
  }

  /** The port of a READY line, or -1 when the line is something else. */
  static int parseReady(String line) {
    Matcher m = READY.matcher(line.strip());
    if (!m.matches()) {
      return -1;
    }
    int port = Integer.parseInt(m.group(1));
    return port <= 65_535 ? port : -1;
  }

  static String window(Window window) {
    Pauses pauses = window.pauses();
    return "WINDOW gc=" + pauses.count() + "/" + pauses.totalMillis() + "/" + pauses.maxMillis() + " cpu="
        + window.cpuMillis();
  }

  static @Nullable Window parseWindow(String line) {
    Matcher m = WINDOW.matcher(line.strip());
    if (!m.matches()) {
      return null;
    }
    try {
      return new Window(new Pauses(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
          Long.parseLong(m.group(3))), Long.parseLong(m.group(4)));
    } catch (NumberFormatException e) {
      return null; // more digits than a long: not a line the child wrote
    }
  }

  static String stats(Stats stats) {
    return "STATS warnings=" + stats.warnings() + (stats.text().isEmpty() ? "" : " " + stats.text());
  }

  static @Nullable Stats parseStats(String line) {
    Matcher m = STATS_LINE.matcher(line.strip());
    if (!m.matches()) {
      return null;
    }
    try {
      return new Stats(Long.parseLong(m.group(1)), m.group(2));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
