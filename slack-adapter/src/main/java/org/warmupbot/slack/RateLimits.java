package org.warmupbot.slack;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the adapter does when Slack answers a Web API call with HTTP 429 (rate-limited): the call is handed back
 * to its member's lane after the {@code Retry-After} Slack gave, at most {@link #RETRIES} times. Each caller decides
 * what "again" means (a modal update checks it is still the newest change; a Home tab renders the state then).
 */
final class RateLimits {
  private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

  /** How many times a rate-limited call is tried again, each after Slack's Retry-After. */
  static final int RETRIES = 3;

  private RateLimits() {}

  /**
   * Runs {@code again} on {@code retries} after {@code wait} and up to a fifth more, at random: calls Slack
   * rate-limited together get the same Retry-After, and should not all come back in the same instant. Logs what
   * was rate-limited ({@code what}).
   */
  static void retryLater(ScheduledExecutorService retries, Duration wait, Runnable again, String what) {
    long millis = wait.toMillis() + ThreadLocalRandom.current().nextLong(wait.toMillis() / 5 + 1);
    log.info("Slack rate-limited {}: trying again in {} ms", what, millis);
    try {
      retries.schedule(again, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.info("Not trying {} again: the bot is stopping", what);
    }
  }
}
