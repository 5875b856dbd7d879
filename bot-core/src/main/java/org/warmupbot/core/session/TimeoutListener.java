package org.warmupbot.core.session;

import org.warmupbot.core.player.Player;

/**
 * Told when a question's time runs out with nobody pressing, so an adapter can turn the open question into
 * "Time's up" unprompted. Called on Caffeine's maintenance executor, never on an interaction thread; must not
 * block for long.
 */
@FunctionalInterface
public interface TimeoutListener {
  void timedOut(Player player, Step step);
}
