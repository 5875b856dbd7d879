package org.warmupbot.slack;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Where Web API calls Slack rate-limited wait for their turn, and the time their waits are measured on ({@link
 * ViewCalls} holds a method back on the same time): the system's in production, a test's own in tests, so that
 * Slack's {@code Retry-After} seconds pass without being waited for. Thread-safe.
 */
interface RetryTimer {
  /** Runs {@code task} once {@code delay} has passed; false (and not run) once the timer is closed. */
  boolean after(Duration delay, Runnable task);

  /** Now, in nanoseconds from any origin, on the time {@link #after} counts in. */
  long nanoTime();

  /** Stops the timer; returns how many tasks were still waiting (dropped). */
  int close();

  /** {@link System#nanoTime} and one thread of {@code threads}. */
  static RetryTimer system(ThreadFactory threads) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads);
    return new RetryTimer() {
      @Override
      public boolean after(Duration delay, Runnable task) {
        try {
          scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
          return true;
        } catch (RejectedExecutionException e) {
          return false;
        }
      }

      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public int close() {
        return scheduler.shutdownNow().size();
      }
    };
  }
}
