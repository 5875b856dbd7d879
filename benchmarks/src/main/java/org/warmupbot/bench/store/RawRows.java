package org.warmupbot.bench.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The rows {@code JdbcStore.save} writes for a run (the run, its question results, the {@code best_run} and
 * {@code weekly_best} upserts, and optionally the {@code board_score_count} upserts), with the store's own SQL, written as JDBC batches. Used to populate boards fast
 * and as the "raw batched" baseline of the write benchmark. Not thread-safe: one per connection.
 */
final class RawRows implements AutoCloseable {

  // The store's statements (JdbcStore), copied so the baseline does exactly the same work per row.
  private static final String BETTER_THAN_KEPT =
      " WHERE excluded.score > %1$s.score OR (excluded.score = %1$s.score AND (excluded.total_nanos <"
          + " %1$s.total_nanos OR (excluded.total_nanos = %1$s.total_nanos AND excluded.finished_us <"
          + " %1$s.finished_us)))";
  private static final String RUN =
      "INSERT INTO run (run_id, platform, tenant, user_id, pack_id, pack_version, score, total_nanos,"
          + " finished_us, badge_earned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING";
  private static final String RESULT =
      "INSERT INTO question_result (run_id, ordinal, question_id, category, correct, attempts_used, hint_used,"
          + " time_nanos, points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String BEST =
      "INSERT INTO best_run (platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (platform, tenant, pack_id, user_id) DO UPDATE SET run_id = excluded.run_id,"
          + " score = excluded.score, total_nanos = excluded.total_nanos, finished_us = excluded.finished_us"
          + String.format(BETTER_THAN_KEPT, "best_run");
  private static final String WEEKLY =
      "INSERT INTO weekly_best (platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us,"
          + " week_start_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (platform, tenant, pack_id, week_start_us, user_id) DO UPDATE SET run_id ="
          + " excluded.run_id, score = excluded.score, total_nanos = excluded.total_nanos, finished_us ="
          + " excluded.finished_us"
          + String.format(BETTER_THAN_KEPT, "weekly_best");

  private static final String SCORE_COUNT =
      "INSERT INTO board_score_count (platform, tenant, pack_id, week_start_us, score, members)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, tenant, pack_id, week_start_us, score)"
          + " DO UPDATE SET members = board_score_count.members + excluded.members";

  private static final long WEEK_START_MICROS = BoardData.WEEK_START.getEpochSecond() * 1_000_000L;

  private final PreparedStatement run;
  private final PreparedStatement result;
  private final PreparedStatement best;
  private final PreparedStatement weekly;
  private final @Nullable PreparedStatement scoreCount;
  private int pending;

  /** Rows without the score histogram (a bulk load rebuilds it after, {@link #rebuildScoreCounts}). */
  RawRows(Connection connection) throws SQLException {
    this(connection, false);
  }

  /**
   * @param countScores also upsert {@code board_score_count} for each run (+1 at its score on the all-time and the
   *     weekly board), as {@code JdbcStore.save} keeps it in the same transaction: the write benchmark's baseline
   *     then writes the rows a save writes. (Save adds 1 only for a new member, and moves a count on an
   *     improvement; the baseline does not read the kept entry, so it adds 1 every time: the same number of
   *     histogram upserts as a save of a new member, the common case in a benchmark over 10^5 random members.)
   */
  RawRows(Connection connection, boolean countScores) throws SQLException {
    run = connection.prepareStatement(RUN);
    result = connection.prepareStatement(RESULT);
    best = connection.prepareStatement(BEST);
    weekly = connection.prepareStatement(WEEKLY);
    scoreCount = countScores ? connection.prepareStatement(SCORE_COUNT) : null;
  }

  void add(BoardData.Entry entry) throws SQLException {
    String platform = BoardData.TENANT.platform().name();
    String tenant = BoardData.TENANT.id();
    run.setString(1, entry.runId());
    run.setString(2, platform);
    run.setString(3, tenant);
    run.setString(4, entry.userId());
    run.setString(5, BoardData.PACK);
    run.setString(6, BoardData.PACK_VERSION);
    run.setInt(7, entry.score());
    run.setLong(8, entry.totalNanos());
    run.setLong(9, entry.finishedMicros());
    run.setBoolean(10, entry.score() == 500);
    run.addBatch();
    for (int q = 0; q < BoardData.QUESTIONS; q++) {
      int points = entry.points()[q];
      result.setString(1, entry.runId());
      result.setInt(2, q);
      result.setString(3, "q" + q);
      result.setString(4, "cat" + q);
      result.setBoolean(5, points > 0);
      result.setInt(6, points > 0 ? 1 : 2);
      result.setBoolean(7, false);
      result.setLong(8, entry.millis()[q] * 1_000_000L);
      result.setInt(9, points);
      result.addBatch();
    }
    for (PreparedStatement upsert : new PreparedStatement[] {best, weekly}) {
      upsert.setString(1, platform);
      upsert.setString(2, tenant);
      upsert.setString(3, BoardData.PACK);
      upsert.setString(4, entry.userId());
      upsert.setString(5, entry.runId());
      upsert.setInt(6, entry.score());
      upsert.setLong(7, entry.totalNanos());
      upsert.setLong(8, entry.finishedMicros());
    }
    weekly.setLong(9, WEEK_START_MICROS);
    best.addBatch();
    weekly.addBatch();
    if (scoreCount != null) {
      for (long week : new long[] {0, WEEK_START_MICROS}) { // 0: the all-time board, as JdbcStore.ALL_TIME_WEEK
        scoreCount.setString(1, platform);
        scoreCount.setString(2, tenant);
        scoreCount.setString(3, BoardData.PACK);
        scoreCount.setLong(4, week);
        scoreCount.setInt(5, entry.score());
        scoreCount.setLong(6, 1);
        scoreCount.addBatch();
      }
    }
    pending++;
  }

  /** Sends the runs added since the last flush; the caller commits. */
  void flush() throws SQLException {
    if (pending == 0) {
      return;
    }
    run.executeBatch();
    result.executeBatch();
    best.executeBatch();
    weekly.executeBatch();
    if (scoreCount != null) {
      scoreCount.executeBatch();
    }
    pending = 0;
  }

  /**
   * Rebuilds {@code board_score_count} (members per score of each board, which {@code JdbcStore.save} keeps in
   * step) from {@code best_run} and {@code weekly_best}, as the V2 migration does: the raw batches write around it.
   * The caller commits.
   */
  static void rebuildScoreCounts(Connection connection) throws SQLException {
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM board_score_count");
      statement.executeUpdate(
          "INSERT INTO board_score_count (platform, tenant, pack_id, week_start_us, score, members)"
              + " SELECT platform, tenant, pack_id, 0, score, COUNT(*) FROM best_run"
              + " GROUP BY platform, tenant, pack_id, score");
      statement.executeUpdate(
          "INSERT INTO board_score_count (platform, tenant, pack_id, week_start_us, score, members)"
              + " SELECT platform, tenant, pack_id, week_start_us, score, COUNT(*) FROM weekly_best"
              + " GROUP BY platform, tenant, pack_id, week_start_us, score");
    }
  }

  @Override
  public void close() throws SQLException {
    run.close();
    result.close();
    best.close();
    weekly.close();
    if (scoreCount != null) {
      scoreCount.close();
    }
  }
}
