package org.warmupbot.discord;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Player;

/**
 * The latest interaction hook of each member's challenge message, so it can be edited without a press (the
 * "Time's up" at the deadline) and the member told things privately (a badge role that could not be given).
 * Hooks live 15 minutes; expired ones are dropped when met. Thread-safe.
 */
final class Hooks {
  private final Map<Player, InteractionHook> hooks = new ConcurrentHashMap<>();

  void remember(Player player, InteractionHook hook) {
    hooks.put(player, hook);
  }

  /** The member's live hook, or null when none or expired. */
  @Nullable InteractionHook live(Player player) {
    InteractionHook hook = hooks.get(player);
    if (hook != null && hook.isExpired()) {
      hooks.remove(player, hook);
      return null;
    }
    return hook;
  }
}
