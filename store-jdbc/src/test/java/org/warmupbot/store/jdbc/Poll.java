package org.warmupbot.store.jdbc;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A bounded wait for what other threads, sessions or processes make true on their own time (the group-commit
 * writer, a listener, a second store). Polls every millisecond without spinning, so on a 2-core machine the
 * thread being waited for gets the core.
 */
final class Poll {
  static final Duration LONGEST = Duration.ofSeconds(30);

  private Poll() {}

  /** Returns once {@code condition} holds; fails the test naming {@code what} after {@link #LONGEST}. */
  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + LONGEST.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + LONGEST.toSeconds() + " s: " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
