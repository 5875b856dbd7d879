package org.warmupbot.store.jdbc;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.QuestionResult;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.SessionScope;
import org.warmupbot.core.port.SessionSnapshot;
import org.warmupbot.core.port.SessionStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;

/**
 * Results, badges, settings and session snapshots in a SQL database (SQLite or PostgreSQL). Open one with
 * {@link JdbcStores}; close it when the bot stops.
 *
 * <p>Thread-safe: every call but {@code save} borrows a pooled connection, and each write is one transaction, so
 * a run is kept whole (its question results and its board entries) or not at all. Instants are kept to the
 * microsecond.
 *
 * <p>Saves are group-committed: one writer thread writes every run waiting in one transaction, and each caller of
 * {@link #save} returns once the transaction holding its run is committed (see {@link GroupCommit}). That thread
 * writes through a connection of its own, outside the pool, with its statements kept prepared across groups and a
 * 64 MiB page cache on SQLite; it is replaced after a failed transaction (see {@link WriterConnection}).
 *
 * <p>Leaderboards do not slow in proportion to a board's members. Two tables are upserted when a saved run is a
 * member's best: {@code best_run} (per tenant and pack) and {@code weekly_best} (per tenant, pack and week,
 * a week starting on Monday 00:00 in the store's week zone). Both are indexed on (tenant, pack[, week], score
 * desc, time, finish), so a page is an index range. A third, {@code board_score_count}, holds each board's members
 * per score, kept in the same transaction; a standing is 1 + the members of the higher scores (from it) + the
 * entries of the same score with an earlier (time, finish) (one index range), and a count is its sum. A board asked with {@code since == null} reads {@code best_run}; with {@code since} a week start in
 * the week zone and no later week on the board, {@code weekly_best} for that week; with any other {@code since}
 * it falls back to the runs finished since then (right, but a scan of those runs).
 *
 * <p>Ranked {@link JdbcStores.Ranking#IN_PROCESS in process}, the all-time and latest-week boards are answered from
 * memory instead ({@link RankedBoards}): built from their table on first read, then kept in step by the save path
 * after each commit, with the same ranks and tie order as the SQL. Right only while this store is the database's
 * only writer.
 *
 * <p>Tenant settings are cached per tenant ({@link #settings}): a {@link #saveSettings} in this store is seen at
 * once. When this store may not be its database's only writer (PostgreSQL, which several bot processes may share,
 * or any store ranked in {@link JdbcStores.Ranking#SQL}, e.g. a SQLite file shared by several processes) a change
 * made by another process (or by hand) is seen once the settings were read again: in the background, at the first
 * read past {@link #SHARED_SETTINGS_TTL} (a member never waits for it, and while the database is down the settings
 * read last stay in use), so within that time on a tenant in use; on SQLite ranked in process (one process owns
 * the file) a change made behind this store's back is seen only once the store is opened again.
 *
 * <p>Every method throws {@link StoreUnavailableException} when the database cannot be reached or refuses the
 * statement; its message names the store's URL with any password masked.
 */
