package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
  void storeOpening_waitsWhileAnotherStoreOfTheDatabaseOpens_thenMovesTheZone() throws Exception {
    String db = url.get();
    JdbcStores.open(db, "postgres", null, ZoneOffset.UTC).close(); // migrated, its zone recorded
    ZoneId auckland = ZoneId.of("Pacific/Auckland");
    try (Connection other = DriverManager.getConnection(db, "postgres", null)) {
      advisory(other, "pg_advisory_lock");
      CompletableFuture<JdbcStore> opening =
          CompletableFuture.supplyAsync(() -> JdbcStores.open(db, "postgres", null, auckland));

      Poll.until("the store waits for the opening lock", () -> waitingForTheOpeningLock(other));
      assertThat(opening).isNotDone();

      advisory(other, "pg_advisory_unlock");
      try (JdbcStore store = opening.get(30, TimeUnit.SECONDS)) {
        assertThat(store.weekZone()).isEqualTo(auckland);
      }
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
