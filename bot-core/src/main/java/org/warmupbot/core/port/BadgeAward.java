package org.warmupbot.core.port;

import java.time.Instant;
import org.warmupbot.core.player.Player;

/** A badge a member earned, and whether the platform has given it (a role, a user group). */
public record BadgeAward(Player player, String packId, String badgeName, Instant earnedAt, GrantStatus status) {

  public BadgeAward withStatus(GrantStatus newStatus) {
    return new BadgeAward(player, packId, badgeName, earnedAt, newStatus);
  }
}
