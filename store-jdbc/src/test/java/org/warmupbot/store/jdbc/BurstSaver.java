package org.warmupbot.store.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;

/**
 * The child process of {@link SqliteCrashTest}: saves runs into the SQLite file named by its argument as fast
 * as it can, and prints each run id on its own line once {@code save} has returned, until it is killed.
 */
final class BurstSaver {

  static final Player PLAYER = new Player(Platform.DISCORD, "crash-guild", "crash-user");

  private BurstSaver() {}

  public static void main(String[] args) {
    JdbcStore store = JdbcStores.sqlite(Path.of(args[0]));
    Instant start = Instant.parse("2025-03-03T10:00:00Z");
    for (int i = 0; i < 1_000_000; i++) {
      String runId = "burst-" + i;
      store.save(
          new FinishedRun(
              runId,
              PLAYER,
              "warmup-mastery",
              "v1",
              List.of(new QuestionResult("q1", "java", true, 1, false, Duration.ofSeconds(3), 100)),
              i % 500,
              Duration.ofSeconds(30 + i % 17),
              start.plusMillis(i),
              false));
      System.out.println(runId);
      System.out.flush();
    }
    store.close();
  }
}
