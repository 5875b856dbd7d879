package org.warmupbot.core.port;

import java.time.Instant;
import org.warmupbot.core.player.Player;

/** A badge a member earned, and whether the platform has given it (a role, a user group). */
public record BadgeAward(Player player, String packId, String badgeName, Instant earnedAt, GrantStatus status) {

  public BadgeAward withStatus(GrantStatus newStatus) {
    return new BadgeAward(player, packId, badgeName, earnedAt, newStatus);
  }

  /** Whether its grant has not run yet, or waits for its retry: the member reads it as being given. */
  public boolean beingGranted() {
    return status instanceof GrantStatus.Pending pending && pending.beingGranted();
  }

  /**
   * The name to show: as the pack names its badge now, or as stored when the pack is gone. (A badge the store kept
   * with its run is stored under the pack id until its grant's outcome is saved.)
   */
  public String shownName(ChallengeCatalog catalog) {
    return catalog.find(packId).map(pack -> pack.badge().name()).orElse(badgeName);
  }
}
