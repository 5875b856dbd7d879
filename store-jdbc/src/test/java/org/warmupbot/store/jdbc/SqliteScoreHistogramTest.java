package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.port.FinishedRun;

/**
 * Standings and counts ranked in SQL from the score histogram ({@code board_score_count}) on SQLite, against a
 * brute-force count over the runs saved, on random boards with many exact ties, as members improve.
 */
final class SqliteScoreHistogramTest {

  @TempDir Path folder;

  @Test
  void sqlStandings_matchBruteForce_onRandomBoardsWithManyTies_asMembersImprove() {
    for (long seed = 1; seed <= 3; seed++) {
      Random random = new Random(seed);
      List<String> users = new ArrayList<>();
      for (int i = 0; i < 30 + random.nextInt(30); i++) {
        users.add("u" + i);
      }
      List<FinishedRun> saved = new ArrayList<>();
      try (JdbcStore store =
          JdbcStores.sqlite(folder.resolve("h" + seed + ".db"), ZoneOffset.UTC, JdbcStores.Ranking.SQL)) {
        for (int round = 0; round < 3; round++) {
          for (int i = 0; i < 70; i++) {
            FinishedRun run = BoardAgreement.randomRun(random, "s" + seed + "-" + saved.size(), users);
            store.save(run);
            saved.add(run);
          }
          for (Instant since : new Instant[] {null, BoardAgreement.WEEK}) {
            BoardAgreement.assertMatchesBruteForce(store, saved, users, since);
          }
        }
      }
    }
  }

  @Test
  void migratedHistogram_isRebuiltWithTheWeeklyTable_whenTheWeekZoneChanges() {
    Path file = folder.resolve("zone.db");
    Random random = new Random(5);
    List<String> users = List.of("a", "b", "c", "d", "e", "f");
    List<FinishedRun> saved = new ArrayList<>();
    try (JdbcStore store = JdbcStores.sqlite(file, ZoneOffset.ofHours(14), JdbcStores.Ranking.SQL)) {
      for (int i = 0; i < 40; i++) {
        FinishedRun run = BoardAgreement.randomRun(random, "z" + i, users);
        store.save(run);
        saved.add(run);
      }
    }
    try (JdbcStore store = JdbcStores.sqlite(file, ZoneOffset.UTC, JdbcStores.Ranking.SQL)) {
      assertThat(store.weekZone()).isEqualTo(ZoneOffset.UTC);
      for (Instant since : new Instant[] {null, BoardAgreement.WEEK}) {
        BoardAgreement.assertMatchesBruteForce(store, saved, users, since);
      }
    }
  }

  @Test
  void migrationToV2_backfillsTheHistogram_fromTheBoardsKeptBefore() throws Exception {
    Path file = folder.resolve("v1.db");
    String url = OldStoreRows.sqliteAt(file, "1");
    Random random = new Random(9);
    List<String> users = BoardAgreement.members("m", 25);
    List<FinishedRun> saved = new ArrayList<>();
    // The board tables as a V1 store left them: each member's best entry, all time and per week.
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement best =
            connection.prepareStatement(OldStoreRows.BEST_RUN_UPSERT);
        PreparedStatement weekly =
            connection.prepareStatement(OldStoreRows.WEEKLY_BEST_UPSERT);
        PreparedStatement zone =
            connection.prepareStatement(OldStoreRows.WEEK_ZONE)) {
      zone.setString(1, ZoneOffset.UTC.getId());
      zone.executeUpdate();
      for (int i = 0; i < 120; i++) {
        FinishedRun run = BoardAgreement.randomRun(random, "v" + i, users);
        saved.add(run);
        Instant week = run.finishedAt().isBefore(BoardAgreement.WEEK)
            ? BoardAgreement.WEEK.minus(Duration.ofDays(7))
            : BoardAgreement.WEEK;
        for (PreparedStatement upsert : new PreparedStatement[] {best, weekly}) {
          upsert.setString(1, BoardAgreement.GUILD.platform().name());
          upsert.setString(2, BoardAgreement.GUILD.id());
          upsert.setString(3, BoardAgreement.PACK);
          upsert.setString(4, run.player().userId());
          upsert.setString(5, run.runId());
          upsert.setInt(6, run.score());
          upsert.setLong(7, run.totalTime().toNanos());
          upsert.setLong(8, JdbcStore.micros(run.finishedAt()));
        }
        weekly.setLong(9, JdbcStore.micros(week));
        best.executeUpdate();
        weekly.executeUpdate();
      }
    }
    try (JdbcStore store = JdbcStores.sqlite(file, ZoneOffset.UTC, JdbcStores.Ranking.SQL)) {
      for (Instant since : new Instant[] {null, BoardAgreement.WEEK}) {
        BoardAgreement.assertMatchesBruteForce(store, saved, users, since);
      }
      // Saves after the migration keep the backfilled counts in step.
      for (int i = 0; i < 60; i++) {
        FinishedRun run = BoardAgreement.randomRun(random, "w" + i, users);
        store.save(run);
        saved.add(run);
      }
      for (Instant since : new Instant[] {null, BoardAgreement.WEEK}) {
        BoardAgreement.assertMatchesBruteForce(store, saved, users, since);
      }
    }
  }
}
