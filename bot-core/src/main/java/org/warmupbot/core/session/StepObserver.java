package org.warmupbot.core.session;

import org.warmupbot.core.player.Player;

/**
 * Sees every step the engine produces, pressed or not (metrics, audit). Called on the thread that produced the
 * step, after the session's lock is released; must be quick and must not throw.
 */
@FunctionalInterface
public interface StepObserver {
  void observed(Player player, Step step);
}
