package org.warmupbot.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.warmupbot.core.session.GrantRetries;

/**
 * A {@link GrantRetries.Timer} on a {@link MutableClock}: tasks fall due only when a test moves the clock with
 * {@link #advance}, and run then on the test's thread, in due order. Thread-safe.
 */
public final class ManualTimer implements GrantRetries.Timer {
  private record Waiting(Instant due, long order, Runnable task) {}

  private final MutableClock clock;
  private final List<Waiting> waiting = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();
  private long order;
  private boolean closed;

  public ManualTimer(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized boolean after(Duration delay, Runnable task) {
    if (closed) {
      return false;
    }
    delays.add(delay);
    waiting.add(new Waiting(clock.instant().plus(delay), order++, task));
    return true;
  }

  /** Refuses every later task, as a timer shut down; drops the waiting ones. */
  public synchronized void close() {
    closed = true;
    waiting.clear();
  }

  /** Every delay asked for so far, in order. */
  public synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  /** How many tasks wait for their time. */
  public synchronized int waiting() {
    return waiting.size();
  }

  /** Moves the clock on by {@code duration}, running each task that falls due (outside this timer's lock). */
  public void advance(Duration duration) {
    Instant until = clock.instant().plus(duration);
    while (true) {
      Waiting next;
      synchronized (this) {
        next = waiting.stream().filter(w -> !w.due().isAfter(until))
            .min(Comparator.comparing(Waiting::due).thenComparingLong(Waiting::order)).orElse(null);
        if (next == null) {
          clock.set(until);
          return;
        }
        waiting.remove(next);
        if (next.due().isAfter(clock.instant())) {
          clock.set(next.due());
        }
      }
      next.task().run();
    }
  }
}
