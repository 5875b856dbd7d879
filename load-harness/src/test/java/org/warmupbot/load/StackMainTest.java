package org.warmupbot.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

final class StackMainTest {
  /** A stack that says which of its stats() calls this is. */
  private static final class CountingStack implements StackHandle {
    int statsCalls;

    @Override
    public int port() {
      return 0;
    }

    @Override
    public String stats() {
      statsCalls++;
      return "call " + statsCalls + "\nsecond line";
    }

    @Override
    public void close() {}
  }

  private static List<String> serve(String commands, StackHandle stack, Long... warningCounts) throws Exception {
    Deque<Long> counts = new ArrayDeque<>(List.of(warningCounts));
    return serve(new BufferedReader(new StringReader(commands)), stack, new GcPauses(), counts::removeFirst, () -> 0L);
  }

  private static List<String> serve(BufferedReader commands, StackHandle stack, GcPauses gc, LongSupplier warnings,
      LongSupplier cpuNanos) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StackMain.serve(commands, new PrintStream(out, true, StandardCharsets.UTF_8), stack, gc, warnings, cpuNanos,
        "test stack");
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void serve_reportsTheWarningsSinceTheLastStats_notARunningTotal() throws Exception {
    CountingStack stack = new CountingStack();

    // 5 at READY (start-up, not counted), then 8, 8 and 12 at the three STATS
    List<String> answers = serve("stats\nstats\nstats\n", stack, 5L, 8L, 8L, 12L);

    assertThat(answers).containsExactly("STATS warnings=3 call 1 second line", "STATS warnings=0 call 2 second line",
        "STATS warnings=4 call 3 second line");
    assertThat(answers.stream().map(StackProtocol::parseStats).mapToLong(StackProtocol.Stats::warnings).sum())
        .as("a child per stack: every phase's warnings added up count each warning once").isEqualTo(12 - 5);
  }

  @Test
  void serve_answersWindowEndWithThePausesAndCpuOfTheWindowOnly_andIgnoresUnknownCommands() throws Exception {
    CountingStack stack = new CountingStack();
    GcPauses gc = new GcPauses();
    gc.paused(500); // before the window: not reported
    Deque<Long> cpu = new ArrayDeque<>(List.of(4_000_000_000L, 9_000_000_000L, 9_750_000_000L));
    // Two pauses while the window is open: recorded as the harness's "window end" is read.
    BufferedReader commands = new BufferedReader(new StringReader("window start\nnonsense\nwindow end\n")) {
      @Override
      public String readLine() throws IOException {
        String line = super.readLine();
        if ("window end".equals(line)) {
          gc.paused(12);
          gc.paused(30);
        }
        return line;
      }
    };

    List<String> answers = serve(commands, stack, gc, () -> 0L, cpu::removeFirst);

    assertThat(answers).hasSize(1);
    StackProtocol.Window window = StackProtocol.parseWindow(answers.get(0));
    assertThat(window).isEqualTo(new StackProtocol.Window(new StackProtocol.Pauses(2, 42, 30), 750));
    assertThat(stack.statsCalls).isZero();
  }

  @Test
  void closeWatchdog_runsItsActionOnADaemonThreadOnceTheGraceHasPassed() throws Exception {
    CountDownLatch halted = new CountDownLatch(1);

    Thread watchdog = StackMain.closeWatchdog(Duration.ofMillis(20), halted::countDown);

    assertThat(watchdog.isDaemon()).as("a close in time must not wait for it").isTrue();
    assertThat(halted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closeWatchdog_interruptedBeforeTheGrace_doesNothing() throws Exception {
    CountDownLatch halted = new CountDownLatch(1);

    Thread watchdog = StackMain.closeWatchdog(Duration.ofMinutes(5), halted::countDown);
    watchdog.interrupt();
    watchdog.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(watchdog.isAlive()).isFalse();
    assertThat(halted.getCount()).isOne();
  }
}
