package org.warmupbot.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class LoadMainTest {
  private static Sample acked(int n, long sentNanos, long latencyMillis) {
    Sample sample = new Sample("s" + n, Sample.Kind.PRESS, sentNanos);
    sample.ackedNanos = sentNanos + TimeUnit.MILLISECONDS.toNanos(latencyMillis);
    sample.status = Sample.OK;
    return sample;
  }

  @Test
  void p99ByThird_showsASlowLastThirdInTheLastFigure() {
    long from = 1_000_000_000L;
    long to = from + TimeUnit.SECONDS.toNanos(30);
    List<Sample> measured = new ArrayList<>();
    for (int i = 0; i < 300; i++) { // one every 100 ms: 100 per third
      long sent = from + TimeUnit.MILLISECONDS.toNanos(100L * i);
      measured.add(acked(i, sent, i < 100 ? 4 : i < 200 ? 2 : 50));
    }

    assertThat(LoadMain.p99ByThird(measured, from, to)).isEqualTo("4.0 / 2.0 / 50.0");
  }

  @Test
  void p99ByThird_leavesOutFailedSamples_andSaysNaNForAnEmptyThird() {
    long from = 0;
    long to = TimeUnit.SECONDS.toNanos(3);
    Sample refused = acked(1, TimeUnit.MILLISECONDS.toNanos(100), 900);
    refused.status = 429;
    List<Sample> measured = List.of(refused, acked(2, TimeUnit.MILLISECONDS.toNanos(200), 3),
        acked(3, TimeUnit.MILLISECONDS.toNanos(2_500), 7));

    assertThat(LoadMain.p99ByThird(measured, from, to)).isEqualTo("3.0 / NaN / 7.0");
  }

  @Test
  void stackReport_asksTheStackOnce_andTakesTheWarningsOfThatReply() {
    final class ChildLike implements StackHandle {
      int statsCalls;
      long warnings;

      @Override
      public int port() {
        return 0;
      }

      @Override
      public String stats() {
        statsCalls++;
        warnings = 7; // as ChildStack: its reply sets the figure
        return "";
      }

      @Override
      public long warnings() {
        return warnings;
      }

      @Override
      public void close() {}
    }
    ChildLike ackOnly = new ChildLike();

    LoadMain.StackReport report = LoadMain.StackReport.of(ackOnly);

    assertThat(report).isEqualTo(new LoadMain.StackReport("", 7));
    assertThat(ackOnly.statsCalls).isOne();
  }
}
