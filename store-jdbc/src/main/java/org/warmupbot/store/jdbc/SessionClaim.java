package org.warmupbot.store.jdbc;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The sessions a bot process serves, claimed on its store for the process's lifetime ({@link
 * JdbcStore#claimSessions}) so that no two processes write down and resume the same ones: Slack, and Discord as
 * shards of a shard count.
 *
 * <p>Discord's guilds are split by shard ({@code (guild id >> 22) % shards}), so claims of one shard count overlap
 * exactly when they share a shard, and claims of two different counts overlap in general: a Discord claim conflicts
 * with another of a different {@code discordShards}, or of the same with a shard in common. Serving every Discord
 * guild is shard 0 of 1.
 *
 * @param slack whether the process serves Slack
 * @param discordShards the Discord shard count the process splits guilds by; 0 when it does not serve Discord
 * @param discordShardIds the shards it serves, each in {@code [0, discordShards)}; empty without Discord
 */
public record SessionClaim(boolean slack, int discordShards, Set<Integer> discordShardIds) {

  /** Shard counts above this are refused (Discord's largest bots use a few thousand). */
  static final int MAX_SHARDS = 65_535;

  public SessionClaim {
    discordShardIds = Set.copyOf(new TreeSet<>(discordShardIds));
    if (discordShards < 0 || discordShards > MAX_SHARDS) {
      throw new IllegalArgumentException("discordShards must lie in [0, " + MAX_SHARDS + "], not " + discordShards);
    }
    if ((discordShards == 0) != discordShardIds.isEmpty()) {
      throw new IllegalArgumentException("discordShardIds must be empty exactly when discordShards is 0, not "
          + discordShardIds + " of " + discordShards);
    }
    for (int id : discordShardIds) {
      if (id < 0 || id >= discordShards) {
        throw new IllegalArgumentException("discordShardIds must lie in [0, " + discordShards + "), not " + id);
      }
    }
  }

  /**
   * The claim of a process serving Slack when {@code slack}, and Discord when {@code discord}: with {@code
   * shardIds} of {@code shards} (none: every shard of it; a count below 2, or Discord's recommended count (0),
   * without ids: every guild).
   */
  public static SessionClaim of(boolean slack, boolean discord, int shards, Set<Integer> shardIds) {
    if (!discord) {
      return new SessionClaim(slack, 0, Set.of());
    }
    if (shards <= 1) {
      return new SessionClaim(slack, 1, Set.of(0));
    }
    Set<Integer> ids = shardIds.isEmpty()
        ? IntStream.range(0, shards).boxed().collect(Collectors.toSet())
        : shardIds;
    return new SessionClaim(slack, shards, ids);
  }

  boolean discord() {
    return discordShards > 0;
  }

  /** "every Discord server" or "Discord shards 0, 1 of 4", for messages. */
  String discordText() {
    return discordShards == 1 ? "every Discord server"
        : "Discord shard" + (discordShardIds.size() == 1 ? " " : "s ") + shardList(discordShardIds) + " of "
            + discordShards;
  }

  static String shardList(Set<Integer> ids) {
    return new TreeSet<>(ids).stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
