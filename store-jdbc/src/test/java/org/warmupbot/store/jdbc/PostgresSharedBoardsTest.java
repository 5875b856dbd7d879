package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.github.benmanes.caffeine.cache.Ticker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.testing.CapturedLogs;

/**
 * Several bot processes on one PostgreSQL database, each a {@link JdbcStore} opened with the default ranking (in
 * process, fed by {@code LISTEN}/{@code NOTIFY}): their boards agree with a store ranked in SQL on the same
 * database, after saves by the others, concurrent saves, and a lost listener connection.
 */
final class PostgresSharedBoardsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension
  static final PostgresDatabase database = new PostgresDatabase();

  @BeforeEach
  void emptyDatabase() throws Exception {
    database.empty();
  }

  private static JdbcStore process() {
    JdbcStore store = JdbcStores.open(database.url(), "postgres", null, ZoneOffset.UTC);
    assertThat(store.ranking()).isEqualTo(JdbcStores.Ranking.IN_PROCESS);
    return store;
  }

  private static JdbcStore sqlRanked() {
    return JdbcStores.open(database.url(), "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.SQL);
  }

  private static BoardNotifications listener(JdbcStore store) {
    return Objects.requireNonNull(store.boardNotifications());
  }

  private static RankedBoards boards(JdbcStore store) {
    return Objects.requireNonNull(store.rankedBoards());
  }

  /** Every run committed so far has reached the store's boards through its listener. */
  private static void caughtUp(JdbcStore store) throws Exception {
    listener(store).awaitCaughtUp(WAIT);
  }

  @Test
  void runSavedByOneProcess_reachesTheOtherProcessesBuiltBoards_andRanksAgreeWithSql() throws Exception {
    List<String> users = BoardAgreement.members("user", 20);
    users.add("newcomer");
    Random random = new Random(5);
    try (JdbcStore a = process();
        JdbcStore b = process();
        JdbcStore sql = sqlRanked()) {
      for (int i = 0; i < 40; i++) {
        a.save(BoardAgreement.randomRun(random, "seed" + i, users.subList(0, 20)));
      }
      // B builds its boards now; from here on only notifications can tell it of A's runs.
      BoardAgreement.assertAgree(b, sql, users, null);
      BoardAgreement.assertAgree(b, sql, users, BoardAgreement.WEEK);
      assertThat(boards(b).boardCount()).isEqualTo(2);
      long builds = boards(b).builds();
      assertThat(builds).isEqualTo(2);

      Instant finished = BoardAgreement.WEEK.plusSeconds(3_600);
      a.save(BoardAgreement.run("new", "newcomer", 900, 10, finished));
      a.save(BoardAgreement.run("better", "user3", 800, 10, finished));
      caughtUp(b);

      assertThat(b.standing(Player.of(BoardAgreement.GUILD, "newcomer"), BoardAgreement.PACK, null))
          .map(Ranked::rank)
          .hasValue(1);
      assertThat(b.top(BoardAgreement.GUILD, BoardAgreement.PACK, BoardAgreement.WEEK, 0, 2))
          .extracting(Ranked::userId)
          .containsExactly("newcomer", "user3");
      BoardAgreement.assertAgree(b, sql, users, null);
      BoardAgreement.assertAgree(b, sql, users, BoardAgreement.WEEK);
      BoardAgreement.assertAgree(a, sql, users, null);
      assertThat(boards(b).builds()).as("updated in place, not built again").isEqualTo(builds);
      assertThat(boards(b).boardCount()).isEqualTo(2);
      assertThat(boards(b).live()).isTrue();
    }
  }

  @Test
  void twoProcessesSavingTheSameMembersAtOnce_endWithBoardsEqualToSql() throws Exception {
    List<String> users = BoardAgreement.members("user", 15);
    try (JdbcStore a = process();
        JdbcStore b = process();
        JdbcStore sql = sqlRanked()) {
      Random seed = new Random(1);
      for (int i = 0; i < 20; i++) {
        a.save(BoardAgreement.randomRun(seed, "seed" + i, users));
      }
      for (JdbcStore store : List.of(a, b)) { // built before the burst, so the burst reaches them as offers
        store.rankedCount(BoardAgreement.GUILD, BoardAgreement.PACK, null);
        store.rankedCount(BoardAgreement.GUILD, BoardAgreement.PACK, BoardAgreement.WEEK);
        assertThat(boards(store).boardCount()).isEqualTo(2);
      }
      ExecutorService threads = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          JdbcStore store = t % 2 == 0 ? a : b;
          Random random = new Random(100 + t);
          String prefix = "t" + t + "-";
          done.add(
              threads.submit(
                  () -> {
                    for (int i = 0; i < 60; i++) {
                      store.save(BoardAgreement.randomRun(random, prefix + i, users));
                    }
                    return null;
                  }));
        }
        for (Future<?> future : done) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
      for (JdbcStore store : List.of(a, b)) {
        caughtUp(store);
        assertThat(boards(store).boardCount()).isEqualTo(2);
        BoardAgreement.assertAgree(store, sql, users, null);
        BoardAgreement.assertAgree(store, sql, users, BoardAgreement.WEEK);
      }
    }
  }

  @Test
  void listenerConnectionKilled_runSavedInTheGapIsNotLost_readsUseSqlMeanwhile_andBoardsAreRebuilt() throws Exception {
    List<String> users = BoardAgreement.members("user", 20);
    users.add("newcomer");
    Random random = new Random(9);
    try (JdbcStore a = process();
        JdbcStore b = process();
        JdbcStore sql = sqlRanked();
        Connection admin = DriverManager.getConnection(database.url())) {
      for (int i = 0; i < 40; i++) {
        a.save(BoardAgreement.randomRun(random, "seed" + i, users.subList(0, 20)));
      }
      BoardAgreement.assertAgree(b, sql, users, null);
      BoardAgreement.assertAgree(b, sql, users, BoardAgreement.WEEK);
      assertThat(boards(b).boardCount()).isEqualTo(2);

      BoardNotifications listener = listener(b);
      listener.holdReconnects(true); // keep the gap open until the runs below are saved
      int pid = listener.backendPid();
      try (PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
        kill.setInt(1, pid);
        try (ResultSet rows = kill.executeQuery()) {
          assertThat(rows.next() && rows.getBoolean(1)).isTrue();
        }
      }
      // suspend() turns live false before it drops the boards: wait for both, or a loaded machine sees the gap.
      Poll.until("B finds its listener gone and drops its boards",
          () -> !boards(b).live() && boards(b).boardCount() == 0);

      Instant finished = BoardAgreement.WEEK.plusSeconds(3_600);
      a.save(BoardAgreement.run("gap1", "newcomer", 900, 10, finished));
      a.save(BoardAgreement.run("gap2", "user4", 800, 10, finished));

      // Disconnected: answered with SQL, right, and no board is built from a feed that has a hole.
      assertThat(b.standing(Player.of(BoardAgreement.GUILD, "newcomer"), BoardAgreement.PACK, null))
          .map(Ranked::rank)
          .hasValue(1);
      BoardAgreement.assertAgree(b, sql, users, null);
      assertThat(boards(b).boardCount()).isZero();

      listener.holdReconnects(false);
      Poll.until("B's listener is back", () -> boards(b).live());
      assertThat(listener.connects()).isEqualTo(2);
      assertThat(listener.backendPid()).isNotEqualTo(pid);

      BoardAgreement.assertAgree(b, sql, users, null); // rebuilt from the tables: the gap's runs are in
      BoardAgreement.assertAgree(b, sql, users, BoardAgreement.WEEK);
      assertThat(boards(b).boardCount()).isEqualTo(2);

      a.save(BoardAgreement.run("after", "user5", 850, 10, finished)); // the new listener feeds the new boards
      caughtUp(b);
      BoardAgreement.assertAgree(b, sql, users, null);
      BoardAgreement.assertAgree(b, sql, users, BoardAgreement.WEEK);
      assertThat(boards(b).boardCount()).isEqualTo(2);
    }
  }

  @Test
  void notificationsThatNeverArrive_areFoundOutAtOpen_boardsAreReadWithSql_andInProcessAgainOnceTheyArrive()
      throws Exception {
    List<String> users = BoardAgreement.members("user", 20);
    users.add("newcomer");
    Random random = new Random(13);
    AtomicBoolean delivered = new AtomicBoolean();
    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.store");
        JdbcStore a = process();
        // B's listener LISTENs on another database: LISTEN succeeds, nothing ever arrives (a pooler in
        // transaction mode behaves so), until `delivered` routes its next connection to the right database.
        JdbcStore b =
            JdbcStores.open(
                database.url(), "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.IN_PROCESS,
                Ticker.systemTicker(),
                Runnable::run,
                direct -> () -> delivered.get()
                    ? direct.connect()
                    : DriverManager.getConnection(database.elsewhereUrl(), "postgres", null),
                JdbcStores.LockConnection.to(database.url()));
        JdbcStore sql = sqlRanked()) {
      assertThat(boards(b).live()).as("found out before the store served a read").isFalse();
      assertThat(logs.moduleWarnings())
          .anySatisfy(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage())
                    .contains(
                        "notifications from PostgreSQL are not reaching this process",
                        "connection pooler in transaction mode",
                        "point store.url at PostgreSQL directly or use session pooling",
                        "leaderboards are read with SQL meanwhile");
              });

      for (int i = 0; i < 40; i++) {
        a.save(BoardAgreement.randomRun(random, "seed" + i, users.subList(0, 20)));
      }
      BoardAgreement.assertAgree(b, sql, users, null);
      Instant finished = BoardAgreement.WEEK.plusSeconds(3_600);
      a.save(BoardAgreement.run("other", "newcomer", 900, 10, finished)); // another process's run: B sees it
      assertThat(b.standing(Player.of(BoardAgreement.GUILD, "newcomer"), BoardAgreement.PACK, null))
          .map(Ranked::rank)
          .hasValue(1);
      BoardAgreement.assertAgree(b, sql, users, null);
      BoardAgreement.assertAgree(b, sql, users, BoardAgreement.WEEK);
      assertThat(boards(b).builds()).as("read with SQL, no board built").isZero();
      assertThat(boards(b).live()).as("still checking, still not delivered").isFalse();

      delivered.set(true);
      Poll.until("B's notifications arrive again", () -> boards(b).live());
      assertThat(logs.events())
          .anySatisfy(
              event -> assertThat(event.getFormattedMessage())
                  .contains("notifications from PostgreSQL reach this process again"));
      BoardAgreement.assertAgree(b, sql, users, null); // in process now, built from the tables
      BoardAgreement.assertAgree(b, sql, users, BoardAgreement.WEEK);
      assertThat(boards(b).boardCount()).isEqualTo(2);
      a.save(BoardAgreement.run("after", "user5", 950, 10, finished));
      caughtUp(b);
      BoardAgreement.assertAgree(b, sql, users, null);
      BoardAgreement.assertAgree(b, sql, users, BoardAgreement.WEEK);
    }
  }

  /** A connection to the test database, as a listener connector opens one. */
  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(database.url(), "postgres", null);
  }

  @Test
  void anErrorOnTheListenerThread_suspendsTheBoards_endsTheThread_andClosesItsConnection() throws Exception {
    RankedBoards boards = new RankedBoards(key -> new RankIndex.Builder().build(), pack -> Long.MIN_VALUE);
    List<Connection> opened = new CopyOnWriteArrayList<>();
    AtomicInteger sends = new AtomicInteger();
    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.store");
        BoardNotifications listener =
            BoardNotifications.start(
                () -> {
                  Connection connection = connect();
                  opened.add(connection);
                  return connection;
                },
                () -> {
                  if (sends.incrementAndGet() > 1) { // the first check passes; the next (periodic) one meets this
                    throw new AssertionError("an Error from a library");
                  }
                  return connect();
                },
                boards,
                "test")) {
      assertThat(boards.live()).isTrue();
      Poll.until("the thread ends", () -> !listener.running());
      assertThat(boards.live()).as("suspended: reads use SQL").isFalse();
      assertThat(opened).singleElement().satisfies(connection -> assertThat(connection.isClosed()).isTrue());
      assertThat(logs.moduleWarnings())
          .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("the board listener stopped"));
    }
  }

  @Test
  void closeWhileTheListenerReconnects_theConnectionItGetsAfterwards_isClosedByTheThread() throws Exception {
    RankedBoards boards = new RankedBoards(key -> new RankIndex.Builder().build(), pack -> Long.MIN_VALUE);
    List<Connection> opened = new CopyOnWriteArrayList<>();
    CountDownLatch connecting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BoardNotifications listener =
        BoardNotifications.start(
            () -> {
              if (!opened.isEmpty()) { // a reconnect: hangs like a connect to an unreachable server
                connecting.countDown();
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  throw new SQLException(e);
                }
              }
              Connection connection = connect();
              opened.add(connection);
              return connection;
            },
            PostgresSharedBoardsTest::connect,
            boards,
            "test");
    try (Connection admin = connect();
        PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
      kill.setInt(1, listener.backendPid());
      kill.executeQuery().close();
    }
    assertThat(connecting.await(30, TimeUnit.SECONDS)).isTrue();
    listener.close(); // gives up waiting after CLOSE_WAIT, the thread still in connect()
    assertThat(listener.running()).isTrue();
    release.countDown();
    Poll.until("the thread ends", () -> !listener.running());
    assertThat(opened).hasSize(2);
    for (Connection connection : opened) {
      assertThat(connection.isClosed()).isTrue();
    }
  }

  /**
   * Regression: a second process opened with another leaderboard.weekZone moved the shared weekly table to its zone
   * under the first, whose weekly boards then lost this week's runs. Refused while the first is connected; once
   * every process stopped, the zone changes on purpose.
   */
  @Test
  void secondProcessWithAnotherWeekZone_isRefusedWhileTheFirstIsConnected_andChangesTheZoneOnceItStopped()
      throws Exception {
    String url = database.newDatabase("zones");
    ZoneId auckland = ZoneId.of("Pacific/Auckland");
    Instant mondayUtc = Instant.parse("2025-03-03T00:00:00Z");
    FinishedRun wednesday = new FinishedRun("r1", Player.of(BoardAgreement.GUILD, "ada"), BoardAgreement.PACK, "v1",
        List.of(), 300, Duration.ofSeconds(60), Instant.parse("2025-03-05T12:00:00Z"), false);
    try (JdbcStore utc = JdbcStores.open(url, "postgres", null, ZoneOffset.UTC)) {
      utc.save(wednesday);

      assertThatThrownBy(() -> JdbcStores.open(url, "postgres", null, auckland))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("kept in the week zone Z")
          .hasMessageContaining("started with the week zone Pacific/Auckland")
          .hasMessageContaining("leaderboard.weekZone (WARMUP_LEADERBOARD_WEEK_ZONE) set to Z")
          .hasMessageContaining("stop every bot process that uses this store");
      assertThat(utc.top(BoardAgreement.GUILD, BoardAgreement.PACK, mondayUtc, 0, 10))
          .extracting(Ranked::userId)
          .containsExactly("ada");
    }
    // A closed session leaves pg_stat_activity a moment after the client let go of it.
    Poll.until("the first process's sessions ended", () -> botSessions("zones") == 0);
    try (JdbcStore nz = JdbcStores.open(url, "postgres", null, auckland)) {
      assertThat(nz.weekZone()).isEqualTo(auckland);
      assertThat(nz.top(BoardAgreement.GUILD, BoardAgreement.PACK, Instant.parse("2025-03-02T11:00:00Z"), 0, 10))
          .extracting(Ranked::userId)
          .containsExactly("ada");
    }
  }

  /** Sessions of bot stores (pooled, writer or listener) on database {@code name}, as other stores see them. */
  private static long botSessions(String name) {
    try (Connection connection = DriverManager.getConnection(database.url(), "postgres", null);
        PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ?"
            + " AND (application_name LIKE 'warmup-bot %' OR application_name = 'warmup-board-listener')")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
