package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two bot processes on one store never serve the same sessions: each claims its platforms, and on Discord its
 * shards of one shard count, for as long as its store is open; an overlapping claim is refused with what to do.
 * One subclass per dialect; a store of this JVM stands for another process.
 */
abstract class SessionClaimsContract {

  static final SessionClaim SLACK = SessionClaim.of(true, false, 0, Set.of());
  private static final SessionClaim DISCORD_ALL = SessionClaim.of(false, true, 1, Set.of());

  private static SessionClaim shards(int count, Integer... ids) {
    return SessionClaim.of(false, true, count, Set.of(ids));
  }


  private final List<JdbcStore> open = new ArrayList<>();

  abstract JdbcStore openStore(ZoneId zone);

  JdbcStore opened() {
    JdbcStore store = openStore(ZoneOffset.UTC);
    open.add(store);
    return store;
  }

  @AfterEach
  void closeAll() {
    open.forEach(JdbcStore::close);
  }

  /**
   * Regression (review 6): two Discord shard processes started from one settings file that also configures
   * Slack both served Slack, and each one's write-down deleted the other's Slack sessions.
   */
  @Test
  void secondProcessServingSlack_isRefused_namingSlackAndWhatToDo_untilTheFirstStopped() {
    JdbcStore first = opened();
    first.claimSessions(SessionClaim.of(true, true, 2, Set.of(0)));
    JdbcStore second = opened();

    assertThatThrownBy(() -> second.claimSessions(SessionClaim.of(true, true, 2, Set.of(1))))
        .isInstanceOf(SessionsClaimedException.class)
        .hasMessageContaining("Another bot process already serves Slack from the store")
        .hasMessageContaining("Slack is served by one process only")
        .hasMessageContaining("SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_FILE");
    assertThatCode(() -> second.claimSessions(shards(2, 1)))
        .as("the refused claim took nothing: Discord shard 1 alone is free")
        .doesNotThrowAnyException();

    first.close();
    assertThatCode(() -> opened().claimSessions(SLACK)).doesNotThrowAnyException();
  }

  @Test
  void discordProcessesWithOwnShardsOfOneCount_bothClaim_andAThirdWithAShardOfEither_isRefused() {
    opened().claimSessions(shards(4, 0, 1));
    opened().claimSessions(shards(4, 2, 3));

    assertThatThrownBy(() -> opened().claimSessions(shards(4, 3)))
        .isInstanceOf(SessionsClaimedException.class)
        .hasMessageContaining("already serves Discord shard 3 of 4")
        .hasMessageContaining("its own discord.shardIds");
  }

  /** A changed discord.shards while an old process runs: a server's shard depends on the count. */
  @Test
  void discordProcessWithAnotherShardCount_isRefused_evenForAShardIdNobodyHas() {
    opened().claimSessions(shards(2, 0));

    assertThatThrownBy(() -> opened().claimSessions(shards(3, 2)))
        .isInstanceOf(SessionsClaimedException.class)
        .hasMessageContaining("every Discord process on one store needs the same discord.shards")
        .hasMessageContaining("stop every Discord process first");
    assertThatThrownBy(() -> opened().claimSessions(DISCORD_ALL))
        .as("every server (no shards) overlaps any shard")
        .isInstanceOf(SessionsClaimedException.class)
        .hasMessageContaining("every Discord process on one store needs the same discord.shards");
  }

  @Test
  void twoProcessesServingEveryDiscordServer_theSecondIsRefused_aSlackOnlyProcessIsNot() {
    opened().claimSessions(DISCORD_ALL);

    assertThatThrownBy(() -> opened().claimSessions(SessionClaim.of(false, true, 0, Set.of())))
        .isInstanceOf(SessionsClaimedException.class)
        .hasMessageContaining("already serves every Discord server");
    assertThatCode(() -> opened().claimSessions(SLACK)).doesNotThrowAnyException();
  }

  /** A refused week zone still names who may hold the store open. */
  @Test
  void weekZoneRefusal_saysATerminalCommandCountsAsAProcess() {
    opened();
    assertThatThrownBy(() -> openStore(ZoneId.of("Pacific/Auckland")).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another bot process (a `run` process or a terminal command) is using this store");
  }
  /** Whether another process can lock {@code [position, position + size)} of {@code file} exclusively now. */
  static String probeFromAnotherProcess(Path file, long position, long size) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classes = Path.of(SessionClaimsContract.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .toString();
    Process probe = new ProcessBuilder(java, "-cp", classes, LockProbe.class.getName(), file.toString(),
        String.valueOf(position), String.valueOf(size)).redirectErrorStream(true).start();
    if (!probe.waitFor(60, TimeUnit.SECONDS)) {
      probe.destroyForcibly();
      throw new IllegalStateException("the lock probe did not end");
    }
    return new String(probe.getInputStream().readAllBytes()).trim();
  }

  /**
   * Another process holding an exclusive lock on byte {@code position} of {@code file} once this returns, until
   * {@link Process#destroy}ed.
   */
  static Process holdFromAnotherProcess(Path file, long position) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classes = Path.of(SessionClaimsContract.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .toString();
    Process holder = new ProcessBuilder(java, "-cp", classes, LockHolder.class.getName(), file.toString(),
        String.valueOf(position)).redirectErrorStream(true).start();
    String line = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine();
    if (!"locked".equals(line)) {
      holder.destroyForcibly();
      throw new IllegalStateException("the lock holder said " + line);
    }
    return holder;
  }

  /** Run in another JVM by {@link #holdFromAnotherProcess}: locks, prints "locked", holds until its stdin ends. */
  static final class LockHolder {
    public static void main(String[] args) throws IOException {
      try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        channel.lock(Long.parseLong(args[1]), 1, false);
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() >= 0) {
          // held until the test closes our stdin or ends us
        }
      }
    }
  }

  /** Run in another JVM by {@link #probeFromAnotherProcess}: prints "held" or "free". */
  static final class LockProbe {
    public static void main(String[] args) throws IOException {
      try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ,
          StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock(Long.parseLong(args[1]), Long.parseLong(args[2]), false);
        System.out.println(lock == null ? "held" : "free");
      }
    }
  }
}
