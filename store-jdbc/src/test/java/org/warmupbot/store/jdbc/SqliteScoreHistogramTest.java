package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
}
