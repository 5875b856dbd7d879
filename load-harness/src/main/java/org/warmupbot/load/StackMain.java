package org.warmupbot.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stack under test in a JVM of its own, for {@code LoadMain --split on}: builds the stack a {@link StackSpec}
 * names ({@link Stacks}), pointed at the fake platform in the parent, says {@code READY}, then answers the
 * parent's commands ({@link StackProtocol}) until its stdin closes, and then stops the stack and exits. Its
 * stdout carries the protocol only: everything else the process prints (logging included) goes to stderr, which
 * the parent sends to a log file. Exits 1 if the stack does not start.
 */
public final class StackMain {
  private StackMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err); // before anything logs: a stray line on stdout would be read as an answer
    GcPauses gc = GcPauses.install();
    WarnCounter.install();
    StackSpec spec = StackSpec.fromArgs(args);
    Stacks.Built stack;
    try {
      stack = Stacks.build(spec);
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1);
      return;
    }
    long warningsAtReady = WarnCounter.count(); // the in-process harness does not count start-up either
    protocol.println(StackProtocol.ready(stack.port()));
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    long cpuAtStart = LoadMain.processCpuNanos();
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      switch (line.strip()) {
        case StackProtocol.WINDOW_START -> {
          gc.reset();
          cpuAtStart = LoadMain.processCpuNanos();
        }
        case StackProtocol.WINDOW_END -> protocol.println(StackProtocol.window(new StackProtocol.Window(
            gc.snapshot(), (LoadMain.processCpuNanos() - cpuAtStart) / 1_000_000)));
        case StackProtocol.STATS -> protocol.println(StackProtocol.stats(new StackProtocol.Stats(
            WarnCounter.count() - warningsAtReady, stack.stats().replaceAll("[\\r\\n]+", " "))));
        default -> System.err.println(spec.label() + ": unknown command from the harness: " + line);
      }
    }
    stack.close();
    System.exit(0); // JDA's and Bolt's non-daemon threads must not keep it alive
  }
}
