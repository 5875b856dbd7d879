package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The save writer keeps PostgreSQL's statistics of the board tables current as they grow from empty
 * ({@link BoardStatistics}), so a lookup of a member's entry is planned on the primary key, not as a walk of the
 * whole board (a sequential scan, or the board's range of the rank index), which the planner takes while the
 * tables have no statistics.
 */
final class PostgresBoardStatisticsTest {

  @RegisterExtension
  static final PostgresDatabase database = new PostgresDatabase();

  /** The writer's lock query (JdbcStore.LOCK_BEST), prepared as the server sees it, for three members. */
  private static final String PREPARE_LOCK_BEST =
      "PREPARE lock_best AS " + PostgresDatabase.numberedParameters(JdbcStore.LOCK_BEST);

  private static final String EXPLAIN_LOCK_BEST =
      "EXPLAIN EXECUTE lock_best(ARRAY['DISCORD','DISCORD','DISCORD'], ARRAY['guild','guild','guild'],"
          + " ARRAY['pack','pack','pack'], ARRAY['user1','user2','user3'])";

  @Test
  void saves_analyseTheBoardTables_onceTheWriterAddedEnoughEntries_soAMemberIsLookedUpByThePrimaryKey()
      throws Exception {
    int members = (int) BoardStatistics.FIRST_ANALYZE_AFTER + 200;
    try (JdbcStore store = JdbcStores.open(database.url(), "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.SQL);
        Connection connection = DriverManager.getConnection(database.url())) {
      withoutAutovacuum(connection); // only the writer's ANALYZE may give the tables statistics here
      // Half the bound: the planner, without statistics, does not look a member up by the primary key (it scans
      // the table, or the board's range of the rank index: both walk the whole board).
      saveNewMembers(store, 0, members / 2);
      assertThat(store.boardStatistics().analyses()).isZero();
      assertThat(plan(connection)).doesNotContain("best_run_pkey");

      saveNewMembers(store, members / 2, members);
      Poll.until("the writer analysed the boards", () -> store.boardStatistics().analyses() >= 1);

      assertThat(rowsAtAnalyze(connection, "best_run")).isGreaterThanOrEqualTo(BoardStatistics.FIRST_ANALYZE_AFTER);
      assertThat(rowsAtAnalyze(connection, "weekly_best")).isGreaterThanOrEqualTo(BoardStatistics.FIRST_ANALYZE_AFTER);
      assertThat(plan(connection)).contains("best_run_pkey").doesNotContain("best_run_rank");
      // The saves are all kept, whatever the analyses.
      assertThat(store.rankedCount(BoardAgreement.GUILD, BoardAgreement.PACK, null)).isEqualTo(members);
    }
  }

  @Test
  void aTable_isAnalysedAgain_onlyOnceTheWriterAddedAsManyEntriesAsItHeldWhenLastAnalysed() throws Exception {
    // The "elsewhere" database, migrated here: the other test's saves and analyses are not in it.
    JdbcStores.open(database.elsewhereUrl(), "postgres", null).close();
    try (Connection connection = DriverManager.getConnection(database.elsewhereUrl());
        Statement statement = connection.createStatement()) {
      withoutAutovacuum(connection);
      statement.execute("ANALYZE best_run, weekly_best"); // empty: 0 rows at the last analysis
      BoardStatistics statistics = new BoardStatistics(10);

      addEntries(statement, statistics, 0, 6);
      statistics.analyzeIfDue(connection);
      assertThat(statistics.analyses()).as("6 of at least 10").isZero();

      addEntries(statement, statistics, 6, 10);
      String timeout = statementTimeout(statement);
      statistics.analyzeIfDue(connection);
      assertThat(statistics.analyses()).as("10 of at least 10").isEqualTo(1);
      assertThat(statementTimeout(statement)).as("the ANALYZE's own timeout ended with it").isEqualTo(timeout);
      assertThat(connection.getAutoCommit()).isTrue();
      assertThat(rowsAtAnalyze(connection, "best_run")).isEqualTo(10);

      addEntries(statement, statistics, 10, 19);
      statistics.analyzeIfDue(connection);
      assertThat(statistics.analyses()).as("9 of the 10 held at the last analysis").isEqualTo(1);

      addEntries(statement, statistics, 19, 20);
      statistics.analyzeIfDue(connection);
      assertThat(statistics.analyses()).as("10 of the 10 held").isEqualTo(2);
      assertThat(rowsAtAnalyze(connection, "best_run")).isEqualTo(20);
      assertThat(rowsAtAnalyze(connection, "weekly_best")).isEqualTo(20);

      addEntries(statement, statistics, 20, 39);
      statistics.analyzeIfDue(connection);
      assertThat(statistics.analyses()).as("19 of the 20 held").isEqualTo(2);
    }
  }

  @Test
  void aGroupThatFails_countsNoEntry_andItsRunsWrittenAgainOneByOne_countOnceEach() throws Exception {
    String url = database.newDatabase("failing_group");
    ExecutorService callers = Executors.newFixedThreadPool(12);
    try (JdbcStore store = JdbcStores.open(url, "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.SQL);
        Connection runLock = DriverManager.getConnection(url);
        Statement statement = runLock.createStatement()) {
      // The database refuses one run's weekly entry, after the group's all-time entries were written: the group
      // fails whole and is written again run by run.
      statement.execute("CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
          + " IF NEW.run_id = 'bad' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$");
      statement.execute(
          "CREATE TRIGGER refuse_bad BEFORE INSERT ON weekly_best FOR EACH ROW EXECUTE FUNCTION refuse_bad()");
      runLock.setAutoCommit(false);
      statement.execute("LOCK TABLE run IN EXCLUSIVE MODE"); // the writer's first group waits here
      List<Future<?>> saves = new ArrayList<>();
      saves.add(callers.submit(() -> store.save(BoardAgreement.run("first", "first", 1, 60, BoardAgreement.WEEK))));
      Poll.until("the first group being written", () -> store.groupCommit().writing() == 1);
      List<String> runIds = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        runIds.add("r" + i);
      }
      runIds.add(5, "bad");
      for (String runId : runIds) {
        saves.add(callers.submit(
            () -> store.save(BoardAgreement.run(runId, "user-" + runId, 10, 60, BoardAgreement.WEEK))));
      }
      Poll.until("the next group queued whole", () -> store.groupCommit().queued() == runIds.size());
      runLock.rollback();
      int refused = 0;
      for (Future<?> save : saves) {
        try {
          save.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
          // Refused ("bad"), or, on a slow machine, a caller that stopped waiting for its commit (the run stays
          // queued and is written all the same: the count below includes it).
          assertThat(failed.getCause().getMessage()).containsAnyOf("bad", "stays queued");
          refused += failed.getCause().getMessage().contains("could not save run bad") ? 1 : 0;
        }
      }
      Poll.until("the writer idle", () -> store.groupCommit().writing() == 0 && store.groupCommit().queued() == 0);
      assertThat(refused).as("the refused run's caller heard so").isLessThanOrEqualTo(1);
      try (ResultSet rows =
          statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE run_id = 'bad') FROM run")) {
        rows.next();
        assertThat(rows.getInt(1)).as("runs kept").isEqualTo(11);
        assertThat(rows.getInt(2)).as("the refused run").isZero();
      }

      assertThat(store.groupCommit().retriedGroups()).isEqualTo(1);
      assertThat(store.boardStatistics().addedToBestRun())
          .as("the first run and the 10 kept when written again; nothing of the group that failed")
          .isEqualTo(11);
    } finally {
      callers.shutdownNow();
    }
  }

  /** Saves one run each for members {@code from} (inclusive) to {@code to}, from 16 threads, so groups form. */
  private static void saveNewMembers(JdbcStore store, int from, int to) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> saves = new ArrayList<>();
      for (int i = from; i < to; i++) {
        int member = i;
        saves.add(
            threads.submit(
                () -> store.save(
                    BoardAgreement.run("r" + member, "user" + member, member % 500, 30 + member % 60,
                        BoardAgreement.WEEK.plusSeconds(member)))));
      }
      for (Future<?> save : saves) {
        save.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** Inserts entries {@code from} to {@code to} into both board tables, as the writer would, and counts them. */
  private static void addEntries(Statement statement, BoardStatistics statistics, int from, int to)
      throws SQLException {
    long week = Instant.parse("2025-06-02T00:00:00Z").getEpochSecond() * 1_000_000L;
    for (int i = from; i < to; i++) {
      statement.execute(
          "INSERT INTO best_run (platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us)"
              + " VALUES ('DISCORD', 'guild', 'pack', 'u" + i + "', 'r" + i + "', 100, 1, 1)");
      statement.execute(
          "INSERT INTO weekly_best (platform, tenant, pack_id, week_start_us, user_id, run_id, score, total_nanos,"
              + " finished_us) VALUES ('DISCORD', 'guild', 'pack', " + week + ", 'u" + i + "', 'r" + i
              + "', 100, 1, 1)");
    }
    statistics.added(to - from, to - from);
  }

  private static String plan(Connection connection) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Statement statement = connection.createStatement()) {
      statement.execute(PREPARE_LOCK_BEST);
      try (ResultSet rows = statement.executeQuery(EXPLAIN_LOCK_BEST)) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      } finally {
        statement.execute("DEALLOCATE lock_best");
      }
    }
    return plan.toString();
  }

  /** Autovacuum off on the board tables, so their statistics come only from the ANALYZEs under test. */
  private static void withoutAutovacuum(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE best_run SET (autovacuum_enabled = false)");
      statement.execute("ALTER TABLE weekly_best SET (autovacuum_enabled = false)");
    }
  }

  private static String statementTimeout(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SHOW statement_timeout")) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** The table's rows as of its last analysis ({@code pg_class.reltuples}; -1 when never analysed). */
  private static long rowsAtAnalyze(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT reltuples FROM pg_class WHERE oid = '" + table + "'::regclass")) {
      rows.next();
      return (long) rows.getDouble(1);
    }
  }
}
