package org.warmupbot.core.port;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Player;

/**
 * Gives a member a pack's badge on their platform (a Discord role, a Slack user group). Called off the
 * interaction thread; may block on the platform. Never throws for a platform refusal: it reports it as {@link
 * GrantStatus.Pending} (an admin can fix it) or {@link GrantStatus.Failed}. Giving a badge the member has already
 * changes nothing on the platform.
 */
@FunctionalInterface
public interface BadgeGranter {
  GrantStatus grant(Player player, ChallengePack pack);

  /**
   * Gives the badge again, quietly, to a member who holds it already: the role or group an admin set since (the
   * old one deleted, or replaced) reaches her too. Like {@link #grant}, but tells the member nothing when the
   * platform refuses: she holds the badge, and the caller neither stores nor retries a refusal. By default,
   * {@link #grant}; a granter that tells the member about a refusal overrides it, and so does one that wraps
   * another granter (it forwards this call).
   */
  default GrantStatus giveAgain(Player player, ChallengePack pack) {
    return grant(player, pack);
  }

  /**
   * Gives the badge again, quietly, to members of one tenant who hold it ({@link #giveAgain}'s terms), after an admin
   * set another role or group for it. By default {@link #giveAgain} to each in turn; a granter whose platform takes
   * the whole list in one call (a Slack user group) overrides it, and one that wraps another granter forwards it.
   *
   * @return what the platform answered, for each of {@code holders}
   */
  default Map<Player, GrantStatus> giveAgainToAll(List<Player> holders, ChallengePack pack) {
    Map<Player, GrantStatus> answers = new LinkedHashMap<>();
    for (Player holder : holders) {
      answers.put(holder, giveAgain(holder, pack));
    }
    return answers;
  }

  /**
   * Told once the bot stops retrying by itself a grant refused for a passing reason ({@link
   * GrantStatus.Pending#retryable()}), which now waits for an admin's retry with {@code last}. A granter that tells
   * members about refusals, and kept quiet while the bot retried, tells them now; one that wraps another granter
   * forwards this call. By default, nothing. Never throws.
   */
  default void retriesUsedUp(Player player, ChallengePack pack, GrantStatus.Pending last) {}
}
