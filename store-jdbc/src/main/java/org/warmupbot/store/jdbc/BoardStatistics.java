package org.warmupbot.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics of the board tables ({@code best_run}, {@code weekly_best}) from lagging
 * far behind while the save writer grows them: the writer's {@code ANALYZE} of a table once the entries it added
 * since the table was last analysed reach as many as the table then held (at least {@link #FIRST_ANALYZE_AFTER}).
 * A table growing from empty is so analysed at about 1,000, 2,000, 4,000, ... entries: O(log n) times, each a
 * bounded sample (ANALYZE reads at most 30,000 rows at the default statistics target).
 *
 * <p>Why: without statistics (a new database: autovacuum analyses a table at most once a minute, and only once it
 * changed by 10%) the planner does not know that every entry of a board shares its (platform, tenant, pack), so it
 * costs the rank index (platform, tenant, pack, score, time, finish, user) as selective as the primary key for a
 * lookup by member, and may take it: the lookup then walks the board's whole index range, O(board) per member,
 * and a save gets slower as the board grows. One {@code ANALYZE} with rows in the table makes the primary key the
 * cheaper plan for good; later ones keep the statistics of new packs and weeks current.
 *
 * <p>Not thread-safe: used by the writer thread only. {@link #analyzeIfDue} runs outside the save transaction, on
 * the writer's connection in auto-commit, after the group's callers were released. It skips a table another
 * session is vacuuming or analysing ({@code SKIP_LOCKED}). A failure fails no save (the writer logs it and opens a
 * new connection for the next group): statistics only make plans better. A role that does not own the tables
 * gets a warning from PostgreSQL, not an error, and the lookups keep whatever plan autovacuum's statistics give.
 * An {@code ANALYZE} may take at most {@link #LONGEST_ANALYZE}. Each process counts only what its own writer
 * added: with k processes sharing a database a table is analysed about k times less often than by one (the first
 * analysis with rows, the one that matters, comes as soon as any process's count reaches the bound).
 */
final class BoardStatistics {

  /** Entries added to a table that was never analysed (or analysed empty) before it is analysed. */
  static final long FIRST_ANALYZE_AFTER = 1_000;

  /**
   * The longest an {@code ANALYZE} may take: saves queued meanwhile wait for it. On a timeout the tables count as
   * analysed (asked again once they have grown as much again) and autovacuum's statistics are what the planner has.
   */
  static final Duration LONGEST_ANALYZE = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(BoardStatistics.class);
  private static final String QUERY_CANCELED = "57014"; // SQLSTATE of a statement past statement_timeout

  private static final List<String> TABLES = List.of("best_run", "weekly_best"); // the order of added(...)

  private final long firstAfter;
  private final long[] added = new long[TABLES.size()]; // entries this writer added since the last analyse
  private final long[] rowsAtAnalyze = new long[TABLES.size()]; // the table's rows then (its pg_class.reltuples)
  private boolean known; // whether rowsAtAnalyze was read from the catalog
  private volatile int analyses; // ANALYZE statements run; for tests

  BoardStatistics() {
    this(FIRST_ANALYZE_AFTER);
  }

  BoardStatistics(long firstAfter) {
    if (firstAfter < 1) {
      throw new IllegalArgumentException("firstAfter must be at least 1, not " + firstAfter);
    }
    this.firstAfter = firstAfter;
  }

  /** Counts entries a committed group inserted: new members of {@code best_run} and {@code weekly_best}. */
  void added(int bestRun, int weeklyBest) {
    added[0] += bestRun;
    added[1] += weeklyBest;
  }

  /** Whether {@code table} (an index into {@link #TABLES}) has grown enough to be analysed again. */
  boolean due(int table) {
    return added[table] >= Math.max(firstAfter, rowsAtAnalyze[table]);
  }

  /**
   * Analyses the tables that are due, on {@code connection} (in auto-commit, no transaction open). The first call
   * reads how many rows each table had when last analysed (by anyone: an existing, analysed database is not
   * analysed again until this writer has doubled it). A table that was due counts as analysed even when this
   * throws, so a database that refuses is asked again only once the table has grown as much again.
   *
   * @throws SQLException when the database fails the statement (the caller drops the connection)
   */
  void analyzeIfDue(Connection connection) throws SQLException {
    if (known && !due(0) && !due(1)) {
      return;
    }
    boolean[] analysing = new boolean[TABLES.size()];
    try (Statement statement = connection.createStatement()) {
      if (!known) {
        readRows(statement);
        known = true; // only once read: a failed read is tried again, not taken for empty tables
      }
      StringBuilder tables = new StringBuilder();
      for (int i = 0; i < TABLES.size(); i++) {
        if (due(i)) {
          analysing[i] = true;
          tables.append(tables.length() == 0 ? "" : ", ").append(TABLES.get(i));
        }
      }
      if (tables.length() == 0) {
        return;
      }
      // In a transaction of its own, so the timeout (SET LOCAL) ends with it whatever happens. SKIP_LOCKED: never
      // wait behind autovacuum (or a manual VACUUM) working on the same table.
      connection.setAutoCommit(false);
      try {
        statement.execute("SET LOCAL statement_timeout = " + LONGEST_ANALYZE.toMillis());
        statement.execute("ANALYZE (SKIP_LOCKED) " + tables);
        connection.commit();
        analyses++;
      } catch (SQLException e) {
        connection.rollback();
        if (!QUERY_CANCELED.equals(e.getSQLState())) {
          throw e;
        }
        LOG.info("ANALYZE of {} cut off after {}: the planner keeps the statistics it had until the tables have"
            + " grown as much again", tables, LONGEST_ANALYZE);
      } finally {
        connection.setAutoCommit(true);
      }
      readRows(statement);
    } finally {
      for (int i = 0; i < TABLES.size(); i++) {
        if (analysing[i]) {
          added[i] = 0;
        }
      }
    }
  }

  private void readRows(Statement statement) throws SQLException {
    try (ResultSet rows =
        statement.executeQuery(
            "SELECT relname, reltuples FROM pg_class WHERE oid IN ('best_run'::regclass, 'weekly_best'::regclass)")) {
      while (rows.next()) {
        String name = rows.getString(1);
        long tuples = Math.max(0, (long) rows.getDouble(2)); // -1: never analysed
        for (int i = 0; i < TABLES.size(); i++) {
          if (TABLES.get(i).equals(name)) {
            rowsAtAnalyze[i] = tuples;
          }
        }
      }
    }
  }

  /** Entries added to {@code best_run} since it was last analysed, as this writer counted them; for tests. */
  long addedToBestRun() {
    return added[0];
  }

  /** ANALYZE statements run so far; for tests. */
  int analyses() {
    return analyses;
  }
}
