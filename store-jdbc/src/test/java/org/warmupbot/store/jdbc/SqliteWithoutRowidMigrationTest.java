package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;

/**
 * The V3 migration (question results, both board tables and the score histogram rebuilt WITHOUT ROWID) keeps
 * every row a V2 store wrote: runs read back whole, with their question results, and the boards rank as before.
 */
final class SqliteWithoutRowidMigrationTest {

  @TempDir Path folder;

  @Test
  void migrationToV3_keepsRunsResultsBoardsAndHistogram_andSavesAfterItKeepThemInStep() throws Exception {
    Path file = folder.resolve("v2.db");
    String url = OldStoreRows.sqliteAt(file, "2");
    Random random = new Random(11);
    List<String> users = BoardAgreement.members("m", 20);
    List<FinishedRun> saved = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      FinishedRun run = BoardAgreement.randomRun(random, "v" + i, users);
      // Several question results, so their order must survive the copy.
      saved.add(
          new FinishedRun(run.runId(), run.player(), run.packId(), run.packVersion(),
              List.of(
                  new QuestionResult("q1", "sql", true, 1, false, Duration.ofSeconds(3), run.score()),
                  new QuestionResult("q2", "git", false, 2, true, Duration.ofMillis(1500), 0),
                  new QuestionResult("q0", "sql", i % 2 == 0, 2, i % 3 == 0, Duration.ofNanos(7), 0)),
              run.score(), run.totalTime(), run.finishedAt(), i % 5 == 0));
    }
    writeAsV2(url, saved);

    try (JdbcStore store = JdbcStores.sqlite(file, ZoneOffset.UTC, JdbcStores.Ranking.SQL)) {
      for (String table : List.of("question_result", "best_run", "weekly_best", "board_score_count")) {
        assertThat(tableSql(url, table)).as(table).containsIgnoringCase("WITHOUT ROWID");
      }
      assertRunsReadBack(store, saved, users);
      for (Instant since : new Instant[] {null, BoardAgreement.WEEK}) {
        BoardAgreement.assertMatchesBruteForce(store, saved, users, since);
      }
      for (int i = 0; i < 60; i++) {
        FinishedRun run = BoardAgreement.randomRun(random, "w" + i, users);
        store.save(run);
        saved.add(run);
      }
      assertRunsReadBack(store, saved, users);
      for (Instant since : new Instant[] {null, BoardAgreement.WEEK}) {
        BoardAgreement.assertMatchesBruteForce(store, saved, users, since);
      }
    }
    // And in process: the boards built from the migrated tables agree too.
    try (JdbcStore store = JdbcStores.sqlite(file, ZoneOffset.UTC, JdbcStores.Ranking.IN_PROCESS)) {
      for (Instant since : new Instant[] {null, BoardAgreement.WEEK}) {
        BoardAgreement.assertMatchesBruteForce(store, saved, users, since);
      }
    }
  }

  private static void assertRunsReadBack(JdbcStore store, List<FinishedRun> saved, List<String> users) {
    Comparator<FinishedRun> order =
        Comparator.comparing(FinishedRun::finishedAt).thenComparing(FinishedRun::runId);
    for (String user : users) {
      Player player = Player.of(BoardAgreement.GUILD, user);
      List<FinishedRun> expected =
          saved.stream().filter(run -> run.player().equals(player)).sorted(order).toList();
      assertThat(store.runs(player).stream().sorted(order).toList()).as(user).isEqualTo(expected);
    }
  }

  private static String tableSql(String url, String table) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement query =
            connection.prepareStatement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      query.setString(1, table);
      try (ResultSet row = query.executeQuery()) {
        assertThat(row.next()).as(table).isTrue();
        return row.getString(1);
      }
    }
  }

  /** The rows a V2 store's saves left: runs, question results, both boards, then the histogram as V2 builds it. */
  private static void writeAsV2(String url, List<FinishedRun> runs) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement run =
            connection.prepareStatement(
                "INSERT INTO run (run_id, platform, tenant, user_id, pack_id, pack_version, score, total_nanos,"
                    + " finished_us, badge_earned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement result =
            connection.prepareStatement(
                "INSERT INTO question_result (run_id, ordinal, question_id, category, correct, attempts_used,"
                    + " hint_used, time_nanos, points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement best =
            connection.prepareStatement(OldStoreRows.BEST_RUN_UPSERT);
        PreparedStatement weekly =
            connection.prepareStatement(OldStoreRows.WEEKLY_BEST_UPSERT);
        PreparedStatement zone =
            connection.prepareStatement(OldStoreRows.WEEK_ZONE);
        Statement statement = connection.createStatement()) {
      zone.setString(1, ZoneOffset.UTC.getId());
      zone.executeUpdate();
      for (FinishedRun r : runs) {
        run.setString(1, r.runId());
        run.setString(2, r.player().platform().name());
        run.setString(3, r.player().tenant());
        run.setString(4, r.player().userId());
        run.setString(5, r.packId());
        run.setString(6, r.packVersion());
        run.setInt(7, r.score());
        run.setLong(8, JdbcStore.nanos(r.totalTime()));
        run.setLong(9, JdbcStore.micros(r.finishedAt()));
        run.setBoolean(10, r.badgeEarned());
        run.executeUpdate();
        for (int q = 0; q < r.questions().size(); q++) {
          QuestionResult question = r.questions().get(q);
          result.setString(1, r.runId());
          result.setInt(2, q);
          result.setString(3, question.questionId());
          result.setString(4, question.category());
          result.setBoolean(5, question.correct());
          result.setInt(6, question.attemptsUsed());
          result.setBoolean(7, question.hintUsed());
          result.setLong(8, JdbcStore.nanos(question.timeTaken()));
          result.setInt(9, question.points());
          result.executeUpdate();
        }
        Instant week =
            r.finishedAt().isBefore(BoardAgreement.WEEK)
                ? BoardAgreement.WEEK.minus(Duration.ofDays(7))
                : BoardAgreement.WEEK;
        for (PreparedStatement upsert : new PreparedStatement[] {best, weekly}) {
          upsert.setString(1, r.player().platform().name());
          upsert.setString(2, r.player().tenant());
          upsert.setString(3, r.packId());
          upsert.setString(4, r.player().userId());
          upsert.setString(5, r.runId());
          upsert.setInt(6, r.score());
          upsert.setLong(7, JdbcStore.nanos(r.totalTime()));
          upsert.setLong(8, JdbcStore.micros(r.finishedAt()));
        }
        weekly.setLong(9, JdbcStore.micros(week));
        best.executeUpdate();
        weekly.executeUpdate();
      }
      statement.executeUpdate(
          "INSERT INTO board_score_count (platform, tenant, pack_id, week_start_us, score, members)"
              + " SELECT platform, tenant, pack_id, 0, score, COUNT(*) FROM best_run GROUP BY platform, tenant,"
              + " pack_id, score");
      statement.executeUpdate(
          "INSERT INTO board_score_count (platform, tenant, pack_id, week_start_us, score, members)"
              + " SELECT platform, tenant, pack_id, week_start_us, score, COUNT(*) FROM weekly_best"
              + " GROUP BY platform, tenant, pack_id, week_start_us, score");
    }
  }
}
