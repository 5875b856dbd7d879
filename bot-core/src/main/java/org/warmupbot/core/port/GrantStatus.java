package org.warmupbot.core.port;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Where a badge stands on its platform. */
public sealed interface GrantStatus {

  /**
   * An earned badge whose grant has not run yet: stored when the badge is earned, replaced by the grant's outcome,
   * and stored again while the core waits to retry a grant the platform refused for a passing reason. It stays so
   * when the bot stopped before the grant (or its retry) ran; the next start grants it once its platform is
   * connected, and an admin's retry gives it meanwhile. Members are told the
   * badge is being given; admins see it among the waiting badges only when no grant of it is running.
   */
  Pending BEING_GRANTED = new Pending("being granted", "the bot stopped before granting it: retry the pending badges");

  String describe();

  record Granted() implements GrantStatus {
    @Override
    public String describe() {
      return "granted";
    }
  }

  /**
   * Not given yet. Most reasons need an admin to fix something first (a role or user group to set, a permission
   * or scope to give), then retry. A {@link #retryable() retryable} one is a refusal that may pass later unchanged
   * (the platform's rate limit, an outage, no connection): the core tries it again by itself a few times, after
   * {@code retryAfter} when the platform said how long to wait (null: the core's own backoff), and it waits for
   * an admin only once those tries are used up. Stores keep the reason and the fix only: a pending badge read
   * back from a store is not retryable (the process that could retry it by itself stopped).
   *
   * @param retryAfter the platform's wait before a retry; only for a retryable refusal, never negative
   */
  record Pending(String reason, String fix, boolean retryable, @Nullable Duration retryAfter) implements GrantStatus {
    public Pending {
      if (retryAfter != null && (!retryable || retryAfter.isNegative())) {
        throw new IllegalArgumentException("retryAfter must be null, or not negative on a retryable refusal: "
            + retryAfter);
      }
    }

    /** A refusal an admin must fix first. */
    public Pending(String reason, String fix) {
      this(reason, fix, false, null);
    }

    /**
     * A refusal that may pass later unchanged; {@code fix} says what an admin does once the core's own retries
     * are used up.
     */
    public static Pending tryAgainLater(String reason, String fix, @Nullable Duration retryAfter) {
      return new Pending(reason, fix, true, retryAfter);
    }

    /** Whether this is {@link #BEING_GRANTED} (told by its reason: rows stored by older versions have another fix). */
    public boolean beingGranted() {
      return reason.equals("being granted");
    }

    @Override
    public String describe() {
      return "pending: " + reason + " (" + fix + ")";
    }
  }

  /** Given up: nothing an admin can do (for example the member left). */
  record Failed(String reason) implements GrantStatus {
    @Override
    public String describe() {
      return "failed: " + reason;
    }
  }
}
