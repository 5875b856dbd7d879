package org.warmupbot.discord;

import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How the bot connects. The token is a secret: {@link #toString()} hides it, and it is never logged.
 *
 * @param token the bot token from the Developer Portal (env {@code DISCORD_TOKEN})
 * @param shardCount how many gateway shards; 0 lets Discord recommend (GET gateway/bot)
 * @param devGuildId when set, commands are registered in this guild only (instant, for development) instead of
 *     globally
 * @param restBaseUrl REST endpoint override, e.g. {@code http://127.0.0.1:PORT/api/v10/} for a fake; null:
 *     Discord's
 * @param gatewayUrl gateway override ({@code ws://...}); null: whatever GET gateway/bot says
 * @param applicationId the application id, for the invite URL printed at start; null: learned at login
 * @param shardIds the shards this process connects, each below {@code shardCount} (several processes, each
 *     with its own ids, share the shards of one bot); empty: every shard
 */
public record DiscordSettings(
    String token,
    int shardCount,
    @Nullable String devGuildId,
    @Nullable String restBaseUrl,
    @Nullable String gatewayUrl,
    @Nullable String applicationId,
    Set<Integer> shardIds) {

  public DiscordSettings {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token must be set (DISCORD_TOKEN)");
    }
    if (shardCount < 0) {
      throw new IllegalArgumentException("shardCount must be 0 (automatic) or more, not " + shardCount);
    }
    if (devGuildId != null && !devGuildId.matches("[0-9]{1,20}")) {
      throw new IllegalArgumentException("devGuildId must be a server id (digits), not " + devGuildId);
    }
    if (applicationId != null && !applicationId.matches("[0-9]{1,20}")) {
      throw new IllegalArgumentException("applicationId must be digits, not " + applicationId);
    }
    shardIds = Set.copyOf(shardIds);
    if (!shardIds.isEmpty() && shardCount == 0) {
      throw new IllegalArgumentException("shardIds need a fixed shardCount (every process must agree on it), not 0");
    }
    for (int id : shardIds) {
      if (id < 0 || id >= shardCount) {
        throw new IllegalArgumentException("shardIds must lie from 0 to shardCount - 1 (" + (shardCount - 1)
            + "), not " + id);
      }
    }
  }

  /**
   * Whether this process serves the server {@code guildId}: every one, or with {@code shardIds} those of its shards
   * (Discord's rule: {@code (guild id >> 22) % shardCount}). False for an id that is no Discord server id.
   */
  public boolean servesGuild(String guildId) {
    if (shardIds.isEmpty()) {
      return true;
    }
    try {
      return shardIds.contains((int) ((Long.parseLong(guildId) >> 22) % shardCount));
    } catch (NumberFormatException notAGuild) {
      return false;
    }
  }

  /** Production settings: Discord's endpoints, automatic sharding, global commands. */
  public static DiscordSettings of(String token) {
    return new DiscordSettings(token, 0, null, null, null, null, Set.of());
  }

  @Override
  public String toString() {
    return "DiscordSettings[token=***, shardCount=" + shardCount + ", devGuildId=" + devGuildId + ", restBaseUrl="
        + restBaseUrl + ", gatewayUrl=" + gatewayUrl + ", applicationId=" + applicationId + ", shardIds="
        + new TreeSet<>(shardIds) + "]";
  }
}
