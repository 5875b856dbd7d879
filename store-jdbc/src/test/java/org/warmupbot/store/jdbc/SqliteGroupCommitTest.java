package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.testing.TestPacks;

/** Saves that pile up while another connection holds SQLite's write lock are written as one group. */
final class SqliteGroupCommitTest {

  private static final Tenant GUILD = new Tenant(Platform.DISCORD, "guild");
  private static final Instant MONDAY = Instant.parse("2025-06-02T09:00:00Z");

  @TempDir Path folder;

  private static FinishedRun run(String runId, String userId, int score) {
    return new FinishedRun(
        runId,
        Player.of(GUILD, userId),
        "pack",
        "v1",
        List.of(new QuestionResult("q1", "sql", true, 1, false, Duration.ofSeconds(30), score)),
        score,
        Duration.ofSeconds(30),
        MONDAY,
        false);
  }

  @Test
  void aGroupHoldingTheSameRunTwice_andTwoRunsOfOneMember_keepsEachRunOnce_andTheBetter() throws Exception {
    Path file = folder.resolve("warmup.db");
    ExecutorService callers = Executors.newFixedThreadPool(6);
    try (JdbcStore store = JdbcStores.sqlite(file)) {
      List<Future<?>> saves = new ArrayList<>();
      try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
          Statement statement = blocker.createStatement()) {
        statement.execute("BEGIN IMMEDIATE"); // holds the write lock: the writer waits on its busy timeout
        saves.add(callers.submit(() -> store.save(run("first", "ada", 10))));
        // The writer took "first" alone and waits for the lock.
        Poll.until("the writer holding one run",
            () -> store.groupCommit().writing() == 1 && store.groupCommit().queued() == 0);
        for (FinishedRun run :
            List.of(run("r1", "bob", 100), run("r1", "bob", 100), run("r2", "bob", 300), run("r3", "bob", 200), run("r4", "cy", 250))) {
          saves.add(callers.submit(() -> store.save(run)));
        }
        Poll.until("5 runs queued", () -> store.groupCommit().queued() == 5);
        statement.execute("COMMIT");
      }
      for (Future<?> save : saves) {
        save.get(20, TimeUnit.SECONDS);
      }

      assertThat(store.groupCommit().retriedGroups()).as("the group was written whole, not run by run").isZero();
      assertThat(store.runs(Player.of(GUILD, "bob"))).extracting(FinishedRun::runId).containsExactlyInAnyOrder("r1", "r2", "r3");
      assertThat(store.top(GUILD, "pack", null, 0, 10))
          .extracting(Ranked::userId, Ranked::score)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("bob", 300),
              org.assertj.core.groups.Tuple.tuple("cy", 250),
              org.assertj.core.groups.Tuple.tuple("ada", 10));
      assertThat(store.top(GUILD, "pack", Instant.parse("2025-06-02T00:00:00Z"), 0, 10))
          .extracting(Ranked::userId)
          .containsExactly("bob", "cy", "ada");
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aWriteLockHeldPastTheSaveWait_keepsTheRunToRetry_andTheRunEndsStoredOnce() throws Exception {
    Path file = folder.resolve("warmup.db");
    try (JdbcStore store = JdbcStores.sqlite(file)) {
      RunRecorder recorder = new RunRecorder(store, Map.of(), Runnable::run);
      FinishedRun run = run("stalled", "ada", 40);
      try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
          Statement statement = blocker.createStatement()) {
        statement.execute("BEGIN IMMEDIATE"); // another process writing for longer than a member can wait

        boolean saved = recorder.record(run, TestPacks.small()).saved();

        assertThat(saved).as("the member is told the run is kept, within the platform's 3 s").isFalse();
        assertThat(recorder.unsavedWrites()).isEqualTo(1);
        statement.execute("COMMIT");
      }
      // The queued write went on meanwhile.
      Poll.until("the queued run saved", () -> !store.runs(Player.of(GUILD, "ada")).isEmpty());
      assertThat(recorder.retryWrites()).isZero();
      assertThat(store.runs(Player.of(GUILD, "ada"))).extracting(FinishedRun::runId).containsExactly("stalled");
      assertThat(store.top(GUILD, "pack", null, 0, 10)).extracting(Ranked::userId).containsExactly("ada");
    }
  }
}
