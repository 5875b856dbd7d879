package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.StoreUnavailableException;

/**
 * Two processes saving the same new members at once, in opposite group orders, take the members' board rows in
 * one order (the primary key's), so neither waits for the other while holding a row the other waits for.
 */
final class PostgresLockOrderTest {

  private static final int MEMBERS = 40;

  @RegisterExtension
  static final PostgresDatabase database = new PostgresDatabase();

  @Test
  void twoProcesses_savingTheSameNewMembersInOppositeGroupOrders_atOnce_doNotDeadlock() throws Exception {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      users.add(String.format("m%02d", i));
    }
    List<String> reversed = new ArrayList<>(users);
    Collections.reverse(reversed);
    List<FinishedRun> saved = Collections.synchronizedList(new ArrayList<>());
    ExecutorService callers = Executors.newFixedThreadPool(2 * MEMBERS + 2);
    try (JdbcStore first = open();
        JdbcStore second = open();
        Connection runLock = DriverManager.getConnection(database.url());
        Connection rowLock = DriverManager.getConnection(database.url());
        Connection observer = DriverManager.getConnection(database.url())) {
      List<Future<?>> saves = new ArrayList<>();
      // Each writer's first group waits for the run table, so the members' runs queue behind it as one group, in
      // the order given: ascending for the first process, descending for the second.
      runLock.setAutoCommit(false);
      try (Statement statement = runLock.createStatement()) {
        statement.execute("LOCK TABLE run IN EXCLUSIVE MODE");
      }
      queueGroup(first, "a", users, 100, saves, saved, callers);
      queueGroup(second, "b", reversed, 200, saves, saved, callers);
      // A member in the middle is being inserted by a third session. In group order, each writer would insert
      // its half of the members and wait there; when the third session rolls back, one writer inserts that member
      // and goes on into the other's half while the other waits for it: a deadlock. In key order, the second
      // writer waits behind the first at the first member.
      rowLock.setAutoCommit(false);
      try (PreparedStatement insert =
          rowLock.prepareStatement(
              "INSERT INTO best_run (platform, tenant, pack_id, user_id, run_id, score, total_nanos, finished_us)"
                  + " VALUES ('DISCORD', 'guild', 'pack', ?, 'blocker', 0, 0, 0)")) {
        insert.setString(1, users.get(MEMBERS / 2));
        insert.executeUpdate();
      }
      runLock.rollback();
      Poll.until("both writers wait in their entry insert", () -> waitingEntryInserts(observer) == 2);
      rowLock.rollback();
      for (Future<?> save : saves) {
        try {
          save.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          // On a slow machine the set-up can outlast a caller's wait for its commit (JdbcStore.SAVE_WAIT): the
          // run stays queued and is written all the same, which the boards below check.
          assertThat(e.getCause()).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("stays queued");
        }
      }
      Poll.until("both writers idle", () -> idle(first) && idle(second));
      assertThat(first.groupCommit().retriedGroups() + second.groupCommit().retriedGroups())
          .as("groups that failed (PostgreSQL aborts one of two deadlocked transactions), written again run by run")
          .isZero();
      List<String> everyone = new ArrayList<>(users);
      everyone.add("first-a");
      everyone.add("first-b");
      BoardAgreement.assertMatchesBruteForce(first, List.copyOf(saved), everyone, null);
      BoardAgreement.assertMatchesBruteForce(second, List.copyOf(saved), everyone, BoardAgreement.WEEK);
    } finally {
      callers.shutdownNow();
    }
  }

  private static boolean idle(JdbcStore store) {
    return store.groupCommit().writing() == 0 && store.groupCommit().queued() == 0;
  }

  private static JdbcStore open() {
    return JdbcStores.open(database.url(), "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.SQL);
  }

  /**
   * Saves a run that blocks the writer at the run table (held by the test), then queues one run of each of
   * {@code users} in that order behind it.
   */
  private static void queueGroup(
      JdbcStore store, String process, List<String> users, int score, List<Future<?>> saves, List<FinishedRun> saved,
      ExecutorService callers) {
    FinishedRun blocked = BoardAgreement.run(process + "-first", "first-" + process, 1, 60, BoardAgreement.WEEK);
    saves.add(callers.submit(() -> store.save(blocked)));
    saved.add(blocked);
    Poll.until("the first group is being written",
        () -> store.groupCommit().writing() == 1 && store.groupCommit().queued() == 0);
    for (int i = 0; i < users.size(); i++) {
      FinishedRun run =
          BoardAgreement.run(process + i, users.get(i), score + i, 60, BoardAgreement.WEEK.plusSeconds(60 + i));
      saves.add(callers.submit(() -> store.save(run)));
      saved.add(run);
      int queued = i + 1;
      Poll.until("queued in order", () -> store.groupCommit().queued() == queued);
    }
  }

  /** Sessions waiting for a lock in the writer's entry insert. */
  private static int waitingEntryInserts(Connection observer) {
    try (Statement statement = observer.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'INSERT INTO best_run%'")) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