public final class JdbcStore implements ResultStore, SessionStore, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);

  private static final String ORDER_BEST = "score DESC, total_nanos, finished_us";

  private final HikariDataSource pool;
  private final String where;
  private final ZoneId weekZone;
  private final GroupCommit saves;
  private final JdbcStores.Ranking ranking;
  private final boolean postgres;
  private final @Nullable RankedBoards ranked; // null when ranking is SQL
  private final @Nullable BoardNotifications notifications; // PostgreSQL ranked in process: runs of every process
  private final LoadingCache<Tenant, TenantSettings> settings;
  private final WriterConnection writer; // the group-commit writer thread's; closed after that thread stopped
  private final @Nullable BoardStatistics statistics; // PostgreSQL: the writer's ANALYZE of the growing boards
  private final OtherProcesses others; // who else has the database open: a week zone change waits for nobody

  /**
   * How long a tenant's settings are served from this store's cache before a read has them read again in the
   * background, when the store may share its database with other writers (PostgreSQL, or any store ranked in
   * {@link JdbcStores.Ranking#SQL}): a change made by another bot process is seen within this time on a tenant in
   * use, and by the second read after a quiet spell.
   */
  public static final Duration SHARED_SETTINGS_TTL = Duration.ofSeconds(30);

  /**
   * How long {@code save} waits for its commit before it reports the store unavailable (the run stays queued and
   * is written when the database answers; the caller keeps it to save again). A member's summary waits on the
   * save, and Discord and Slack give the whole answer 3 s; this leaves a second for the rest.
   */
  static final Duration SAVE_WAIT = Duration.ofSeconds(2);

  /** Tenants whose settings are cached at most (the least used beyond it are dropped); a few MB at most. */
  static final int SETTINGS_CACHE_TENANTS = 10_000;

  /**
   * @param ticker the time source of the settings cache's refresh (PostgreSQL, or ranked in SQL); tests pass a fake
   *     one
   * @param settingsRefresh runs those refreshes (tests: the reading thread, or one they drive)
   * @param listenerConnector opens the PostgreSQL board listener's own connection (not a pooled one)
   * @param others tells whether another bot process uses the database; closed with this store
   * @throws WeekZoneConflictException when the weekly boards are kept in another week zone and another bot process
   *     uses the database
   */
  JdbcStore(
      HikariDataSource pool,
      WriterConnection.Opener writerConnection,
      String where,
      ZoneId weekZone,
      JdbcStores.Ranking ranking,
      boolean postgres,
      Ticker ticker,
      Executor settingsRefresh,
      BoardNotifications.Connector listenerConnector,
      OtherProcesses others) {
    this.pool = pool;
    this.others = others;
    this.where = where;
    this.weekZone = weekZone;
    this.ranking = ranking;
    this.postgres = postgres;
    Caffeine<Object, Object> cache = Caffeine.newBuilder().maximumSize(SETTINGS_CACHE_TENANTS);
    if (postgres || ranking == JdbcStores.Ranking.SQL) {
      // Not the database's only writer (PostgreSQL, or SQLite ranked in SQL, the mode for a file several
      // processes share): bound how long another process's change goes unseen. Refreshed, not expired: a
      // member's /warmup must not wait on the database (a busy pool waits seconds; Discord gives 3).
      cache.refreshAfterWrite(SHARED_SETTINGS_TTL).ticker(ticker).executor(settingsRefresh);
    }
    this.settings = cache.build(new CacheLoader<>() {
      @Override
      public TenantSettings load(Tenant tenant) {
        return loadSettings(tenant);
      }

      @Override
      public TenantSettings reload(Tenant tenant, TenantSettings kept) {
        try {
          return loadSettings(tenant);
        } catch (StoreUnavailableException e) {
          log.warn("Could not read the settings of {} again; keeping those read before: {}", tenant.id(),
              e.getMessage());
          return kept;
        }
      }
    });
    this.writer = new WriterConnection(writerConnection);
    this.statistics = postgres ? new BoardStatistics() : null;
    this.ranked =
        ranking == JdbcStores.Ranking.IN_PROCESS ? new RankedBoards(this::loadBoard, this::loadLatestWeek) : null;
    // One store of the database opens at a time: two processes started at once do not both re-bucket, nor one
    // keep its zone while the other moves the boards to another.
    others.opening(othersConnected ->
        write("check the week zone", connection -> settleWeekZone(connection, othersConnected)));
    // Listening before any read: a board built later misses no run (see BoardNotifications).
    this.notifications =
        postgres && ranked != null
            ? BoardNotifications.start(listenerConnector, pool::getConnection, ranked, where)
            : null;
    this.saves =
        new GroupCommit(
            where,
            runs -> saveAndRank(runs, "save " + runs.size() + " runs"),
            run -> saveAndRank(List.of(run), "save run " + run.runId()),
            SAVE_WAIT,
            this::afterGroup);
  }

  /** After a group's callers were released: the writer's upkeep between transactions (PostgreSQL statistics). */
  private void afterGroup() {
    if (statistics != null) {
      writer.betweenTransactions(statistics::analyzeIfDue);
    }
  }

  /**
   * Writes the runs in one transaction, then, once it committed, offers the runs it added to the in-process
   * boards. When the write fails the transaction may still have committed (a failure after COMMIT), so the boards
   * of those packs are dropped and built again from the tables on their next read.
   */
  private void saveAndRank(List<FinishedRun> runs, String what) {
    List<FinishedRun> added;
    try {
      try {
        SavedGroup saved = writer.inTransaction(connection -> saveRuns(connection, runs));
        added = saved.runs();
        if (statistics != null) { // counted once committed: a group that fails adds no entries
          statistics.added(saved.newBestEntries(), saved.newWeeklyEntries());
        }
      } catch (SQLException e) {
        throw unavailable(what, e);
      }
    } catch (RuntimeException | Error e) {
      if (ranked != null) {
        List<RankedBoards.PackKey> packs = new ArrayList<>();
        for (FinishedRun run : runs) {
          packs.add(new RankedBoards.PackKey(run.player().platform().name(), run.player().tenant(), run.packId()));
        }
        ranked.forget(packs);
      }
      throw e;
    }
    if (ranked != null) {
      for (FinishedRun run : added) {
        ranked.committed(
            run.player().platform().name(),
            run.player().tenant(),
            run.packId(),
            micros(weekStart(run.finishedAt())),
            run.player().userId(),
            run.score(),
            nanos(run.totalTime()),
            micros(run.finishedAt()));
      }
    }
  }

  /** How this store ranks its boards. */
  public JdbcStores.Ranking ranking() {
    return ranking;
  }

  /** The in-process boards, or null when ranking is SQL; for tests. */
  @Nullable RankedBoards rankedBoards() {
    return ranked;
  }

  /** The PostgreSQL board listener, or null when there is none; for tests. */
  @Nullable BoardNotifications boardNotifications() {
    return notifications;
  }

  /** The save writer's connection; for tests. */
  WriterConnection writerConnection() {
    return writer;
  }

  /** The writer's upkeep of PostgreSQL's statistics of the board tables, or null on SQLite; for tests. */
  @Nullable BoardStatistics boardStatistics() {
    return statistics;
  }

  /** The save queue and its writer; for tests. */
  GroupCommit groupCommit() {
    return saves;
  }

  /** The zone whose Monday 00:00 starts a week of the weekly table. */
  public ZoneId weekZone() {
    return weekZone;
  }

  /**
   * Writes the saves already queued, then closes the connection pool; calls after this throw {@link
   * StoreUnavailableException}. Waits at most {@link #SAVE_WAIT} for the database to take what is queued; runs it
   * did not confirm by then are logged by id (their savers were told the store is unavailable, and keep them).
   */
  @Override
  public void close() {
    if (saves.stop()) {
      writer.close(); // the writer thread has stopped: nothing uses it any more
    } // else the writer still waits on the database, with its connection: both end with the process
    if (notifications != null) {
      notifications.close();
    }
    pool.close();
    others.close();
  }

  @Override
  public String toString() {
    return "JdbcStore[" + where + "]";
  }

  // --- runs ------------------------------------------------------------------------------------------------

  /**
   * {@inheritDoc}
   *
   * <p>Blocks until the run is committed, with other runs saved meanwhile by other threads (group commit). An
   * interrupt does not cut the wait short: it is kept set for the caller once the outcome is known.
   */
  @Override
  public void save(FinishedRun run) {
    saves.save(run);
  }

  /** What a group's transaction wrote: the runs not kept before, and the members new to each board table. */
  private record SavedGroup(List<FinishedRun> runs, int newBestEntries, int newWeeklyEntries) {}

  /**
   * Writes runs with one JDBC batch per table (a round trip per table, not per row); the caller's transaction
   * makes them one commit. A run whose id is kept already is skipped whole, as is a second copy in the same
   * group. Board entries are kept in key order, a member's runs in group order, so a member's best is the best of
   * the group and of what was kept.
   */
  private SavedGroup saveRuns(WriterConnection connection, List<FinishedRun> runs) throws SQLException {
    List<FinishedRun> added = new ArrayList<>(runs.size());
    {
      PreparedStatement insert = connection.prepare(INSERT_RUN);
      for (FinishedRun run : runs) {
        Player player = run.player();
        insert.setString(1, run.runId());
        insert.setString(2, player.platform().name());
        insert.setString(3, player.tenant());
        insert.setString(4, player.userId());
        insert.setString(5, run.packId());
        insert.setString(6, run.packVersion());
        insert.setInt(7, run.score());
        insert.setLong(8, nanos(run.totalTime()));
        insert.setLong(9, micros(run.finishedAt()));
        insert.setBoolean(10, run.badgeEarned());
        insert.addBatch();
      }
      int[] inserted = insert.executeBatch();
      for (int i = 0; i < runs.size(); i++) {
        if (inserted[i] != 0) { // 0: kept already, the same run delivered again
          added.add(runs.get(i));
        }
      }
    }
    if (added.isEmpty()) {
      return new SavedGroup(added, 0, 0);
    }
    {
      PreparedStatement insert = connection.prepare(INSERT_QUESTION_RESULT);
      for (FinishedRun run : added) {
        addResults(insert, run.runId(), run.questions());
      }
      insert.executeBatch();
    }
    keepEarnedBadges(connection, added);
    Map<ScoreCount, Long> deltas = new TreeMap<>();
    int newBestEntries = keepBest(connection, added, false, deltas);
    int newWeeklyEntries = keepBest(connection, added, true, deltas);
    {
      PreparedStatement upsert = connection.prepare(UPSERT_SCORE_COUNT);
      boolean any = false;
      // In key order, so two processes saving at once lock the histogram rows in the same order.
      for (Map.Entry<ScoreCount, Long> delta : deltas.entrySet()) {
        if (delta.getValue() == 0) {
          continue;
        }
        ScoreCount key = delta.getKey();
        upsert.setString(1, key.board().platform());
        upsert.setString(2, key.board().tenant());
        upsert.setString(3, key.board().packId());
        upsert.setLong(4, key.board().week());
        upsert.setInt(5, key.score());
        upsert.setLong(6, delta.getValue());
        upsert.addBatch();
        any = true;
      }
      if (any) {
        upsert.executeBatch();
      }
    }
    if (postgres) { // whatever this store's ranking: other processes may rank in process
      BoardNotifications.publish(connection, added, run -> micros(weekStart(run.finishedAt())));
    }
    return new SavedGroup(added, newBestEntries, newWeeklyEntries);
  }

  /**
   * Keeps the badge each run earned, in the run's transaction, as being granted (named by the pack id: the run does
   * not carry the badge's name; its grant's outcome does), unless the member has an award for the pack already.
   */
  private static void keepEarnedBadges(WriterConnection connection, List<FinishedRun> runs) throws SQLException {
    PreparedStatement insert = null;
    for (FinishedRun run : runs) {
      if (!run.badgeEarned()) {
        continue;
      }
      if (insert == null) {
        insert = connection.prepare(INSERT_EARNED_BADGE);
      }
      int next = bindPlayer(insert, run.player(), 1);
      insert.setString(next, run.packId());
      insert.setString(next + 1, run.packId());
      insert.setLong(next + 2, micros(run.finishedAt()));
      insert.setString(next + 3, GrantStatus.BEING_GRANTED.reason());
      insert.setString(next + 4, GrantStatus.BEING_GRANTED.fix());
      insert.addBatch();
    }
    if (insert != null) {
      insert.executeBatch();
    }
  }

  private static final String INSERT_EARNED_BADGE =
      "INSERT INTO badge (platform, tenant, user_id, pack_id, badge_name, earned_us, status, reason, fix)"
          + " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (platform, tenant, user_id, pack_id) DO NOTHING";

  private static final String INSERT_RUN =
      "INSERT INTO run (run_id, platform, tenant, user_id, pack_id, pack_version, score, total_nanos,"
          + " finished_us, badge_earned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (run_id) DO NOTHING";

  private static final String UPSERT_SCORE_COUNT =
      "INSERT INTO board_score_count (platform, tenant, pack_id, week_start_us, score, members)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, tenant, pack_id, week_start_us, score)"
          + " DO UPDATE SET members = board_score_count.members + excluded.members";

  /** {@code board_score_count.week_start_us} of the all-time board: never a week start (a Thursday). */
  static final long ALL_TIME_WEEK = 0;

  /**
   * A board as its tables key it; {@code week} is {@link #ALL_TIME_WEEK} for the all-time board. Ordered as those
   * keys, so rows of several boards are written (and locked) in one order by every process.
   */
  private record BoardRows(String platform, String tenant, String packId, long week) implements Comparable<BoardRows> {
    @Override
    public int compareTo(BoardRows other) {
      int c = platform.compareTo(other.platform);
      if (c == 0) {
        c = tenant.compareTo(other.tenant);
      }
      if (c == 0) {
        c = packId.compareTo(other.packId);
      }
      return c != 0 ? c : Long.compare(week, other.week);
    }
  }

  /** One row of {@code board_score_count}; ordered so histogram rows are written in one order. */
  private record ScoreCount(BoardRows board, int score) implements Comparable<ScoreCount> {
    @Override
    public int compareTo(ScoreCount other) {
      int c = board.compareTo(other.board);
      return c != 0 ? c : Integer.compare(score, other.score);
    }
  }

  /**
   * Keeps each member's best entry of {@code best_run} (or {@code weekly_best}) for the runs in group order and
   * adds the change of each board's score histogram to {@code deltas}. A new member is inserted (+1 at its
   * score); the entries kept before the group are read, locked on PostgreSQL, where another process may save the
   * same member at once (SQLite's write transaction already excludes other writers), and an entry is replaced
   * when a run is better (-1 at the old score, +1 at the new). The insert waits for a concurrent insert of the
   * same member, so the entry read is the one committed or this transaction's own.
   *
   * <p>The entries are inserted in key order (a member's runs in group order), the order every process takes,
   * so two processes saving the same new members at once do not deadlock. The runs are compared in that order
   * with the entries in memory (several runs of one member in a group end with the best of them, ties going to
   * the earliest in the group), and the entries that got better are written back in one batch. On PostgreSQL
   * the kept entries are read and locked by one query in key order, so a group costs a few round trips whatever
   * its size, and two processes lock shared members in the same order.
   *
   * <p>The better entries are written with {@code INSERT ... ON CONFLICT (key) DO UPDATE}: the conflict is found
   * through the primary key whatever the planner believes about the table, where an {@code UPDATE ... WHERE key}
   * is planned, and PostgreSQL planned it on the rank index (a walk of the whole board per entry) while the table
   * had no statistics yet (see {@link BoardStatistics}).
   *
   * @return the entries inserted (new members)
   */
  private int keepBest(
      WriterConnection connection, List<FinishedRun> groupOrder, boolean weekly, Map<ScoreCount, Long> deltas)
      throws SQLException {
    // In key order (stable: a member's runs stay in group order), so two processes inserting the same new members
    // take their rows in one order: in group order, each could insert one member and wait for the other's insert
    // of the next (ON CONFLICT waits for an uncommitted conflicting row): a deadlock.
    List<KeyedRun> keyed = new ArrayList<>(groupOrder.size());
    for (FinishedRun run : groupOrder) {
      keyed.add(new KeyedRun(entryKey(run, weekly), run));
    }
    keyed.sort(Comparator.comparing(KeyedRun::key)); // List.sort is stable
    List<FinishedRun> runs = new ArrayList<>(keyed.size());
    List<EntryKey> keys = new ArrayList<>(keyed.size());
    for (KeyedRun run : keyed) {
      runs.add(run.run());
      keys.add(run.key());
    }
    int[] inserted;
    {
      PreparedStatement insert = connection.prepare(weekly ? WEEKLY_INSERT : BEST_INSERT);
      for (int i = 0; i < runs.size(); i++) {
        bindBoardEntry(insert, runs.get(i), weekly ? keys.get(i).board().week() : null);
        insert.addBatch();
      }
      inserted = insert.executeBatch();
    }
    int newEntries = 0;
    for (int count : inserted) {
      if (count != 0) {
        newEntries++;
      }
    }
    Set<EntryKey> insertedHere = new HashSet<>();
    Set<EntryKey> keptBefore = new LinkedHashSet<>(); // PostgreSQL's lock query sorts them itself (ORDER BY)
    for (int i = 0; i < runs.size(); i++) {
      EntryKey key = keys.get(i);
      if (inserted[i] != 0) {
        insertedHere.add(key);
      } else if (!insertedHere.contains(key)) {
        keptBefore.add(key);
      }
    }
    Map<EntryKey, Entry> entries = new HashMap<>();
    if (!keptBefore.isEmpty()) {
      if (postgres) {
        lockKept(connection, weekly, keptBefore, entries);
      } else {
        readKept(connection, weekly, keptBefore, entries);
      }
    }
    Set<EntryKey> changed = new LinkedHashSet<>(); // written back once each, with the best of the group
    for (int i = 0; i < runs.size(); i++) {
      FinishedRun run = runs.get(i);
      EntryKey key = keys.get(i);
      Entry offered = new Entry(run.runId(), run.score(), nanos(run.totalTime()), micros(run.finishedAt()));
      if (inserted[i] != 0) {
        entries.put(key, offered);
        deltas.merge(new ScoreCount(key.board(), run.score()), 1L, Long::sum);
        continue;
      }
      Entry old = entries.get(key); // kept before the group (read above), or inserted earlier in it
      if (old == null) {
        throw new SQLException("the " + (weekly ? "weekly_best" : "best_run") + " entry of " + key.userId() + " vanished during a save");
      }
      if (!offered.betterThan(old)) {
        continue;
      }
      entries.put(key, offered);
      changed.add(key);
      if (old.score() != offered.score()) {
        deltas.merge(new ScoreCount(key.board(), old.score()), -1L, Long::sum);
        deltas.merge(new ScoreCount(key.board(), offered.score()), 1L, Long::sum);
      }
    }
    if (changed.isEmpty()) {
      return newEntries;
    }
    // The entries are locked by this transaction (lockKept; SQLite's write lock) or inserted by it: the conflict
    // is certain, and the update unconditional (the better entry was chosen above).
    PreparedStatement upsert = connection.prepare(weekly ? WEEKLY_REPLACE : BEST_REPLACE);
    for (EntryKey key : changed) {
      Entry entry = entries.get(key);
      bindEntryKey(upsert, key, false, 1);
      upsert.setString(5, entry.runId());
      upsert.setInt(6, entry.score());
      upsert.setLong(7, entry.nanos());
      upsert.setLong(8, entry.finished());
      if (weekly) {
        upsert.setLong(9, key.board().week());
      }
      upsert.addBatch();
    }
    upsert.executeBatch();
    return newEntries;
  }

  /** An improved entry written back: found through the primary key, never planned. */
  private static final String BEST_REPLACE =
      "INSERT INTO best_run (platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, tenant, pack_id, user_id) DO UPDATE SET"
          + " run_id = excluded.run_id, score = excluded.score, total_nanos = excluded.total_nanos,"
          + " finished_us = excluded.finished_us";

  private static final String WEEKLY_REPLACE =
      "INSERT INTO weekly_best (platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us,"
          + " week_start_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (platform, tenant, pack_id, week_start_us, user_id) DO UPDATE SET run_id ="
          + " excluded.run_id, score = excluded.score, total_nanos = excluded.total_nanos, finished_us ="
          + " excluded.finished_us";

  /** Reads the entries of {@code keys}, one query per entry (SQLite: in-process calls, under the write lock). */
  private static void readKept(
      WriterConnection connection, boolean weekly, Set<EntryKey> keys, Map<EntryKey, Entry> entries)
      throws SQLException {
    PreparedStatement kept =
        connection.prepare(
            "SELECT run_id, score, total_nanos, finished_us FROM " + (weekly ? "weekly_best" : "best_run")
                + " WHERE " + entryWhere(weekly));
    for (EntryKey key : keys) {
      bindEntryKey(kept, key, weekly, 1);
      try (ResultSet rows = kept.executeQuery()) {
        if (rows.next()) {
          entries.put(key, new Entry(rows.getString(1), rows.getInt(2), rows.getLong(3), rows.getLong(4)));
        }
      }
    }
  }

  /**
   * Reads and locks ({@code FOR UPDATE}) the entries of {@code keys} in one query (PostgreSQL), in primary-key
   * order, so concurrent savers of the same members lock them in one order.
   */
  private static void lockKept(
      WriterConnection connection, boolean weekly, Set<EntryKey> keys, Map<EntryKey, Entry> entries)
      throws SQLException {
    int n = keys.size();
    String[] platforms = new String[n];
    String[] tenants = new String[n];
    String[] packs = new String[n];
    String[] users = new String[n];
    long[] weeks = new long[n];
    int i = 0;
    for (EntryKey key : keys) {
      platforms[i] = key.board().platform();
      tenants[i] = key.board().tenant();
      packs[i] = key.board().packId();
      users[i] = key.userId();
      weeks[i] = key.board().week();
      i++;
    }
    PreparedStatement lock = connection.prepare(weekly ? LOCK_WEEKLY : LOCK_BEST);
    lock.setObject(1, platforms);
    lock.setObject(2, tenants);
    lock.setObject(3, packs);
    lock.setObject(4, users);
    if (weekly) {
      lock.setObject(5, weeks);
    }
    try (ResultSet rows = lock.executeQuery()) {
      while (rows.next()) {
        EntryKey key =
            new EntryKey(
                new BoardRows(rows.getString(1), rows.getString(2), rows.getString(3),
                    weekly ? rows.getLong(9) : ALL_TIME_WEEK),
                rows.getString(4));
        entries.put(key, new Entry(rows.getString(5), rows.getInt(6), rows.getLong(7), rows.getLong(8)));
      }
    }
  }

  static final String LOCK_BEST =
      "SELECT b.platform, b.tenant, b.pack_id, b.user_id, b.run_id, b.score, b.total_nanos, b.finished_us"
          + " FROM best_run b JOIN unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS k(platform, tenant,"
          + " pack_id, user_id) ON b.platform = k.platform AND b.tenant = k.tenant AND b.pack_id = k.pack_id"
          + " AND b.user_id = k.user_id ORDER BY b.platform, b.tenant, b.pack_id, b.user_id FOR UPDATE OF b";

  static final String LOCK_WEEKLY =
      "SELECT b.platform, b.tenant, b.pack_id, b.user_id, b.run_id, b.score, b.total_nanos, b.finished_us,"
          + " b.week_start_us FROM weekly_best b JOIN unnest(?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::bigint[]) AS k(platform, tenant, pack_id, user_id, week_start_us) ON b.platform = k.platform"
          + " AND b.tenant = k.tenant AND b.pack_id = k.pack_id AND b.week_start_us = k.week_start_us"
          + " AND b.user_id = k.user_id"
          + " ORDER BY b.platform, b.tenant, b.pack_id, b.week_start_us, b.user_id FOR UPDATE OF b";

  private static String entryWhere(boolean weekly) {
    return "platform = ? AND tenant = ? AND pack_id = ? AND user_id = ?" + (weekly ? " AND week_start_us = ?" : "");
  }

  private EntryKey entryKey(FinishedRun run, boolean weekly) {
    Player player = run.player();
    return new EntryKey(
        new BoardRows(player.platform().name(), player.tenant(), run.packId(),
            weekly ? micros(weekStart(run.finishedAt())) : ALL_TIME_WEEK),
        player.userId());
  }

  /**
   * A board entry's key; ordered by the primary key's columns (in Java's string order, not the database's collation:
   * what matters is that every process takes the same order).
   */
  private record EntryKey(BoardRows board, String userId) implements Comparable<EntryKey> {
    @Override
    public int compareTo(EntryKey other) {
      int c = board.compareTo(other.board);
      return c != 0 ? c : userId.compareTo(other.userId);
    }
  }

  /** A run with its entry key on the board being kept. */
  private record KeyedRun(EntryKey key, FinishedRun run) {}

  /** A board entry's run and rank fields. */
  private record Entry(String runId, int score, long nanos, long finished) {
    /** Ranks strictly ahead on the board (user ids aside). */
    boolean betterThan(Entry other) {
      return RankIndex.compareEntries(score, nanos, finished, other.score, other.nanos, other.finished) < 0;
    }
  }

  /** Binds a board entry's key (platform, tenant, pack, user[, week]) from {@code first}. */
  private static void bindEntryKey(PreparedStatement statement, EntryKey key, boolean weekly, int first)
      throws SQLException {
    statement.setString(first, key.board().platform());
    statement.setString(first + 1, key.board().tenant());
    statement.setString(first + 2, key.board().packId());
    statement.setString(first + 3, key.userId());
    if (weekly) {
      statement.setLong(first + 4, key.board().week());
    }
  }

  private static final String BEST_INSERT =
      "INSERT INTO best_run (platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, tenant, pack_id, user_id) DO NOTHING";

  private static final String WEEKLY_INSERT =
      "INSERT INTO weekly_best (platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us,"
          + " week_start_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (platform, tenant, pack_id, week_start_us, user_id) DO NOTHING";

  /** The board order of {@link RankIndex#compareEntries} in SQL, for the week-zone rebuild's upserts. */
  private static final String BETTER_THAN_KEPT =
      " WHERE excluded.score > %1$s.score OR (excluded.score = %1$s.score AND (excluded.total_nanos <"
          + " %1$s.total_nanos OR (excluded.total_nanos = %1$s.total_nanos AND excluded.finished_us <"
          + " %1$s.finished_us)))";

  private static final String WEEKLY_UPSERT =
      "INSERT INTO weekly_best (platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us,"
          + " week_start_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (platform, tenant, pack_id, week_start_us, user_id) DO UPDATE SET run_id ="
          + " excluded.run_id, score = excluded.score, total_nanos = excluded.total_nanos, finished_us ="
          + " excluded.finished_us"
          + String.format(BETTER_THAN_KEPT, "weekly_best");

  private static void bindBoardEntry(PreparedStatement statement, FinishedRun run, @Nullable Long weekStartMicros)
      throws SQLException {
    statement.setString(1, run.player().platform().name());
    statement.setString(2, run.player().tenant());
    statement.setString(3, run.packId());
    statement.setString(4, run.player().userId());
    statement.setString(5, run.runId());
    statement.setInt(6, run.score());
    statement.setLong(7, nanos(run.totalTime()));
    statement.setLong(8, micros(run.finishedAt()));
    if (weekStartMicros != null) {
      statement.setLong(9, weekStartMicros);
    }
  }

  private static final String INSERT_RESULT =
      "INSERT INTO %s (run_id, ordinal, question_id, category, correct, attempts_used, hint_used, time_nanos,"
          + " points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_QUESTION_RESULT = INSERT_RESULT.formatted("question_result");

  private static void insertResults(
      Connection connection, String table, String runId, List<QuestionResult> results) throws SQLException {
    if (results.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT_RESULT.formatted(table))) {
      addResults(insert, runId, results);
      insert.executeBatch();
    }
  }

  /** Adds one run's question results to an {@link #INSERT_RESULT} batch. */
  private static void addResults(PreparedStatement insert, String runId, List<QuestionResult> results)
      throws SQLException {
    for (int i = 0; i < results.size(); i++) {
      QuestionResult result = results.get(i);
      insert.setString(1, runId);
      insert.setInt(2, i);
      insert.setString(3, result.questionId());
      insert.setString(4, result.category());
      insert.setBoolean(5, result.correct());
      insert.setInt(6, result.attemptsUsed());
      insert.setBoolean(7, result.hintUsed());
      insert.setLong(8, nanos(result.timeTaken()));
      insert.setInt(9, result.points());
      insert.addBatch();
    }
  }

  /** Question results of the given runs, by run id, in question order. */
  private static Map<String, List<QuestionResult>> readResults(PreparedStatement query) throws SQLException {
    Map<String, List<QuestionResult>> byRun = new HashMap<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        byRun
            .computeIfAbsent(rows.getString("run_id"), id -> new ArrayList<>())
            .add(
                new QuestionResult(
                    rows.getString("question_id"),
                    rows.getString("category"),
                    rows.getBoolean("correct"),
                    rows.getInt("attempts_used"),
                    rows.getBoolean("hint_used"),
                    Duration.ofNanos(rows.getLong("time_nanos")),
                    rows.getInt("points")));
      }
    }
    return byRun;
  }

  @Override
  public List<FinishedRun> runs(Player player) {
    return read(
        "read the runs of " + player.userId(),
        connection -> {
          Map<String, List<QuestionResult>> results;
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT q.run_id, q.question_id, q.category, q.correct, q.attempts_used, q.hint_used,"
                      + " q.time_nanos, q.points FROM question_result q JOIN run r ON r.run_id = q.run_id"
                      + " WHERE r.platform = ? AND r.tenant = ? AND r.user_id = ? ORDER BY q.run_id, q.ordinal")) {
            bindPlayer(query, player, 1);
            results = readResults(query);
          }
          List<FinishedRun> runs = new ArrayList<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT run_id, pack_id, pack_version, score, total_nanos, finished_us, badge_earned FROM run"
                      + " WHERE platform = ? AND tenant = ? AND user_id = ? ORDER BY finished_us, seq")) {
            bindPlayer(query, player, 1);
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                String runId = rows.getString("run_id");
                runs.add(
                    new FinishedRun(
                        runId,
                        player,
                        rows.getString("pack_id"),
                        rows.getString("pack_version"),
                        results.getOrDefault(runId, List.of()),
                        rows.getInt("score"),
                        Duration.ofNanos(rows.getLong("total_nanos")),
                        instant(rows.getLong("finished_us")),
                        rows.getBoolean("badge_earned")));
              }
            }
          }
          return List.copyOf(runs);
        });
  }

  // --- leaderboards ----------------------------------------------------------------------------------------

  /**
   * Where a board's entries come from: a table with one best entry per member ({@code best_run}, {@code
   * weekly_best}), or the runs themselves, several per member, when {@code since} is not a week start. It
   * writes the SQL of each board query; the statements bind the board's parameters first.
   */
  record Board(String table, String filter, boolean perRun, List<Object> parameters) {

    private static final String KEY = "platform = ? AND tenant = ? AND pack_id = ?";

    static Board allTime(Tenant tenant, String packId) {
      return new Board("best_run", KEY, false, List.of(tenant.platform().name(), tenant.id(), packId));
    }

    static Board week(Tenant tenant, String packId, long weekStartMicros) {
      return new Board(
          "weekly_best",
          KEY + " AND week_start_us = ?",
          false,
          List.of(tenant.platform().name(), tenant.id(), packId, weekStartMicros));
    }

    static Board since(Tenant tenant, String packId, long sinceMicros) {
      return new Board(
          "run", KEY + " AND finished_us >= ?", true, List.of(tenant.platform().name(), tenant.id(), packId, sinceMicros));
    }

    int bind(PreparedStatement statement, int first) throws SQLException {
      int index = first;
      for (Object parameter : parameters) {
        if (parameter instanceof Long value) {
          statement.setLong(index++, value);
        } else {
          statement.setString(index++, (String) parameter);
        }
      }
      return index;
    }

    /** One page, best first; then LIMIT and OFFSET. */
    String pageSql() {
      if (perRun) {
        return "SELECT user_id, score, total_nanos, finished_us FROM (SELECT user_id, score, total_nanos,"
            + " finished_us, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY "
            + ORDER_BEST
            + ") AS nth FROM run WHERE "
            + filter
            + ") best WHERE nth = 1 ORDER BY "
            + ORDER_BEST
            + ", user_id LIMIT ? OFFSET ?";
      }
      return "SELECT user_id, score, total_nanos, finished_us FROM "
          + table
          + " WHERE "
          + filter
          + " ORDER BY "
          + ORDER_BEST
          + ", user_id LIMIT ? OFFSET ?";
    }

    /** Every entry of a best table's board in board order, for an in-process board. */
    String scanSql() {
      return "SELECT user_id, score, total_nanos, finished_us FROM " + table + " WHERE " + filter + " ORDER BY "
          + ORDER_BEST + ", user_id";
    }

    /**
     * The board's members: on runs, the distinct members; on a best table, the sum of its score histogram
     * (bound with {@link #bindHistogram}).
     */
    String countSql() {
      if (perRun) {
        return "SELECT COUNT(DISTINCT user_id) FROM run WHERE " + filter;
      }
      return "SELECT COALESCE(SUM(members), 0) FROM board_score_count WHERE " + HISTOGRAM_KEY;
    }

    private static final String HISTOGRAM_KEY = KEY + " AND week_start_us = ?";

    /** Binds the board's {@code board_score_count} key: tenant, pack, then its week or {@link #ALL_TIME_WEEK}. */
    int bindHistogram(PreparedStatement statement, int first) throws SQLException {
      statement.setString(first, (String) parameters.get(0));
      statement.setString(first + 1, (String) parameters.get(1));
      statement.setString(first + 2, (String) parameters.get(2));
      statement.setLong(first + 3, table.equals("weekly_best") ? (Long) parameters.get(3) : ALL_TIME_WEEK);
      return first + 4;
    }

    /** A member's best entry; then the user id. */
    String entrySql() {
      return "SELECT score, total_nanos, finished_us FROM "
          + table
          + " WHERE "
          + filter
          + " AND user_id = ? ORDER BY "
          + ORDER_BEST
          + " LIMIT 1";
    }

    /**
     * Members strictly better than an entry. On a best table, the members of every higher score from the score
     * histogram (a few hundred rows at most, whatever the rank; bound with {@link #bindHistogram}, then score),
     * plus one index range of the best table (the same score and an earlier (time, finish); the board's
     * parameters, then score, time, finish). On runs, members with any better run: then score, score, time,
     * finish.
     */
    String betterSql() {
      String sameScoreFaster = "score = ? AND (total_nanos, finished_us) < (?, ?)";
      if (perRun) {
        return "SELECT COUNT(DISTINCT user_id) FROM run WHERE " + filter + " AND (score > ? OR (" + sameScoreFaster + "))";
      }
      String from = " FROM " + table + " WHERE " + filter;
      return "SELECT COALESCE((SELECT SUM(members) FROM board_score_count WHERE " + HISTOGRAM_KEY
          + " AND score > ?), 0) + (SELECT COUNT(*)" + from + " AND " + sameScoreFaster + ")";
    }
  }

  private Board board(Connection connection, Tenant tenant, String packId, @Nullable Instant since)
      throws SQLException {
    if (since == null) {
      return Board.allTime(tenant, packId);
    }
    Board week = Board.week(tenant, packId, micros(since));
    if (since.equals(weekStart(since)) && !hasLaterWeek(connection, week)) {
      return week;
    }
    return Board.since(tenant, packId, micros(since));
  }

  /** Whether the board has entries in a week after this one. */
  private static boolean hasLaterWeek(Connection connection, Board week) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT 1 FROM weekly_best WHERE platform = ? AND tenant = ? AND pack_id = ? AND week_start_us > ?"
                + " LIMIT 1")) {
      week.bind(query, 1);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  /**
   * The in-process board answering this query, or null when the query is SQL's: ranking is SQL, or {@code
   * since} is neither null nor the start of the pack's latest week (or a later one), which SQL reads from the runs.
   */
  private RankedBoards.@Nullable BoardKey rankedBoard(Tenant tenant, String packId, @Nullable Instant since) {
    if (ranked == null || !ranked.live()) {
      return null; // SQL, or the PostgreSQL listener is down: the boards may miss runs
    }
    String platform = tenant.platform().name();
    if (since == null) {
      return new RankedBoards.BoardKey(platform, tenant.id(), packId, RankedBoards.ALL_TIME);
    }
    if (!since.equals(weekStart(since))) {
      return null;
    }
    long week = micros(since);
    RankedBoards.PackKey pack = new RankedBoards.PackKey(platform, tenant.id(), packId);
    // The same rule as board(): a week start with no later week on the board reads the weekly table.
    return ranked.latestWeek(pack) <= week ? new RankedBoards.BoardKey(platform, tenant.id(), packId, week) : null;
  }

  /**
   * A board's entries in board order, in one indexed range read: the build of an in-process board. On
   * PostgreSQL the rows are fetched in slices (a cursor needs a transaction), not all held by the driver at once;
   * SQLite's driver streams, and a transaction there would take the write lock ({@code BEGIN IMMEDIATE}).
   */
  private RankIndex loadBoard(RankedBoards.BoardKey key) {
    Tenant tenant = new Tenant(Platform.valueOf(key.platform()), key.tenant());
    Board board =
        key.weekStartMicros() == RankedBoards.ALL_TIME
            ? Board.allTime(tenant, key.packId())
            : Board.week(tenant, key.packId(), key.weekStartMicros());
    return read(
        "rank the board " + key.packId() + " of " + key.tenant(),
        connection -> {
          boolean autoCommit = connection.getAutoCommit();
          if (postgres) {
            connection.setAutoCommit(false);
          }
          try (PreparedStatement query = connection.prepareStatement(board.scanSql())) {
            board.bind(query, 1);
            query.setFetchSize(10_000);
            RankIndex.Builder builder = new RankIndex.Builder();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                builder.add(rows.getString(1), rows.getInt(2), rows.getLong(3), rows.getLong(4));
              }
            }
            return builder.build();
          } finally {
            if (postgres) {
              connection.rollback(); // read only: nothing to keep
              connection.setAutoCommit(autoCommit);
            }
          }
        });
  }

  private long loadLatestWeek(RankedBoards.PackKey pack) {
    return read(
        "read the latest week of " + pack.packId() + " of " + pack.tenant(),
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT MAX(week_start_us) FROM weekly_best WHERE platform = ? AND tenant = ? AND pack_id = ?")) {
            query.setString(1, pack.platform());
            query.setString(2, pack.tenant());
            query.setString(3, pack.packId());
            try (ResultSet rows = query.executeQuery()) {
              rows.next();
              long latest = rows.getLong(1);
              return rows.wasNull() ? Long.MIN_VALUE : latest;
            }
          }
        });
  }

  @Override
  public List<Ranked> top(Tenant tenant, String packId, @Nullable Instant since, int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must be zero or more, not " + offset + ", " + limit);
    }
    RankedBoards.BoardKey inProcess = rankedBoard(tenant, packId, since);
    if (inProcess != null) {
      return List.copyOf(Objects.requireNonNull(ranked).read(inProcess, index -> index.page(offset, limit)));
    }
    return read(
        "read the board " + packId + " of " + tenant.id(),
        connection -> {
          Board board = board(connection, tenant, packId, since);
          List<Ranked> page = new ArrayList<>();
          try (PreparedStatement query = connection.prepareStatement(board.pageSql())) {
            int next = board.bind(query, 1);
            query.setInt(next, limit);
            query.setInt(next + 1, offset);
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                int score = rows.getInt("score");
                long totalNanos = rows.getLong("total_nanos");
                long finishedMicros = rows.getLong("finished_us");
                int rank;
                if (page.isEmpty()) {
                  rank = countBetter(connection, board, score, totalNanos, finishedMicros) + 1;
                } else {
                  Ranked previous = page.get(page.size() - 1);
                  boolean tie =
                      previous.score() == score
                          && nanos(previous.totalTime()) == totalNanos
                          && micros(previous.finishedAt()) == finishedMicros;
                  rank = tie ? previous.rank() : offset + page.size() + 1;
                }
                page.add(
                    new Ranked(
                        rank,
                        rows.getString("user_id"),
                        score,
                        Duration.ofNanos(totalNanos),
                        instant(finishedMicros)));
              }
            }
          }
          return List.copyOf(page);
        });
  }

  @Override
  public int rankedCount(Tenant tenant, String packId, @Nullable Instant since) {
    RankedBoards.BoardKey inProcess = rankedBoard(tenant, packId, since);
    if (inProcess != null) {
      return Objects.requireNonNull(ranked).read(inProcess, RankIndex::size);
    }
    return read(
        "count the board " + packId + " of " + tenant.id(),
        connection -> {
          Board board = board(connection, tenant, packId, since);
          try (PreparedStatement query = connection.prepareStatement(board.countSql())) {
            if (board.perRun()) {
              board.bind(query, 1);
            } else {
              board.bindHistogram(query, 1);
            }
            return single(query);
          }
        });
  }

  @Override
  public Optional<Ranked> standing(Player player, String packId, @Nullable Instant since) {
    RankedBoards.BoardKey inProcess = rankedBoard(player.tenantKey(), packId, since);
    if (inProcess != null) {
      return Objects.requireNonNull(ranked).read(inProcess, index -> index.standing(player.userId()));
    }
    return read(
        "read the standing of " + player.userId() + " on " + packId,
        connection -> {
          Board board = board(connection, player.tenantKey(), packId, since);
          try (PreparedStatement query = connection.prepareStatement(board.entrySql())) {
            int next = board.bind(query, 1);
            query.setString(next, player.userId());
            try (ResultSet rows = query.executeQuery()) {
              if (!rows.next()) {
                return Optional.<Ranked>empty();
              }
              int score = rows.getInt("score");
              long totalNanos = rows.getLong("total_nanos");
              long finishedMicros = rows.getLong("finished_us");
              int rank = countBetter(connection, board, score, totalNanos, finishedMicros) + 1;
              return Optional.of(
                  new Ranked(
                      rank, player.userId(), score, Duration.ofNanos(totalNanos), instant(finishedMicros)));
            }
          }
        });
  }

  /** Members whose best entry is strictly better than the given one. */
  private static int countBetter(
      Connection connection, Board board, int score, long totalNanos, long finishedMicros) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(board.betterSql())) {
      int next = board.perRun() ? board.bind(query, 1) : board.bindHistogram(query, 1);
      if (board.perRun()) {
        query.setInt(next++, score);
      } else {
        query.setInt(next, score);
        next = board.bind(query, next + 1);
      }
      query.setInt(next, score);
      query.setLong(next + 1, totalNanos);
      query.setLong(next + 2, finishedMicros);
      return single(query);
    }
  }

  private static int single(PreparedStatement query) throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** Monday 00:00 of the week {@code instant} falls in, in the week zone. */
  private Instant weekStart(Instant instant) {
    return instant
        .atZone(weekZone)
        .toLocalDate()
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
        .atStartOfDay(weekZone)
        .toInstant();
  }

  /**
   * Records the week zone on first open; when the store was opened with another zone before, buckets every run
   * again so the weekly table agrees with the zone in force, unless another bot process uses the database now: it
   * ranks the weekly boards in the recorded zone, and they would be emptied under it (a stop of every process is
   * the moment to change the zone).
   *
   * @throws WeekZoneConflictException when the zone differs and another process is connected
   */
  private Void settleWeekZone(Connection connection, boolean othersConnected) throws SQLException {
    String kept = null;
    try (PreparedStatement query = connection.prepareStatement("SELECT value FROM store_meta WHERE name = ?")) {
      query.setString(1, "week_zone");
      try (ResultSet rows = query.executeQuery()) {
        if (rows.next()) {
          kept = rows.getString(1);
        }
      }
    }
    if (weekZone.getId().equals(kept)) {
      return null;
    }
    if (kept != null && othersConnected) {
      throw new WeekZoneConflictException(where, kept, weekZone);
    }
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM weekly_best");
        PreparedStatement upsert = connection.prepareStatement(WEEKLY_UPSERT);
        PreparedStatement runs =
            connection.prepareStatement(
                "SELECT run_id, platform, tenant, user_id, pack_id, score, total_nanos, finished_us FROM run")) {
      delete.executeUpdate();
      try (ResultSet rows = runs.executeQuery()) {
        while (rows.next()) {
          Instant finished = instant(rows.getLong("finished_us"));
          upsert.setString(1, rows.getString("platform"));
          upsert.setString(2, rows.getString("tenant"));
          upsert.setString(3, rows.getString("pack_id"));
          upsert.setString(4, rows.getString("user_id"));
          upsert.setString(5, rows.getString("run_id"));
          upsert.setInt(6, rows.getInt("score"));
          upsert.setLong(7, rows.getLong("total_nanos"));
          upsert.setLong(8, rows.getLong("finished_us"));
          upsert.setLong(9, micros(weekStart(finished)));
          // One statement per run: a batch must not upsert the same key twice in PostgreSQL's eyes.
          upsert.executeUpdate();
        }
      }
    }
    // The weekly histograms follow the weekly table; the all-time ones do not depend on the zone.
    try (PreparedStatement delete =
            connection.prepareStatement("DELETE FROM board_score_count WHERE week_start_us <> " + ALL_TIME_WEEK);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO board_score_count (platform, tenant, pack_id, week_start_us, score, members)"
                    + " SELECT platform, tenant, pack_id, week_start_us, score, COUNT(*) FROM weekly_best"
                    + " GROUP BY platform, tenant, pack_id, week_start_us, score")) {
      delete.executeUpdate();
      insert.executeUpdate();
    }
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM store_meta WHERE name = ?");
        PreparedStatement insert = connection.prepareStatement("INSERT INTO store_meta (name, value) VALUES (?, ?)")) {
      delete.setString(1, "week_zone");
      delete.executeUpdate();
      insert.setString(1, "week_zone");
      insert.setString(2, weekZone.getId());
      insert.executeUpdate();
    }
    return null;
  }

  // --- badges ----------------------------------------------------------------------------------------------

  @Override
  public void saveBadge(BadgeAward award) {
    write(
        "save the badge of " + award.player().userId() + " for " + award.packId(),
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO badge (platform, tenant, user_id, pack_id, badge_name, earned_us, status, reason,"
                      + " fix) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, tenant, user_id, pack_id)"
                      + " DO UPDATE SET badge_name = excluded.badge_name, earned_us = CASE WHEN badge.earned_us"
                      + " < excluded.earned_us THEN badge.earned_us ELSE excluded.earned_us END,"
                      // Granted stays granted (every SET reads the row as it was before this update).
                      + " status = CASE WHEN badge.status = 'granted' THEN badge.status ELSE excluded.status END,"
                      + " reason = CASE WHEN badge.status = 'granted' THEN badge.reason ELSE excluded.reason END,"
                      + " fix = CASE WHEN badge.status = 'granted' THEN badge.fix ELSE excluded.fix END")) {
            int next = bindPlayer(upsert, award.player(), 1);
            upsert.setString(next, award.packId());
            upsert.setString(next + 1, award.badgeName());
            upsert.setLong(next + 2, micros(award.earnedAt()));
            GrantStatus status = award.status();
            String reason = null;
            String fix = null;
            String kind;
            if (status instanceof GrantStatus.Pending pending) {
              kind = "pending";
              reason = pending.reason();
              fix = pending.fix();
            } else if (status instanceof GrantStatus.Failed failed) {
              kind = "failed";
              reason = failed.reason();
            } else {
              kind = "granted";
            }
            upsert.setString(next + 3, kind);
            upsert.setString(next + 4, reason);
            upsert.setString(next + 5, fix);
            upsert.executeUpdate();
          }
          return null;
        });
  }

  private static final String BADGE_COLUMNS =
      "SELECT platform, tenant, user_id, pack_id, badge_name, earned_us, status, reason, fix FROM badge";

  @Override
  public List<BadgeAward> badges(Player player) {
    return read(
        "read the badges of " + player.userId(),
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  BADGE_COLUMNS
                      + " WHERE platform = ? AND tenant = ? AND user_id = ? ORDER BY earned_us, pack_id")) {
            bindPlayer(query, player, 1);
            return readBadges(query);
          }
        });
  }

  @Override
  public List<BadgeAward> holders(Tenant tenant, String packId) {
    return read(
        "read the holders of the " + packId + " badge in " + tenant.id(),
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  BADGE_COLUMNS
                      + " WHERE platform = ? AND tenant = ? AND status = 'granted' AND pack_id = ?"
                      + " ORDER BY earned_us, user_id")) {
            int next = bindTenant(query, tenant, 1);
            query.setString(next, packId);
            return readBadges(query);
          }
        });
  }

  @Override
  public List<BadgeAward> pendingBadges(Tenant tenant) {
    return read(
        "read the pending badges of " + tenant.id(),
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  BADGE_COLUMNS
                      + " WHERE platform = ? AND tenant = ? AND status = 'pending'"
                      + " ORDER BY earned_us, user_id, pack_id")) {
            bindTenant(query, tenant, 1);
            return readBadges(query);
          }
        });
  }

  @Override
  public List<BadgeAward> badgesBeingGranted(Platform platform) {
    return read(
        "read the " + platform + " badges being granted",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  BADGE_COLUMNS
                      + " WHERE platform = ? AND status = 'pending' AND reason = ?"
                      + " ORDER BY earned_us, tenant, user_id, pack_id")) {
            query.setString(1, platform.name());
            query.setString(2, GrantStatus.BEING_GRANTED.reason());
            return readBadges(query);
          }
        });
  }

  private static List<BadgeAward> readBadges(PreparedStatement query) throws SQLException {
    List<BadgeAward> awards = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        String kind = rows.getString("status");
        GrantStatus status;
        if (kind.equals("pending")) {
          status = new GrantStatus.Pending(rows.getString("reason"), rows.getString("fix"));
        } else if (kind.equals("failed")) {
          status = new GrantStatus.Failed(rows.getString("reason"));
        } else {
          status = new GrantStatus.Granted();
        }
        awards.add(
            new BadgeAward(
                new Player(
                    Platform.valueOf(rows.getString("platform")),
                    rows.getString("tenant"),
                    rows.getString("user_id")),
                rows.getString("pack_id"),
                rows.getString("badge_name"),
                instant(rows.getLong("earned_us")),
                status));
      }
    }
    return List.copyOf(awards);
  }

  // --- settings --------------------------------------------------------------------------------------------

  /**
   * {@inheritDoc}
   *
   * <p>Cached per tenant: the first call reads the database, later ones do not until {@link #saveSettings} of
   * that tenant in this store (seen at once) or, on PostgreSQL, until {@link #SHARED_SETTINGS_TTL} has passed
   * since the read: the first call after that answers from the cache and has the database read again in the
   * background (a change written by another process is seen once that read is in; a read that fails keeps the
   * settings read before). Thread-safe; concurrent first calls for one tenant read the database once.
   */
  @Override
  public TenantSettings settings(Tenant tenant) {
    // A load runs inside the cache's compute, so an invalidate by saveSettings waits for it: no stale value
    // read before a save can be put back after the save's invalidate.
    return settings.get(tenant);
  }

  private TenantSettings loadSettings(Tenant tenant) {
    return read(
        "read the settings of " + tenant.id(),
        connection -> {
          String announcement;
          double multiplier;
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT announcement_channel, time_multiplier FROM tenant_settings"
                      + " WHERE platform = ? AND tenant = ?")) {
            bindTenant(query, tenant, 1);
            try (ResultSet rows = query.executeQuery()) {
              if (!rows.next()) {
                return TenantSettings.DEFAULT;
              }
              announcement = rows.getString(1);
              multiplier = rows.getDouble(2);
            }
          }
          Map<String, String> groups = new LinkedHashMap<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT pack_id, group_id FROM tenant_badge_group WHERE platform = ? AND tenant = ?")) {
            bindTenant(query, tenant, 1);
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                groups.put(rows.getString(1), rows.getString(2));
              }
            }
          }
          Set<String> channels = new HashSet<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT channel_id FROM tenant_allowed_channel WHERE platform = ? AND tenant = ?")) {
            bindTenant(query, tenant, 1);
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                channels.add(rows.getString(1));
              }
            }
          }
          return new TenantSettings(groups, announcement, channels, multiplier);
        });
  }

  /** {@inheritDoc} Seen at once by {@link #settings} of this store; see there for other processes. */
  @Override
  public void saveSettings(Tenant tenant, TenantSettings settings) {
    try {
      writeSettings(tenant, settings);
    } finally {
      // Also after a failure: a failure after COMMIT cannot tell whether the new settings were kept.
      this.settings.invalidate(tenant);
    }
  }

  private void writeSettings(Tenant tenant, TenantSettings settings) {
    write(
        "save the settings of " + tenant.id(),
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO tenant_settings (platform, tenant, announcement_channel, time_multiplier)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (platform, tenant) DO UPDATE SET"
                      + " announcement_channel = excluded.announcement_channel,"
                      + " time_multiplier = excluded.time_multiplier")) {
            int next = bindTenant(upsert, tenant, 1);
            upsert.setString(next, settings.announcementChannel());
            upsert.setDouble(next + 1, settings.timeMultiplier());
            upsert.executeUpdate();
          }
          for (String table : List.of("tenant_badge_group", "tenant_allowed_channel")) {
            try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM " + table + " WHERE platform = ? AND tenant = ?")) {
              bindTenant(delete, tenant, 1);
              delete.executeUpdate();
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO tenant_badge_group (platform, tenant, pack_id, group_id) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, String> group : settings.badgeGroups().entrySet()) {
              int next = bindTenant(insert, tenant, 1);
              insert.setString(next, group.getKey());
              insert.setString(next + 1, group.getValue());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO tenant_allowed_channel (platform, tenant, channel_id) VALUES (?, ?, ?)")) {
            for (String channel : settings.allowedChannels()) {
              int next = bindTenant(insert, tenant, 1);
              insert.setString(next, channel);
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  // --- session snapshots -----------------------------------------------------------------------------------

  /**
   * Claims the sessions {@code claim} names for this process as long as this store is open, so that no other
   * bot process on the database writes down and resumes them too: a process claims before it resumes its sessions.
   * On PostgreSQL the claim is held by a connection of the store's own (a claim held by a process that lost that
   * connection is gone); on SQLite by locks on {@code <file>.lock}.
   *
   * @throws SessionsClaimedException when another process's open store claimed any of them (the message names
   *     them, the settings that decide them and what to do); then nothing is claimed
   * @throws StoreUnavailableException when the locks cannot be taken
   */
  public void claimSessions(SessionClaim claim) {
    others.claim(claim, where);
  }

  /**
   * Checks that this store's claims still hold, taking them again when their PostgreSQL lock connection ended
   * (a database restart, idle_session_timeout, a dropped connection, pg_terminate_backend). When another process
   * claimed them meanwhile, or the SQLite lock file was deleted or replaced, logs an ERROR and {@link #reachable}
   * turns false (health reports the store failing) until they can be taken again. Returns within about 10 seconds
   * on PostgreSQL: a check that cannot finish by then (a half-open connection, another process opening the store)
   * gives up for this round with a WARN and leaves {@link #reachable}'s view of the claims as it was. Never throws;
   * the launcher calls it every few seconds, on the thread that also writes the sessions down.
   */
  public void checkClaims() {
    others.check();
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction: a crash leaves the old snapshots or the new ones, never a mix. Two snapshots with the
   * same run id are refused with {@link StoreUnavailableException}. The scope's rows are found by their {@code
   * platform} and {@code tenant} and deleted by run id (their question results go with them, {@code ON DELETE
   * CASCADE}).
   */
  @Override
  public void replaceAll(SessionScope scope, Collection<SessionSnapshot> snapshots) {
    SessionStore.checkScope(scope, snapshots);
    List<SessionSnapshot> ordered = List.copyOf(snapshots);
    if (scope.platforms().isEmpty()) {
      return;
    }
    write(
        "replace the session snapshots of " + scope.platforms(),
        connection -> {
          List<String> covered = new ArrayList<>();
          try (PreparedStatement query =
                  connection.prepareStatement("SELECT run_id, platform, tenant, user_id FROM session_snapshot");
              ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              if (covers(scope, rows)) {
                covered.add(rows.getString("run_id"));
              }
            }
          }
          try (PreparedStatement delete = connection.prepareStatement("DELETE FROM session_snapshot WHERE run_id = ?")) {
            for (String runId : covered) {
              delete.setString(1, runId);
              delete.addBatch();
            }
            delete.executeBatch();
          }
          if (ordered.isEmpty()) {
            return null;
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO session_snapshot (run_id, ordinal, platform, tenant, user_id, pack_id, pack_version,"
                      + " seed, time_multiplier, started_us, question_index, answering, attempts_used, hint_used,"
                      + " question_started_us, deadline_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < ordered.size(); i++) {
              SessionSnapshot snapshot = ordered.get(i);
              insert.setString(1, snapshot.runId());
              insert.setInt(2, i);
              bindPlayer(insert, snapshot.player(), 3);
              insert.setString(6, snapshot.packId());
              insert.setString(7, snapshot.packVersion());
              insert.setLong(8, snapshot.seed());
              insert.setDouble(9, snapshot.timeMultiplier());
              insert.setLong(10, micros(snapshot.startedAt()));
              insert.setInt(11, snapshot.questionIndex());
              insert.setBoolean(12, snapshot.answering());
              insert.setInt(13, snapshot.attemptsUsed());
              insert.setBoolean(14, snapshot.hintUsed());
              insert.setLong(15, micros(snapshot.questionStartedAt()));
              insert.setLong(16, micros(snapshot.deadline()));
              insert.addBatch();
            }
            insert.executeBatch();
          }
          for (SessionSnapshot snapshot : ordered) {
            insertResults(connection, "session_result", snapshot.runId(), snapshot.done());
          }
          return null;
        });
  }

  @Override
  public List<SessionSnapshot> loadAll(SessionScope scope) {
    if (scope.platforms().isEmpty()) {
      return List.of();
    }
    return read(
        "load the session snapshots of " + scope.platforms(),
        connection -> {
          Map<String, List<QuestionResult>> results;
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT run_id, question_id, category, correct, attempts_used, hint_used, time_nanos, points"
                      + " FROM session_result ORDER BY run_id, ordinal")) {
            results = readResults(query);
          }
          List<SessionSnapshot> snapshots = new ArrayList<>();
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT run_id, platform, tenant, user_id, pack_id, pack_version, seed, time_multiplier,"
                      + " started_us, question_index, answering, attempts_used, hint_used, question_started_us,"
                      + " deadline_us FROM session_snapshot ORDER BY ordinal");
              ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              if (!covers(scope, rows)) {
                continue; // another process's: it writes them down and resumes them
              }
              String runId = rows.getString("run_id");
              snapshots.add(
                  new SessionSnapshot(
                      new Player(
                          Platform.valueOf(rows.getString("platform")),
                          rows.getString("tenant"),
                          rows.getString("user_id")),
                      runId,
                      rows.getString("pack_id"),
                      rows.getString("pack_version"),
                      rows.getLong("seed"),
                      rows.getDouble("time_multiplier"),
                      instant(rows.getLong("started_us")),
                      rows.getInt("question_index"),
                      rows.getBoolean("answering"),
                      rows.getInt("attempts_used"),
                      rows.getBoolean("hint_used"),
                      instant(rows.getLong("question_started_us")),
                      instant(rows.getLong("deadline_us")),
                      results.getOrDefault(runId, List.of())));
            }
          }
          return List.copyOf(snapshots);
        });
  }

  /** Whether the snapshot row under {@code rows}' cursor is {@code scope}'s (a platform gone from the code is not). */
  private static boolean covers(SessionScope scope, ResultSet rows) throws SQLException {
    Platform platform;
    try {
      platform = Platform.valueOf(rows.getString("platform"));
    } catch (IllegalArgumentException unknown) {
      return false;
    }
    return scope.covers(new Player(platform, rows.getString("tenant"), rows.getString("user_id")));
  }

  // --- plumbing --------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
  private <T> T write(String what, Work<T> work) {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw unavailable(what, e);
    }
  }

  private <T> T read(String what, Work<T> work) {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw unavailable(what, e);
    }
  }

  private StoreUnavailableException unavailable(String what, SQLException e) {
    return new StoreUnavailableException(
        "store " + where + ": could not " + what + ": " + JdbcStores.mask(String.valueOf(e.getMessage()), null), e);
  }

  private static int bindTenant(PreparedStatement statement, Tenant tenant, int first) throws SQLException {
    statement.setString(first, tenant.platform().name());
    statement.setString(first + 1, tenant.id());
    return first + 2;
  }

  private static int bindPlayer(PreparedStatement statement, Player player, int first) throws SQLException {
    statement.setString(first, player.platform().name());
    statement.setString(first + 1, player.tenant());
    statement.setString(first + 2, player.userId());
    return first + 3;
  }

  static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  static long nanos(Duration duration) {
    return duration.toNanos();
  }

  /**
   * Whether a connection can be had and answers within two seconds, and this process's claims were not found lost
   * ({@link #checkClaims}); for health checks. Never throws.
   */
  public boolean reachable() {
    if (!others.intact()) {
      return false;
    }
    try (java.sql.Connection connection = pool.getConnection()) {
      return connection.isValid(2);
    } catch (java.sql.SQLException | RuntimeException e) {
      return false;
    }
  }
}
