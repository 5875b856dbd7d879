package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.pack.PackValidationException;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.testing.MutableClock;

/** The store opens while the packs load and the Slack client is built: each failure still reads as its own. */
final class ApplicationStartFailuresTest {
  @TempDir Path dir;

  private final MutableClock clock = MutableClock.atMondayMorning();

  private Settings settings(Path packs, Settings.Store store) {
    return new Settings(
        packs,
        store,
        ZoneOffset.UTC,
        Duration.ofMinutes(15),
        new Settings.Discord(null, 1, null, null, null, Set.of()),
        new Settings.Slack("xoxb-test", "xapp-test", null, "socket", "http://127.0.0.1:1/api/", 0, "/slack/events", 16),
        0,
        "text",
        true);
  }

  @Test
  void unreachableStore_withSlackConfigured_failsNamingTheStore() {
    Settings settings = settings(Path.of("..", "config", "challenges"),
        new Settings.Store("jdbc:postgresql://127.0.0.1:1/warmup", "bot", "hunter2", dir.resolve("unused.db")));

    assertThatThrownBy(() -> new Application(settings, clock, true))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:1/warmup")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void brokenPacks_failWithTheValidatorsMessage_whileTheStoreOpensBesideThem() throws Exception {
    Path packs = Files.createDirectory(dir.resolve("packs"));
    String shipped = Files.readString(Path.of("..", "config", "challenges", "warmup-mastery.yml"));
    Files.writeString(packs.resolve("broken.yml"), shipped.replace("attempts: 2", "attempts: 9"));
    Settings settings = settings(packs, new Settings.Store(null, null, null, dir.resolve("warmup.db")));

    assertThatThrownBy(() -> new Application(settings, clock, true))
        .isInstanceOf(PackValidationException.class)
        .hasMessageContaining("broken.yml")
        .hasMessageContaining("defaults.attempts");
  }
}
