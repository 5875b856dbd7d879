package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The writer's read-and-lock of kept {@code weekly_best} entries (JdbcStore.LOCK_WEEKLY) is planned: once the
 * table has statistics, a board they have not seen yet (a new week) is still looked up by the primary key, not
 * by a walk of the board's range of the rank index, because the primary key's equality prefix includes the
 * member, whose selectivity the statistics know.
 */
final class PostgresNewWeekPlanTest {

  @RegisterExtension
  static final PostgresDatabase database = new PostgresDatabase();

  /** A Monday (2025-06-02), in microseconds: the new week; the analysed weeks are the ten before it. */
  private static final long NEW_WEEK = 1_748_822_400_000_000L;

  private static final long WEEK_MICROS = 7L * 86_400_000_000L;

  @Test
  void aNewWeekTheStatisticsHaveNotSeen_isStillLockedThroughThePrimaryKey_notTheRankIndex() throws Exception {
    try (Connection connection = DriverManager.getConnection(database.url());
        Statement statement = connection.createStatement()) {
      fill(statement, true);
      for (int members : new int[] {1, 5, 20, 100}) {
        assertThat(plan(statement, lockWeekly(members, "u")))
            .as("%s members who played the earlier weeks", members)
            .contains("weekly_best_pkey")
            .doesNotContain("weekly_best_rank");
        assertThat(plan(statement, lockWeekly(members, "v")))
            .as("%s members new this week", members)
            .contains("weekly_best_pkey")
            .doesNotContain("weekly_best_rank");
      }
      // The generic plan (pgjdbc prepares on the server after 5 executions; PostgreSQL may then keep a generic plan).
      statement.execute("SET plan_cache_mode = force_generic_plan");
      statement.execute(
          "PREPARE lock_weekly(text[], text[], text[], text[], bigint[]) AS " + LOCK_WEEKLY_FROM_PARAMETERS);
      assertThat(
              plan(statement, "EXECUTE lock_weekly(ARRAY['DISCORD'], ARRAY['guild1'], ARRAY['pack1'], ARRAY['v1'],"
                  + " ARRAY[" + NEW_WEEK + "]::bigint[])"))
          .as("generic plan")
          .contains("weekly_best_pkey")
          .doesNotContain("weekly_best_rank");
    }
  }

  /** Control, that the check above can fail: the same boards never analysed are walked through the rank index. */
  @Test
  void theSameBoards_neverAnalysed_areWalkedThroughTheRankIndex() throws Exception {
    try (Connection connection = DriverManager.getConnection(database.elsewhereUrl());
        Statement statement = connection.createStatement()) {
      JdbcStores.open(database.elsewhereUrl(), "postgres", null).close(); // migrates
      fill(statement, false);
      assertThat(plan(statement, lockWeekly(5, "v"))).contains("weekly_best_rank");
    }
  }

  /**
   * Fills weekly_best: 20 tenants x 5 packs x 10 earlier weeks x 100 members ({@code u1}..), analysed when {@code
   * analyse}; then the new week of guild1/pack1 with 500 of those members and 500 new ones ({@code v1}..), not
   * analysed. Autovacuum is off for the table, so it does not analyse the new week meanwhile.
   */
  private static void fill(Statement statement, boolean analyse) throws SQLException {
    statement.execute("ALTER TABLE weekly_best SET (autovacuum_enabled = false)");
    statement.execute(
        "INSERT INTO weekly_best (platform, tenant, pack_id, week_start_us, user_id, run_id, score, total_nanos,"
            + " finished_us) SELECT 'DISCORD', 'guild' || t, 'pack' || p, " + NEW_WEEK + " - w * " + WEEK_MICROS
            + ", 'u' || u, t || '.' || p || '.' || w || '.' || u, u % 50, u, u"
            + " FROM generate_series(1, 20) t, generate_series(1, 5) p, generate_series(1, 10) w,"
            + " generate_series(1, 100) u");
    if (analyse) {
      statement.execute("ANALYZE weekly_best");
    }
    statement.execute(
        "INSERT INTO weekly_best (platform, tenant, pack_id, week_start_us, user_id, run_id, score, total_nanos,"
            + " finished_us) SELECT 'DISCORD', 'guild1', 'pack1', " + NEW_WEEK + ", m || i, 'new.' || m || i,"
            + " i % 50, i, i FROM generate_series(1, 500) i, unnest(ARRAY['u', 'v']) m");
  }

  /** The writer's lock query, its parameters numbered for PREPARE. */
  private static final String LOCK_WEEKLY_FROM_PARAMETERS = PostgresDatabase.numberedParameters(JdbcStore.LOCK_WEEKLY);

  /**
   * JdbcStore.LOCK_WEEKLY for {@code members} keys of the new week of guild1/pack1, members {@code prefix}1,
   * {@code prefix}8, ...: literal arrays, as the custom plan of the bound parameters sees them.
   */
  private static String lockWeekly(int members, String prefix) {
    List<String> platforms = new ArrayList<>();
    List<String> tenants = new ArrayList<>();
    List<String> packs = new ArrayList<>();
    List<String> users = new ArrayList<>();
    List<String> weeks = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      platforms.add("'DISCORD'");
      tenants.add("'guild1'");
      packs.add("'pack1'");
      users.add("'" + prefix + (1 + 7 * i) + "'");
      weeks.add(Long.toString(NEW_WEEK));
    }
    return LOCK_WEEKLY_FROM_PARAMETERS
        .replace("$1", "ARRAY[" + String.join(",", platforms) + "]::text[]")
        .replace("$2", "ARRAY[" + String.join(",", tenants) + "]::text[]")
        .replace("$3", "ARRAY[" + String.join(",", packs) + "]::text[]")
        .replace("$4", "ARRAY[" + String.join(",", users) + "]::text[]")
        .replace("$5", "ARRAY[" + String.join(",", weeks) + "]::bigint[]");
  }

  private static String plan(Statement statement, String query) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (ResultSet rows = statement.executeQuery("EXPLAIN " + query)) {
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }
}
