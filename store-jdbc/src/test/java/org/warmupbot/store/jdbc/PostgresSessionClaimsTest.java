package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.warmupbot.core.testing.CapturedLogs;

/** {@link SessionClaimsContract} on PostgreSQL: advisory locks. */
final class PostgresSessionClaimsTest extends SessionClaimsContract {
  @RegisterExtension
  static final PostgresDatabase database = new PostgresDatabase();

  private final Supplier<String> url = new Supplier<>() {
    private String created;

    @Override
    public String get() {
      if (created == null) {
        try {
          created = database.newDatabase("claims" + System.nanoTime());
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
      return created;
    }
  };

  @Override
  JdbcStore openStore(ZoneId zone) {
    return JdbcStores.open(url.get(), "postgres", null, zone);
  }

  /**
   * Regression (review 6): with ApplicationName in store.url (pgjdbc lets URL parameters win) no connection was
   * named "warmup-bot <id>", and a second process with another week zone moved the weekly table under the first.
   */
  @Test
  void applicationNameInTheStoreUrl_stillRefusesASecondProcessWithAnotherZone() {
    String named = url.get() + "&ApplicationName=warmup";
    try (JdbcStore utc = JdbcStores.open(named, "postgres", null, ZoneOffset.UTC)) {
      assertThatThrownBy(() -> JdbcStores.open(named, "postgres", null, ZoneId.of("Pacific/Auckland")).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is using this store now");
    }
  }

  /**
   * Regression (review 6): the week zone check and the re-bucketing of two processes starting at once could
   * interleave (one read the old zone while the other moved the boards). A store now opens while no other store of
   * the database does: here "another" holds the opening lock, and the store waits for it.
   */
  @Test
  void storeOpening_waitsWhileAnotherStoreOfTheDatabaseOpens_sayingSo_thenMovesTheZone() throws Exception {
    String db = url.get();
    JdbcStores.open(db, "postgres", null, ZoneOffset.UTC).close(); // migrated, its zone recorded
    ZoneId auckland = ZoneId.of("Pacific/Auckland");
    try (Connection other = DriverManager.getConnection(db, "postgres", null);
        OpeningNotices notices = new OpeningNotices()) {
      advisory(other, "pg_advisory_lock");
      CompletableFuture<JdbcStore> opening =
          CompletableFuture.supplyAsync(() -> JdbcStores.open(db, "postgres", null, auckland));

      Poll.until("the store waits for the opening lock", () -> waitingForTheOpeningLock(other));
      assertThat(opening).isNotDone();
      notices.fiveSecondsLater();
      assertThat(notices.logged()).singleElement().asString()
          .contains("Waiting for another process that is opening the store");

      advisory(other, "pg_advisory_unlock");
      try (JdbcStore store = opening.get(30, TimeUnit.SECONDS)) {
        assertThat(store.weekZone()).isEqualTo(auckland);
      }
    }
  }

  /**
   * Regression (review 6): the Slack claim lives in the lock connection's database session; when that ended (a
   * server restart, idle_session_timeout, a dropped connection, pg_terminate_backend) the claim was gone and a
   * second process could serve Slack beside the first. The store's check takes it again on a new connection.
   */
  @Test
  void lockConnectionEnded_theCheckTakesTheClaimAgain_andASecondProcessIsStillRefusedSlack() throws Exception {
    JdbcStore running = opened();
    running.claimSessions(SLACK);
    terminateHolderOfSlack();

    running.checkClaims();

    assertThatThrownBy(() -> opened().claimSessions(SLACK))
        .as("the running store serves Slack still")
        .isInstanceOf(SessionsClaimedException.class);
    assertThat(running.reachable()).isTrue();
  }

  /**
   * Regression: the check's reconnect waited for the opening lock while another process opened the store (which
   * may take minutes, or for good if that process hangs), holding the launcher's one chores thread and with it the
   * sessions' write-down. It tries the lock instead, gives up for this round, and takes the claims at the next.
   */
  @Test
  void lockConnectionEnded_whileAnotherProcessOpens_theCheckDoesNotWait_thenTakesTheClaimAgain() throws Exception {
    JdbcStore running = opened();
    running.claimSessions(SLACK);
    terminateHolderOfSlack();
    try (Connection other = DriverManager.getConnection(url.get(), "postgres", null);
        CapturedLogs logs = new CapturedLogs("org.warmupbot.store")) {
      advisory(other, "pg_advisory_lock");

      assertTimeoutPreemptively(Duration.ofSeconds(60), running::checkClaims,
          "the check waits for another process's opening"); // a hang guard, not a timing

      assertThat(logs.moduleWarnings()).singleElement()
          .extracting(event -> event.getFormattedMessage()).asString()
          .contains("gave up for now: another process is opening the store or claiming its sessions")
          .contains("the check does not wait for it")
          .contains("It tries again every few seconds")
          .contains("not known to be lost");
      assertThat(running.reachable()).as("a check that could not run is no lost claim").isTrue();
      advisory(other, "pg_advisory_unlock");
    }

    running.checkClaims();

    assertThatThrownBy(() -> opened().claimSessions(SLACK))
        .as("the running store serves Slack again")
        .isInstanceOf(SessionsClaimedException.class);
    assertThat(running.reachable()).isTrue();
  }

  /** The claim lost meanwhile to another process: the check logs it and health reports the store failing. */
  @Test
  void lockConnectionEnded_andAnotherProcessClaimedSlackMeanwhile_theStoreReportsItselfFailing() throws Exception {
    JdbcStore running = opened();
    running.claimSessions(SLACK);
    terminateHolderOfSlack();
    opened().claimSessions(SLACK); // another process, in the gap

    running.checkClaims();

    assertThat(running.reachable()).as("health: the claims are lost").isFalse();
  }

  /**
   * Regression (review 6): after a crash of the bot's host its backend keeps the Slack claim for up to about two
   * hours (TCP keepalive); the refusal said "stop that process first" with no process to stop.
   */
  @Test
  void claimHeldByAnOrphanedSession_theRefusalNamesItsPidAndHowToEndIt() throws Exception {
    JdbcStore restarted = opened();
    try (Connection orphan = DriverManager.getConnection(url.get(), "postgres", null);
        PreparedStatement lock = orphan.prepareStatement("SELECT pg_advisory_lock(?, ?), pg_backend_pid()")) {
      lock.setInt(1, OtherProcesses.NAMESPACE);
      lock.setInt(2, OtherProcesses.SLACK);
      int pid;
      try (ResultSet rows = lock.executeQuery()) {
        rows.next();
        pid = rows.getInt(2);
      }
      assertThatThrownBy(() -> restarted.claimSessions(SLACK))
          .isInstanceOf(SessionsClaimedException.class)
          .hasMessageContaining("held by the database session with pid " + pid)
          .hasMessageContaining("If no bot process runs there")
          .hasMessageContaining("SELECT pg_terminate_backend(" + pid + ")");
    }
  }

  private void terminateHolderOfSlack() throws SQLException {
    try (Connection admin = DriverManager.getConnection(url.get(), "postgres", null);
        PreparedStatement kill = admin.prepareStatement("SELECT pid, pg_terminate_backend(pid) FROM pg_locks"
            + " WHERE locktype = 'advisory' AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2")) {
      kill.setLong(1, OtherProcesses.NAMESPACE);
      kill.setLong(2, OtherProcesses.SLACK);
      int pid;
      try (ResultSet rows = kill.executeQuery()) {
        assertThat(rows.next()).isTrue();
        pid = rows.getInt(1);
      }
      Poll.until("the terminated session is gone", () -> {
        try (PreparedStatement gone = admin.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?")) {
          gone.setInt(1, pid);
          try (ResultSet rows = gone.executeQuery()) {
            rows.next();
            return rows.getLong(1) == 0;
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
    }
  }

  private static void advisory(Connection connection, String function) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
      statement.setInt(1, OtherProcesses.NAMESPACE);
      statement.setInt(2, OtherProcesses.OPENING);
      statement.execute();
    }
  }

  private static boolean waitingForTheOpeningLock(Connection connection) {
    try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM pg_locks WHERE locktype ="
        + " 'advisory' AND NOT granted AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2")) {
      query.setLong(1, OtherProcesses.NAMESPACE);
      query.setLong(2, OtherProcesses.OPENING);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
