package org.warmupbot.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The operator's settings: {@code config/warmup-bot.yml}, environment overrides and secrets, checked as a whole
 * by {@link SettingsLoader}. {@code chatReload}: whether server and workspace admins may reload the packs from
 * chat (the packs are the operator's files and serve every server; the health port's reload always works). Secrets are kept here only as given by the environment and never printed: {@link
 * #toString()} masks them.
 */
record Settings(
    Path packs,
    Store store,
    ZoneId weekZone,
    Duration idleTimeout,
    Discord discord,
    Slack slack,
    int healthPort,
    String logFormat,
    boolean chatReload) {

  /** Where results are kept: {@code url} when set, else the embedded SQLite file. */
  record Store(@Nullable String url, @Nullable String user, @Nullable String password, Path sqliteFile) {
    @Override
    public String toString() {
      return "Store[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***") + ", sqliteFile=" + sqliteFile + "]";
    }
  }

  /**
   * Discord runs when {@code token} is set. {@code shards} is the bot's shard count (0: as Discord recommends);
   * {@code shardIds} the ones this process connects (empty: all). {@code apiUrl} and {@code gatewayUrl} replace
   * Discord's own (null: Discord's), for a test against a fake Discord.
   */
  record Discord(
      @Nullable String token, int shards, @Nullable String devGuild, @Nullable String apiUrl, @Nullable String gatewayUrl,
      Set<Integer> shardIds) {
    Discord {
      shardIds = Set.copyOf(shardIds);
    }

    boolean enabled() {
      return token != null;
    }

    @Override
    public String toString() {
      return "Discord[token=" + (token == null ? "none" : "***") + ", shards=" + shards + ", shardIds="
          + new TreeSet<>(shardIds) + ", devGuild=" + devGuild + ", apiUrl=" + apiUrl + ", gatewayUrl=" + gatewayUrl
          + "]";
    }
  }

  /** Slack runs when {@code botToken} is set. */
  record Slack(
      @Nullable String botToken,
      @Nullable String appToken,
      @Nullable String signingSecret,
      String mode,
      String apiUrl,
      int httpPort,
      String httpPath,
      int webApiCalls) {
    boolean enabled() {
      return botToken != null;
    }

    boolean socketMode() {
      return mode.equals("socket");
    }

    @Override
    public String toString() {
      return "Slack[mode=" + mode + ", apiUrl=" + apiUrl + ", httpPort=" + httpPort + ", httpPath=" + httpPath
          + ", webApiCalls=" + webApiCalls + ", tokens=***]";
    }
  }
}
