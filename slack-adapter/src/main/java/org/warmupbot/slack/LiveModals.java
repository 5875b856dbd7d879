package org.warmupbot.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.warmupbot.core.player.Player;

/**
 * The challenge modal each member has open, so a deadline passing with nobody pressing can turn that modal into
 * "Time's up" unprompted. Entries leave on their own after two idle hours (a modal closed in Slack tells us
 * nothing). Thread-safe.
 */
final class LiveModals {

  /** A modal Slack shows: its view id and what it remembers. */
  record LiveModal(String viewId, ModalMetadata metadata) {}

  private final Cache<Player, LiveModal> modals =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(2)).maximumSize(100_000).build();

  void put(Player player, LiveModal modal) {
    modals.put(player, modal);
  }

  Optional<LiveModal> get(Player player) {
    return Optional.ofNullable(modals.getIfPresent(player));
  }
}
