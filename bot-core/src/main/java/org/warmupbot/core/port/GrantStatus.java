package org.warmupbot.core.port;

/** Where a badge stands on its platform. */
public sealed interface GrantStatus {

  String describe();

  record Granted() implements GrantStatus {
    @Override
    public String describe() {
      return "granted";
    }
  }

  /** Not given yet for a reason an admin can fix; retried once fixed. */
  record Pending(String reason, String fix) implements GrantStatus {
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
