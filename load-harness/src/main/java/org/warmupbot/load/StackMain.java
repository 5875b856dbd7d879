package org.warmupbot.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A stack under test in a JVM of its own, for {@code LoadMain --split on}: builds the stack a {@link StackSpec}
 * names ({@link Stacks}), pointed at the fake platform in the parent, says {@code READY}, then answers the
 * parent's commands ({@link StackProtocol}) until its stdin closes, and then stops the stack and exits. Its
 * stdout carries the protocol only: everything else the process prints (logging included) goes to stderr, which
 * the parent sends to a log file. Exits 1 if the stack does not start; halts with 2 if stopping the stack takes
 * longer than {@link #CLOSE_GRACE} (the parent may be gone, and nobody else would end this process).
 */
public final class StackMain {
  /** How long stopping the stack may take once stdin closed (the parent waits as long before destroying it). */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(20);

  private StackMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err); // before anything logs: a stray line on stdout would be read as an answer
    GcPauses gc = GcPauses.install();
    WarnCounter.install();
    StackSpec spec = StackSpec.fromArgs(args);
    StackHandle stack;
    try {
      stack = Stacks.build(spec);
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1);
      return;
    }
    protocol.println(StackProtocol.ready(stack.port()));
    serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), protocol, stack, gc,
        WarnCounter::count, LoadMain::processCpuNanos, spec.label());
    // stdin closed: the parent is done with this stack, or died; either way nobody waits for a hung close
    closeWatchdog(CLOSE_GRACE, () -> Runtime.getRuntime().halt(2));
    stack.close();
    System.exit(0); // JDA's and Bolt's non-daemon threads must not keep it alive
  }

  /**
   * Answers the parent's commands until {@code commands} ends. Each {@code STATS} answer carries the warnings
   * ({@code warnings}: a running count) since the previous one, the first since this call (start-up is not
   * counted, as the in-process harness does not count it either). A {@code WINDOW END} answer carries the
   * collector's pauses and the process's CPU time ({@code cpuNanos}) since the last {@code WINDOW START}.
   */
  static void serve(BufferedReader commands, PrintStream protocol, StackHandle stack, GcPauses gc,
      LongSupplier warnings, LongSupplier cpuNanos, String label) throws IOException {
    long lastReported = warnings.getAsLong();
    long cpuAtStart = cpuNanos.getAsLong();
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      switch (line.strip()) {
        case StackProtocol.WINDOW_START -> {
          gc.reset();
          cpuAtStart = cpuNanos.getAsLong();
        }
        case StackProtocol.WINDOW_END -> protocol.println(StackProtocol.window(new StackProtocol.Window(
            gc.snapshot(), (cpuNanos.getAsLong() - cpuAtStart) / 1_000_000)));
        case StackProtocol.STATS -> {
          String text = stack.stats().replaceAll("[\\r\\n]+", " ");
          long now = warnings.getAsLong(); // after stats(): what it logs belongs to this answer
          protocol.println(StackProtocol.stats(new StackProtocol.Stats(now - lastReported, text)));
          lastReported = now;
        }
        default -> System.err.println(label + ": unknown command from the harness: " + line);
      }
    }
  }

  /** A daemon thread that runs {@code onTimeout} once {@code grace} has passed, unless interrupted first. */
  static Thread closeWatchdog(Duration grace, Runnable onTimeout) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(grace.toMillis()); // the bound itself: nothing to poll
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("the stack did not stop within " + grace.toSeconds() + " s of stdin closing; halting");
      onTimeout.run();
    }, "stack-close-watchdog");
    watchdog.setDaemon(true); // a close that finishes in time exits without waiting for it
    watchdog.start();
    return watchdog;
  }
}
