package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.StoreUnavailableException;

/** A PostgreSQL server that goes away while the bot runs. */
final class PostgresFaultsTest {

  private static final Player ADA = new Player(Platform.SLACK, "T123", "U42");

  private static FinishedRun run(String runId) {
    return new FinishedRun(
        runId, ADA, "warmup-mastery", "v1", List.of(), 100, Duration.ofSeconds(60), Instant.parse("2025-03-04T10:00:00Z"), false);
  }

  @Test
  void serverStoppedMidRun_saveThrowsStoreUnavailable_withTheMaskedUrl() throws Exception {
    EmbeddedPostgres server = EmbeddedPostgres.builder().start();
    String url = server.getJdbcUrl("postgres", "postgres") + "&password=hunter2";
    try (JdbcStore store = JdbcStores.open(url, "postgres", "hunter2")) {
      store.save(run("before"));
      assertThat(store.runs(ADA)).extracting(FinishedRun::runId).containsExactly("before");

      server.close();

      assertThatThrownBy(() -> store.save(run("after")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("save run after")
          .hasMessageContaining("password=***")
          .hasMessageNotContaining("hunter2");
    } finally {
      server.close();
    }
  }

  private static List<String> runIds(EmbeddedPostgres server) throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery("SELECT run_id FROM run ORDER BY seq")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  @Test
  void serverRestarted_theWriterDropsItsBrokenConnection_failsOnlyTheSaveMeanwhile_andSavesAgain(@TempDir Path data)
      throws Exception {
    EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
    int port = server.getPort();
    String url = server.getJdbcUrl("postgres", "postgres");
    try (JdbcStore store = JdbcStores.open(url, "postgres", null)) {
      store.save(run("before"));
      store.save(run("before 2"));
      assertThat(store.writerConnection().openedConnections()).isEqualTo(1);

      server.close();
      assertThatThrownBy(() -> store.save(run("while down"))).isInstanceOf(StoreUnavailableException.class);
      server =
          EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();

      store.save(run("after"));
      // Read around the pool: it may lend a connection of the old server once before it notices.
      assertThat(runIds(server)).containsExactly("before", "before 2", "after");
      assertThat(store.writerConnection().openedConnections()).isEqualTo(2);
    } finally {
      server.close();
    }
  }

  @Test
  void writersConnectionKilledByTheServer_atMostTheNextSaveFails_thenTheWriterReconnects() throws Exception {
    try (EmbeddedPostgres server = EmbeddedPostgres.builder().start();
        JdbcStore store = JdbcStores.open(server.getJdbcUrl("postgres", "postgres"), "postgres", null)) {
      store.save(run("before"));
      try (Connection admin = server.getPostgresDatabase().getConnection();
          Statement statement = admin.createStatement()) {
        statement.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
      }
      try {
        store.save(run("next")); // fails when the writer used its connection within the idle check's window
      } catch (StoreUnavailableException e) {
        assertThat(e).hasMessageContaining("save run next");
      }
      store.save(run("again"));
      assertThat(runIds(server)).contains("before", "again");
      assertThat(store.writerConnection().openedConnections()).isEqualTo(2);
    }
  }
}
