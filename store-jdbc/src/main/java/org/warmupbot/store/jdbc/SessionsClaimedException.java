package org.warmupbot.store.jdbc;

import java.util.Set;

/**
 * Another bot process has claimed sessions this one was started to serve too ({@link JdbcStore#claimSessions}): the
 * message says which, the settings that decide it and what to do.
 */
public final class SessionsClaimedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private SessionsClaimedException(String message) {
    super(message);
  }

  /** @param holder who holds the claim, and what to do when that is no bot process (a sentence), or empty */
  static SessionsClaimedException slack(String where, String holder) {
    return new SessionsClaimedException("Another bot process already serves Slack from the store " + where
        + ": Slack is served by one process only (each process writes down and resumes the sessions of its platforms,"
        + " and would replace the other's). Stop that process first, or start this one without the Slack settings"
        + " (SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_FILE unset) if it is to serve Discord only." + holder);
  }

  static SessionsClaimedException discordShards(String where, SessionClaim mine, Set<Integer> taken,
      String holder) {
    String theirs = mine.discordShards() == 1 ? "every Discord server"
        : "Discord shard" + (taken.size() == 1 ? " " : "s ") + SessionClaim.shardList(taken) + " of "
            + mine.discordShards();
    return new SessionsClaimedException("Another bot process already serves " + theirs + " from the store " + where
        + ", and this one was started to serve " + mine.discordText() + " too: each Discord process needs shards of"
        + " its own. Give every process the same discord.shards and its own discord.shardIds"
        + " (WARMUP_DISCORD_SHARDS, WARMUP_DISCORD_SHARD_IDS), or stop the other process first." + holder);
  }

  static SessionsClaimedException discordShardCount(String where, SessionClaim mine, String theirCount) {
    return new SessionsClaimedException("Another bot process serves Discord from the store " + where + " split into "
        + theirCount + ", and this one was started to serve " + mine.discordText() + ": every Discord process on"
        + " one store needs the same discord.shards (a server's shard depends on it; 1 or 0 with no"
        + " discord.shardIds means every server). To change discord.shards or discord.shardIds, stop every Discord"
        + " process first, then start them all with the new settings.");
  }
}
