package org.warmupbot.core.session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.port.GrantStatus;

/**
 * How {@link RunRecorder} tries again, by itself, a badge grant the platform refused for a passing reason ({@link
 * GrantStatus.Pending#retryable()}): at most once per entry of {@code backoff}, each after the platform's {@code
 * Retry-After} when it gave one, else after that entry. The waits pass on {@code timer} (a scheduled executor in
 * production, a test's own in tests, so nobody sleeps); {@code clock} only says admins how long is left.
 *
 * @param backoff the wait before each retry when the platform named none; its size is how many retries there are
 * @param spread what each retry waits beyond its wait ({@link #RANDOM_QUARTER} in production)
 */
public record GrantRetries(Timer timer, Clock clock, List<Duration> backoff, Spread spread) {

  /**
   * 30 s, 2 min, 8 min: a Slack workspace's Tier 2 minute, then an outage's usual minutes; with the spread, all
   * within about 13 minutes, while a Discord member's last interaction (15 minutes) can still tell them.
   */
  public static final List<Duration> DEFAULT_BACKOFF =
      List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(8));

  /** No automatic retries: every refusal waits for an admin's retry (the terminal, tests of other things). */
  public static final GrantRetries NONE = new GrantRetries((delay, task) -> false, Clock.systemUTC(), List.of());

  /**
   * Up to a quarter of the wait again, at random: grants a class earned together and the platform refused together
   * (one Retry-After for all) come back spread out instead of meeting its limit again in one instant.
   */
  public static final Spread RANDOM_QUARTER =
      wait -> Duration.ofMillis(ThreadLocalRandom.current().nextLong(wait.toMillis() / 4 + 1));

  // The shortest wait after a Retry-After of 0: a platform that says "now" is not asked in the same instant.
  private static final Duration SHORTEST = Duration.ofSeconds(1);

  /** Runs a task once a delay has passed. Implementations are thread-safe. */
  @FunctionalInterface
  public interface Timer {
    /**
     * Runs {@code task} once {@code delay} has passed, on a thread of the timer's; must not block. Returns false,
     * and never runs the task, when the timer is shut down.
     */
    boolean after(Duration delay, Runnable task);
  }

  /** What a retry waits beyond its wait, so refusals that came together do not retry together. */
  @FunctionalInterface
  public interface Spread {
    Duration extra(Duration wait);
  }

  /** Without a spread: each retry exactly after its wait (tests that count seconds). */
  public GrantRetries(Timer timer, Clock clock, List<Duration> backoff) {
    this(timer, clock, backoff, wait -> Duration.ZERO);
  }

  public GrantRetries {
    backoff = List.copyOf(backoff);
    for (Duration wait : backoff) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("backoff must hold no negative wait: " + backoff);
      }
    }
  }

  /**
   * {@link #DEFAULT_BACKOFF} on {@code executor}: a task refused because the executor shuts down is not run (the
   * badge stays being granted, for the next start). The executor should drop delayed tasks at shutdown ({@code
   * ScheduledThreadPoolExecutor#setExecuteExistingDelayedTasksAfterShutdownPolicy(false)}).
   */
  public static GrantRetries on(ScheduledExecutorService executor, Clock clock) {
    return new GrantRetries((delay, task) -> {
      try {
        executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (RejectedExecutionException shuttingDown) {
        return false;
      }
    }, clock, DEFAULT_BACKOFF, RANDOM_QUARTER);
  }

  /** How many times a refusal is retried by itself. */
  int count() {
    return backoff.size();
  }

  /**
   * The wait before retry {@code done + 1}: the platform's, when it named one (at least 1 s), else the backoff;
   * then the spread on top.
   */
  Duration delay(int done, @Nullable Duration retryAfter) {
    Duration wait = retryAfter == null ? backoff.get(done)
        : retryAfter.compareTo(SHORTEST) < 0 ? SHORTEST : retryAfter;
    return wait.plus(spread.extra(wait));
  }
}
