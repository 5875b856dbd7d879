package org.warmupbot.slack;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the adapter does when Slack answers a Web API call with HTTP 429 (rate-limited), or {@link ViewCalls} held
 * it back because Slack limited its method moments ago: the call is handed back to its member's lane once the wait
 * is over, at most {@link #RETRIES} times after Slack refused it and {@link #HELD_ROUNDS} times after it was held
 * back (counted apart: a held call was never seen by Slack, but a workspace Slack keeps limiting must not keep it
 * waiting for ever). Each caller decides what "again" means (a modal update checks it is still the newest change;
 * a Home tab renders the state then).
 */
final class RateLimits {
  private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

  /** How many times a rate-limited call is tried again, each after Slack's Retry-After. */
  static final int RETRIES = 3;

  /** How many times a call held back is tried again, each once the hold is over. */
  static final int HELD_ROUNDS = 5;

  /** How often a call was refused by Slack (429) and held back so far. */
  record Attempts(int refused, int held) {
    static final Attempts FIRST = new Attempts(0, 0);

    /** Whether a call answered {@code answer} is to be tried again. */
    boolean triesAgain(ViewCalls.Answer answer) {
      return answer.retryAfter() != null && (answer.heldBack() ? held < HELD_ROUNDS : refused < RETRIES);
    }

    /** These attempts and {@code answer}. */
    Attempts and(ViewCalls.Answer answer) {
      return answer.heldBack() ? new Attempts(refused, held + 1) : new Attempts(refused + 1, held);
    }
  }

  // Slack's shortest Retry-After: calls held back near its end are spread over a fifth of it at least.
  private static final long SHORTEST_SPREAD_MILLIS = 1_000;

  private RateLimits() {}

  /** The longest {@link #retryLater} can wait for {@code answer}: its wait and the most spread added. */
  static Duration longestWait(ViewCalls.Answer answer) {
    long wait = answer.retryAfter() == null ? 0 : answer.retryAfter().toMillis();
    return Duration.ofMillis(wait + spread(wait));
  }

  /**
   * Runs {@code again} on {@code retries} once {@code answer}'s wait is over, plus up to a fifth of it (at least
   * up to 200 ms), at random: calls Slack rate-limited together, or held back until the same moment, should not
   * all come back in the same instant. Logs what was limited ({@code what}).
   */
  static void retryLater(RetryTimer retries, ViewCalls.Answer answer, Runnable again, String what) {
    long wait = answer.retryAfter() == null ? 0 : answer.retryAfter().toMillis();
    long millis = wait + ThreadLocalRandom.current().nextLong(spread(wait) + 1);
    log.info(answer.heldBack() ? "Holding back {} while Slack's rate limit lasts: trying in {} ms"
        : "Slack rate-limited {}: trying again in {} ms", what, millis);
    if (!retries.after(Duration.ofMillis(millis), again)) {
      log.info("Not trying {} again: the bot is stopping", what);
    }
  }

  /**
   * Slack's {@code Retry-After} for a member or an admin to read: {@code " (retry after 30 s)"}, or nothing when the
   * header is missing or not whole seconds.
   */
  static String waitNote(@Nullable String retryAfterHeader) {
    String seconds = retryAfterHeader == null ? "" : retryAfterHeader.trim();
    return seconds.matches("\\d{1,6}") ? " (retry after " + seconds + " s)" : "";
  }

  /**
   * Slack's {@code Retry-After} as a wait: whole seconds, or null when the header is missing or not whole seconds
   * (the caller's own backoff then).
   */
  static @Nullable Duration retryAfter(@Nullable String retryAfterHeader) {
    String seconds = retryAfterHeader == null ? "" : retryAfterHeader.trim();
    return seconds.matches("\\d{1,6}") ? Duration.ofSeconds(Long.parseLong(seconds)) : null;
  }

  private static long spread(long waitMillis) {
    return Math.max(waitMillis, SHORTEST_SPREAD_MILLIS) / 5;
  }
}
