package org.warmupbot.slack;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the adapter does when Slack answers a Web API call with HTTP 429 (rate-limited), or {@link ViewCalls} held
 * it back because Slack limited its method moments ago: the call is handed back to its member's lane once the wait
 * is over, at most {@link #RETRIES} times for calls Slack refused (held-back ones do not count: Slack never saw
 * them). Each caller decides what "again" means (a modal update checks it is still the newest change; a Home tab
 * renders the state then).
 */
final class RateLimits {
  private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

  /** How many times a rate-limited call is tried again, each after Slack's Retry-After. */
  static final int RETRIES = 3;

  // Slack's shortest Retry-After: calls held back near its end are spread over a fifth of it at least.
  private static final long SHORTEST_SPREAD_MILLIS = 1_000;

  private RateLimits() {}

  /** Whether a call answered {@code answer} after {@code retried} refusals by Slack is to be tried again. */
  static boolean triesAgain(ViewCalls.Answer answer, int retried) {
    return answer.retryAfter() != null && (answer.heldBack() || retried < RETRIES);
  }

  /** How many refusals by Slack a call has had, counting {@code answer}. */
  static int refusals(ViewCalls.Answer answer, int retried) {
    return answer.heldBack() ? retried : retried + 1;
  }

  /**
   * Runs {@code again} on {@code retries} once {@code answer}'s wait is over, plus up to a fifth of it (at least
   * up to 200 ms), at random: calls Slack rate-limited together, or held back until the same moment, should not
   * all come back in the same instant. Logs what was limited ({@code what}).
   */
  static void retryLater(RetryTimer retries, ViewCalls.Answer answer, Runnable again, String what) {
    long wait = answer.retryAfter() == null ? 0 : answer.retryAfter().toMillis();
    long millis = wait + ThreadLocalRandom.current().nextLong(Math.max(wait, SHORTEST_SPREAD_MILLIS) / 5 + 1);
    log.info(answer.heldBack() ? "Holding back {} while Slack's rate limit lasts: trying in {} ms"
        : "Slack rate-limited {}: trying again in {} ms", what, millis);
    if (!retries.after(Duration.ofMillis(millis), again)) {
      log.info("Not trying {} again: the bot is stopping", what);
    }
  }
}
