package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;

/** The save writer's own SQLite connection: kept with its statements across groups, dropped when it fails. */
final class WriterConnectionTest {

  private static final Player ADA = new Player(Platform.DISCORD, "G1", "ada");

  @TempDir Path folder;

  private static FinishedRun run(String runId, int score) {
    return new FinishedRun(
        runId,
        ADA,
        "pack",
        "v1",
        List.of(new QuestionResult("q1", "sql", true, 1, false, Duration.ofSeconds(30), score)),
        score,
        Duration.ofSeconds(30),
        Instant.parse("2025-06-02T09:00:00Z"),
        false);
  }

  private Path file() {
    return folder.resolve("warmup.db");
  }

  private static long pragma(WriterConnection writer, String name) throws SQLException {
    return writer.inTransaction(
        statements -> {
          try (ResultSet rows = statements.prepare("PRAGMA " + name).executeQuery()) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }

  @Test
  void savesOneAfterAnother_shareOneConnection_andPrepareTheirStatementsOnce() {
    try (JdbcStore store = JdbcStores.sqlite(file())) {
      store.save(run("r1", 10));
      WriterConnection writer = store.writerConnection();
      int prepared = writer.preparedStatements();
      assertThat(prepared).isPositive();

      for (int i = 2; i <= 20; i++) {
        store.save(run("r" + i, 10 + i)); // improvements too: the kept entry is read and updated
      }

      assertThat(writer.openedConnections()).isEqualTo(1);
      assertThat(writer.preparedStatements()).isGreaterThanOrEqualTo(prepared).isLessThanOrEqualTo(9);
      assertThat(store.runs(ADA)).hasSize(20);
    }
  }

  @Test
  void workBetweenTransactions_runsOnTheOpenConnectionInAutoCommit_andAFailureDropsIt() throws Exception {
    try (WriterConnection writer = new WriterConnection(() -> DriverManager.getConnection("jdbc:sqlite:" + file()))) {
      boolean[] ran = new boolean[1];
      writer.betweenTransactions(connection -> ran[0] = true);
      assertThat(ran[0]).as("no connection open yet: nothing to run on").isFalse();

      writer.inTransaction(statements -> statements.prepare("SELECT 1").execute());
      writer.betweenTransactions(connection -> ran[0] = connection.getAutoCommit());
      assertThat(ran[0]).isTrue();
      assertThat(writer.openedConnections()).isEqualTo(1);

      assertThatThrownBy(() -> writer.betweenTransactions(connection -> {
            throw new SQLException("broken");
          }))
          .hasRootCauseMessage("broken");
      assertThat(writer.preparedStatements()).isZero();
      writer.inTransaction(statements -> statements.prepare("SELECT 1").execute());
      assertThat(writer.openedConnections()).as("a new connection after the failure").isEqualTo(2);
    }
  }

  @Test
  void betweenGroups_theWriterHoldsNoWriteLock() throws Exception {
    try (JdbcStore store = JdbcStores.sqlite(file())) {
      store.save(run("r1", 10));
      // busy_timeout 0: BEGIN IMMEDIATE fails at once if the writer kept a transaction open after its commit.
      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file().toAbsolutePath());
          Statement statement = other.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 0");
        statement.execute("BEGIN IMMEDIATE");
        statement.execute("UPDATE run SET score = 11 WHERE run_id = 'r1'");
        statement.execute("COMMIT");
      }
      store.save(run("r2", 20));
      assertThat(store.runs(ADA)).extracting(FinishedRun::score).containsExactlyInAnyOrder(11, 20);
    }
  }

  @Test
  void theWritersConnection_hasTheBigPageCache() throws SQLException {
    try (JdbcStore store = JdbcStores.sqlite(file())) {
      store.save(run("r1", 10));
      assertThat(pragma(store.writerConnection(), "cache_size")).isEqualTo(-JdbcStores.SQLITE_WRITER_CACHE_KIB);
      assertThat(pragma(store.writerConnection(), "synchronous")).isEqualTo(2); // FULL, as every store connection
    }
  }

  @Test
  void aFailedTransaction_isRolledBack_andDropsTheConnection_theNextOneOpensAFreshOne() throws Exception {
    JdbcStores.sqlite(file()).close(); // migrated
    String url = "jdbc:sqlite:" + file().toAbsolutePath();
    try (WriterConnection writer = new WriterConnection(() -> DriverManager.getConnection(url))) {
      assertThatThrownBy(
              () ->
                  writer.inTransaction(
                      statements -> {
                        statements.prepare("INSERT INTO store_meta (name, value) VALUES ('probe', 'x')").executeUpdate();
                        throw new SQLException("broken mid-transaction");
                      }))
          .hasMessage("broken mid-transaction");
      assertThat(writer.openedConnections()).isEqualTo(1);
      assertThat(writer.preparedStatements()).isZero();

      long probes =
          writer.inTransaction(
              statements -> {
                try (ResultSet rows =
                    statements.prepare("SELECT COUNT(*) FROM store_meta WHERE name = 'probe'").executeQuery()) {
                  rows.next();
                  return rows.getLong(1);
                }
              });

      assertThat(probes).isZero();
      assertThat(writer.openedConnections()).isEqualTo(2);
    }
  }
}
