package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.StoreUnavailableException;

/** Opening, reopening and failing to open a store. */
final class JdbcStoresTest {

  private static final Tenant GUILD = new Tenant(Platform.DISCORD, "guild-1");

  @TempDir Path folder;

  private static FinishedRun run(String runId, String userId, int score, Instant finishedAt) {
    return new FinishedRun(
        runId, Player.of(GUILD, userId), "warmup-mastery", "v1", List.of(), score, Duration.ofSeconds(60), finishedAt, false);
  }

  @Test
  void unreachablePostgres_throwsStoreUnavailable_namingTheUrlWithThePasswordMasked() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/warmup?user=bot&password=hunter2&ssl=false";

    assertThatThrownBy(() -> JdbcStores.open(url, "bot", "hunter2"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + closedPort + "/warmup?user=bot&password=***&ssl=false")
        .satisfies(
            thrown -> {
              for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
                assertThat(String.valueOf(cause.getMessage())).doesNotContain("hunter2");
              }
            });
  }

  @Test
  void mask_hidesPasswordsInParametersUserInfoAndVerbatim() {
    assertThat(JdbcStores.mask("jdbc:postgresql://db/warmup?PASSWORD=s3cret;loginTimeout=3", null))
        .isEqualTo("jdbc:postgresql://db/warmup?PASSWORD=***;loginTimeout=3");
    assertThat(JdbcStores.mask("jdbc:postgresql://bot:s3cret@db:5432/warmup", null))
        .isEqualTo("jdbc:postgresql://bot:***@db:5432/warmup");
    assertThat(JdbcStores.mask("login failed for s3cret", "s3cret")).isEqualTo("login failed for ***");
  }

  @Test
  void unknownUrl_isRefusedWithTheMaskedUrl() {
    assertThatThrownBy(() -> JdbcStores.open("jdbc:mysql://db/warmup?password=hunter2", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://db/warmup?password=***")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void inMemorySqlite_isRefused_becauseEachPooledConnectionWouldSeeAnotherDatabase() {
    assertThatThrownBy(() -> JdbcStores.open("jdbc:sqlite::memory:", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("InMemoryStore");
  }

  @Test
  void postgresUrlRewritingBatchedInserts_isRefused_namingTheOptionToRemove() {
    assertThatThrownBy(
            () -> JdbcStores.open("jdbc:postgresql://db/warmup?ssl=true&reWriteBatchedInserts=true&password=hunter2",
                null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reWriteBatchedInserts=true")
        .hasMessageContaining("remove it from store.url")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void sqliteInAFolderThatCannotBeCreated_throwsStoreUnavailable() throws Exception {
    Path notAFolder = Files.writeString(folder.resolve("plain-file"), "x");

    assertThatThrownBy(() -> JdbcStores.sqlite(notAFolder.resolve("warmup.db")))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining(notAFolder.toString());
    assertThatThrownBy(() -> JdbcStores.open("jdbc:sqlite:" + notAFolder.resolve("sub/warmup.db"), null, null))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("jdbc:sqlite:" + notAFolder.resolve("sub/warmup.db"));
  }

  @Test
  void sqlite_createsParentFolders_inWalMode_andKeepsRunsAcrossReopening() throws Exception {
    Path file = folder.resolve("a/b/warmup.db");
    try (JdbcStore store = JdbcStores.sqlite(file)) {
      store.save(run("r1", "ada", 300, Instant.parse("2025-03-04T10:00:00Z")));
    }
    try (JdbcStore store = JdbcStores.sqlite(file)) {
      assertThat(store.runs(Player.of(GUILD, "ada"))).extracting(FinishedRun::runId).containsExactly("r1");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
      mode.next();
      assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void sqliteWriter_checkpointsTheWalOnlyPastItsOwnBound_whilePooledConnectionsKeepTheDefault() throws Exception {
    Path file = folder.resolve("checkpoint.db");
    try (JdbcStore store = JdbcStores.sqlite(file)) {
      long writerPages =
          store.writerConnection().inTransaction(
              writer -> {
                try (ResultSet row = writer.prepare("PRAGMA wal_autocheckpoint").executeQuery()) {
                  row.next();
                  return row.getLong(1);
                }
              });
      assertThat(writerPages).isEqualTo(JdbcStores.SQLITE_WRITER_AUTOCHECKPOINT_PAGES).isGreaterThan(1_000);
      long walLimit =
          store.writerConnection().inTransaction(
              writer -> {
                try (ResultSet row = writer.prepare("PRAGMA journal_size_limit").executeQuery()) {
                  row.next();
                  return row.getLong(1);
                }
              });
      assertThat(walLimit).as("the WAL file shrinks back after a burst").isEqualTo(JdbcStores.SQLITE_WAL_SIZE_LIMIT_BYTES);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA wal_autocheckpoint")) {
      row.next();
      assertThat(row.getLong(1)).as("a connection's own setting, not the file's").isEqualTo(1_000);
    }
  }

  @Test
  void closedStore_throwsStoreUnavailable_namingTheStore() {
    Path file = folder.resolve("warmup.db");
    JdbcStore store = JdbcStores.sqlite(file);
    store.close();

    assertThatThrownBy(() -> store.save(run("r1", "ada", 300, Instant.parse("2025-03-04T10:00:00Z"))))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("jdbc:sqlite:" + file.toAbsolutePath())
        .hasMessageContaining("save run r1");
  }

  @Test
  void reopenedWithAnotherWeekZone_rebucketsTheWeeklyTable() {
    Path file = folder.resolve("warmup.db");
    ZoneId auckland = ZoneId.of("Pacific/Auckland"); // UTC+13 in March: its Monday starts on Sunday, UTC
    Instant aucklandWeek = Instant.parse("2025-03-02T11:00:00Z"); // Monday 3 March 00:00 in Auckland
    try (JdbcStore store = JdbcStores.sqlite(file, ZoneOffset.UTC)) {
      store.save(run("r1", "ada", 300, Instant.parse("2025-03-02T12:00:00Z"))); // UTC: the week before
      store.save(run("r2", "bob", 200, Instant.parse("2025-03-03T12:00:00Z")));
      store.save(run("r3", "cy", 900, Instant.parse("2025-03-02T10:59:59Z"))); // Auckland: the week before
    }
    try (JdbcStore store = JdbcStores.sqlite(file, auckland)) {
      assertThat(store.weekZone()).isEqualTo(auckland);
      assertThat(store.top(GUILD, "warmup-mastery", aucklandWeek, 0, 10))
          .extracting(Ranked::userId)
          .containsExactly("ada", "bob");
      store.save(run("r4", "dee", 250, Instant.parse("2025-03-02T11:00:00Z")));
      assertThat(store.top(GUILD, "warmup-mastery", aucklandWeek, 0, 10))
          .extracting(Ranked::userId, Ranked::rank)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("ada", 1),
              org.assertj.core.groups.Tuple.tuple("dee", 2),
              org.assertj.core.groups.Tuple.tuple("bob", 3));
    }
  }

  /**
   * Regression: two bot processes share one database (here a SQLite file ranked in SQL, the mode for a shared file),
   * the second started with another leaderboard.weekZone: opening its store silently moved the weekly table to its
   * zone while the first kept ranking in its own, so the first process's weekly board no longer showed this week's
   * runs. Now the second is refused, naming both zones, the setting and how to change the zone on purpose.
   */
  @Test
  void secondProcessWithAnotherWeekZone_isRefused_andTheFirstProcesssWeeklyBoardStays() {
    Path file = folder.resolve("shared.db");
    Instant mondayUtc = Instant.parse("2025-03-03T00:00:00Z");
    ZoneId auckland = ZoneId.of("Pacific/Auckland");
    try (JdbcStore utc = JdbcStores.sqlite(file, ZoneOffset.UTC, JdbcStores.Ranking.SQL)) {
      utc.save(run("r1", "ada", 300, Instant.parse("2025-03-05T12:00:00Z"))); // a Wednesday, in both zones' week

      assertThatThrownBy(() -> JdbcStores.sqlite(file, auckland, JdbcStores.Ranking.SQL))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("jdbc:sqlite:" + file.toAbsolutePath())
          .hasMessageContaining("kept in the week zone Z")
          .hasMessageContaining("started with the week zone Pacific/Auckland")
          .hasMessageContaining("leaderboard.weekZone (WARMUP_LEADERBOARD_WEEK_ZONE) set to Z")
          .hasMessageContaining("stop every bot process that uses this store");
      assertThat(utc.top(GUILD, "warmup-mastery", mondayUtc, 0, 10))
          .as("the UTC process's board of this week, after a second process tried to open the store")
          .extracting(Ranked::userId)
          .containsExactly("ada");
    }
    // Every process stopped: the zone changes on purpose, the weekly table moves to it.
    try (JdbcStore store = JdbcStores.sqlite(file, auckland, JdbcStores.Ranking.SQL)) {
      assertThat(store.weekZone()).isEqualTo(auckland);
      assertThat(store.top(GUILD, "warmup-mastery", Instant.parse("2025-03-02T11:00:00Z"), 0, 10))
          .extracting(Ranked::userId)
          .containsExactly("ada");
    }
  }

  @Test
  void secondStoreWithTheSameWeekZone_opensBesideTheFirst() {
    Path file = folder.resolve("shared.db");
    try (JdbcStore first = JdbcStores.sqlite(file, ZoneOffset.UTC, JdbcStores.Ranking.SQL);
        JdbcStore second = JdbcStores.sqlite(file, ZoneOffset.UTC, JdbcStores.Ranking.SQL)) {
      first.save(run("r1", "ada", 300, Instant.parse("2025-03-05T12:00:00Z")));
      assertThat(second.rankedCount(GUILD, "warmup-mastery", null)).isEqualTo(1);
    }
  }
}
