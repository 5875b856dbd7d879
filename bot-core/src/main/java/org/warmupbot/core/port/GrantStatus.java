package org.warmupbot.core.port;

/** Where a badge stands on its platform. */
public sealed interface GrantStatus {

  /**
   * An earned badge whose grant has not run yet: stored when the badge is earned, replaced by the grant's outcome.
   * It stays so when the bot stopped before the grant ran; an admin's retry then gives it. Members are told the
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

  /** Not given yet for a reason an admin can fix; retried once fixed. */
  record Pending(String reason, String fix) implements GrantStatus {
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
