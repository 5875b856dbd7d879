package org.warmupbot.core.player;

/** A community a leaderboard belongs to: a Discord guild, a Slack workspace, or the local terminal. */
public record Tenant(Platform platform, String id) {
  public Tenant {
    if (platform == null || id == null || id.isBlank()) {
      throw new IllegalArgumentException("tenant needs a platform and a non-blank id");
    }
  }
}
