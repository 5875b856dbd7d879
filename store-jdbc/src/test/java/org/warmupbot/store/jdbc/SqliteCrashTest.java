package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.port.FinishedRun;

/** A bot process killed with SIGKILL in the middle of saving loses no run that {@code save} acknowledged. */
final class SqliteCrashTest {

  @TempDir Path folder;

  @Test
  void killMinus9MidBurst_losesNoAcknowledgedRun() throws Exception {
    Path file = folder.resolve("store/warmup.db");
    Path childErrors = folder.resolve("child-stderr.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BurstSaver.class.getName(), file.toString())
            .redirectError(childErrors.toFile())
            .start();
    List<String> acknowledged = new ArrayList<>();
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(90),
          () -> {
            BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while (acknowledged.size() < 150 && (line = out.readLine()) != null) {
              acknowledged.add(line);
            }
            // SIGKILL while the child is still saving: no shutdown hook, no close, no checkpoint. Killing
            // closes our end of its stdout, so the ids read so far are the acknowledged ones we check.
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
          });
    } finally {
      child.destroyForcibly();
    }
    assertThat(acknowledged)
        .as("the child saved runs before it was killed; its stderr: %s", Files.readString(childErrors))
        .hasSizeGreaterThanOrEqualTo(150);
    assertThat(child.exitValue()).as("killed, not finished").isNotZero();

    try (JdbcStore reopened = JdbcStores.sqlite(file)) {
      List<String> kept = reopened.runs(BurstSaver.PLAYER).stream().map(FinishedRun::runId).toList();
      assertThat(kept).containsAll(acknowledged);
      assertThat(reopened.rankedCount(BurstSaver.PLAYER.tenantKey(), "warmup-mastery", null)).isEqualTo(1);
    }
  }
}
