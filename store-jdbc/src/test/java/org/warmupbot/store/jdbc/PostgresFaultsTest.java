package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
