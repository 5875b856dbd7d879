package org.warmupbot.discord;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Button and modal ids: {@code "<ownerUserId>|<action id>"}, and {@code "#<n>"} after it on the n-th further
 * button with the same action (a view may offer one action twice, e.g. "Next" and "My page" leading to the
 * same leaderboard page, and Discord refuses a message whose buttons share an id). The owner travels in the id
 * so a press by anyone else is refused without a lookup; the action id is the core's, handed back unchanged.
 */
final class CustomIds {
  /** Discord's limit on a component's custom_id. */
  static final int MAX_LENGTH = 100;

  private static final Pattern OWNER = Pattern.compile("[0-9]{1,20}");
  private static final Pattern COPY = Pattern.compile("#[0-9]{1,2}$");

  private CustomIds() {}

  /** A custom id in both parts. */
  record Decoded(String ownerId, String actionId) {}

  /**
   * @throws IllegalArgumentException when the owner is not a snowflake or the id would pass 100 characters
   */
  static String encode(String ownerId, String actionId) {
    return encode(ownerId, actionId, 0);
  }

  /**
   * The id of the {@code copy}-th further button with this action (0: the first).
   *
   * @throws IllegalArgumentException when the owner is not a snowflake or the id would pass 100 characters
   */
  static String encode(String ownerId, String actionId, int copy) {
    if (!OWNER.matcher(ownerId).matches()) {
      throw new IllegalArgumentException("ownerId must be a Discord user id, not " + ownerId);
    }
    if (actionId.isEmpty()) {
      throw new IllegalArgumentException("actionId must not be empty");
    }
    if (copy < 0) {
      throw new IllegalArgumentException("copy must be 0 or more, not " + copy);
    }
    String id = ownerId + "|" + actionId + (copy == 0 ? "" : "#" + copy);
    if (id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("custom id would be " + id.length() + " characters, over " + MAX_LENGTH);
    }
    return id;
  }

  /** The parts of an id this bot made; empty for anything else (an old format, a forged id). */
  static Optional<Decoded> decode(String customId) {
    int bar = customId.indexOf('|');
    if (bar <= 0 || bar == customId.length() - 1 || customId.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String owner = customId.substring(0, bar);
    if (!OWNER.matcher(owner).matches()) {
      return Optional.empty();
    }
    String action = COPY.matcher(customId.substring(bar + 1)).replaceFirst("");
    return action.isEmpty() ? Optional.empty() : Optional.of(new Decoded(owner, action));
  }
}
