package org.warmupbot.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Player;

/**
 * The latest interaction hook of each member's challenge message, so it can be edited without a press (the
 * "Time's up" at the deadline) and the member told things privately (a badge role that could not be given).
 * Discord honours a hook for 15 minutes; the cache forgets it then, so members who played once do not keep an
 * interaction (and what it references) in memory for the life of the process. Thread-safe.
 */
final class Hooks {
  /** How long Discord accepts follow-ups on an interaction token. */
  static final Duration LIFETIME = Duration.ofMinutes(15);

  private final Cache<Player, InteractionHook> hooks;

  Hooks() {
    this(Ticker.systemTicker());
  }

  Hooks(Ticker ticker) {
    this.hooks = Caffeine.newBuilder().expireAfterWrite(LIFETIME).ticker(ticker).build();
  }

  void remember(Player player, InteractionHook hook) {
    hooks.put(player, hook);
  }

  /** The member's live hook, or null when none or expired. */
  @Nullable InteractionHook live(Player player) {
    InteractionHook hook = hooks.getIfPresent(player);
    if (hook != null && hook.isExpired()) {
      hooks.asMap().remove(player, hook);
      return null;
    }
    return hook;
  }

  /** Hooks held now, after dropping expired ones. */
  long held() {
    hooks.cleanUp();
    return hooks.estimatedSize();
  }
}
