package org.warmupbot.core.port;

import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Player;

/**
 * Gives a member a pack's badge on their platform (a Discord role, a Slack user group). Called off the
 * interaction thread; may block on the platform. Never throws for a platform refusal: it reports it as {@link
 * GrantStatus.Pending} (an admin can fix it) or {@link GrantStatus.Failed}.
 */
@FunctionalInterface
public interface BadgeGranter {
  GrantStatus grant(Player player, ChallengePack pack);
}
