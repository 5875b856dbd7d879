package org.warmupbot.core.port;

import java.util.Set;
import java.util.function.Predicate;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;

/**
 * The written-down sessions one bot process owns: those of members on its platforms, in the tenants it serves (on
 * Discord split over processes by shard, the guilds of its shards). Several processes on one store own disjoint
 * scopes, so none replaces or resumes another's sessions.
 *
 * @param platforms the platforms the process serves
 * @param tenants which tenants of those platforms it serves; must be thread-safe and cheap
 */
public record SessionScope(Set<Platform> platforms, Predicate<Tenant> tenants) {

  public SessionScope {
    platforms = Set.copyOf(platforms);
  }

  /** Every tenant of {@code platforms}. */
  public static SessionScope of(Set<Platform> platforms) {
    return new SessionScope(platforms, tenant -> true);
  }

  /** True when the session of {@code player} is this scope's. */
  public boolean covers(Player player) {
    return platforms.contains(player.platform()) && tenants.test(player.tenantKey());
  }
}
