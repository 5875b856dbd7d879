package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.port.AckObserver;

final class AckTimerTest {
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final List<Duration> reported = new ArrayList<>();
  private final AckObserver observer = (platform, latency) -> {
    assertThat(platform).isEqualTo(Platform.DISCORD);
    reported.add(latency);
  };

  @Test
  void latency_runsFromArrivalToTheCallbackOfTheAcknowledgingRequest() {
    AckTimer timer = new AckTimer(observer, nanos::get);
    Consumer<Object> acknowledged = timer.arrived();
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(42));
    assertThat(reported).isEmpty();

    acknowledged.accept(null);

    assertThat(reported).containsExactly(Duration.ofMillis(42));
  }

  @Test
  void twoInteractionsInFlight_areEachTimedFromTheirOwnArrival() {
    AckTimer timer = new AckTimer(observer, nanos::get);
    Consumer<Object> first = timer.arrived();
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
    Consumer<Object> second = timer.arrived();
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(5));

    second.accept(null);
    first.accept(null);

    assertThat(reported).containsExactly(Duration.ofMillis(5), Duration.ofMillis(15));
  }

  @Test
  void anObserverThatThrows_doesNotFailTheAcknowledgement() {
    AckTimer timer = new AckTimer((platform, latency) -> {
      throw new IllegalStateException("metrics registry closed");
    }, nanos::get);

    assertThatCode(() -> timer.arrived().accept(null)).doesNotThrowAnyException();
  }
}
