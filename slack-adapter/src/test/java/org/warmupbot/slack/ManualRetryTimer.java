package org.warmupbot.slack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link RetryTimer} whose time moves only when a test moves it, so Slack's {@code Retry-After} seconds pass
 * without being waited for. Tasks that fall due run on the thread that moves the time, in due order.
 */
final class ManualRetryTimer implements RetryTimer {
  private record Waiting(long dueNanos, long order, Runnable task) {}

  private final List<Waiting> waiting = new ArrayList<>();
  private long now;
  private long order;
  private boolean closed;

  @Override
  public synchronized boolean after(Duration delay, Runnable task) {
    if (closed) {
      return false;
    }
    waiting.add(new Waiting(now + delay.toNanos(), order++, task));
    return true;
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized int close() {
    closed = true;
    int dropped = waiting.size();
    waiting.clear();
    return dropped;
  }

  /** How many tasks are waiting for their time. */
  synchronized int waiting() {
    return waiting.size();
  }

  /** Moves the time on by {@code duration}, running each task that falls due (outside this timer's lock). */
  void advance(Duration duration) {
    long until;
    synchronized (this) {
      until = now + duration.toNanos();
    }
    while (true) {
      Waiting next;
      synchronized (this) {
        next = waiting.stream().filter(w -> w.dueNanos() - until <= 0)
            .min(Comparator.comparingLong(Waiting::dueNanos).thenComparingLong(Waiting::order)).orElse(null);
        if (next == null) {
          now = until;
          return;
        }
        waiting.remove(next);
        now = Math.max(now, next.dueNanos());
      }
      next.task().run();
    }
  }
}
