package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.PackLoader;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Message;
import org.warmupbot.store.jdbc.JdbcStore;
import org.warmupbot.store.jdbc.JdbcStores;

/**
 * The packaged jar as an operator runs it: a child process with Discord pointed at the loopback fake. Health goes
 * up, a challenge completes, SIGTERM stops it gracefully, and the restarted bot resumes the interrupted session.
 */
final class RunJarIT {
  private static final long GUILD = 81_000_000_000_000_000L;
  private static final long ALICE = 71_000_000_000_000_001L;
  private static final long BOB = 71_000_000_000_000_002L;
  private static final String TOKEN = "fake-token-that-must-never-be-logged";

  @TempDir Path dir;

  private FakeDiscord fake;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    if (fake != null) {
      fake.close();
    }
  }

  private Process startJar(int healthPort, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "warmup-bot.jar").toString(),
                "run",
                "--config",
                Path.of("..", "config", "warmup-bot.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("DISCORD_TOKEN", TOKEN);
    env.put("WARMUP_DISCORD_API_URL", fake.restBaseUrl());
    env.put("WARMUP_PACKS", Path.of("..", "config", "challenges").toString());
    env.put("WARMUP_STORE_SQLITE_FILE", dir.resolve("warmup.db").toString());
    env.put("WARMUP_HEALTH_PORT", Integer.toString(healthPort));
    Process process = builder.start();
    processes.add(process);
    fake.await("/health up", () -> ApplicationMetricsTest.healthStatus(healthPort), code -> code == 200);
    return process;
  }

  @Test
  void jarServesDiscord_stopsGracefullyOnSigterm_andResumesTheInterruptedSession() throws Exception {
    fake = FakeDiscord.start(1);
    FakeGuild guild = fake.addGuild(GUILD, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    long role = guild.addRole("Warmup Master", 1);
    try (JdbcStore store = JdbcStores.sqlite(dir.resolve("warmup.db"))) {
      store.saveSettings(
          new Tenant(Platform.DISCORD, Long.toString(GUILD)),
          new TenantSettings(Map.of("warmup-mastery", Long.toString(role)), null, Set.of(), 1.0));
    }
    ChallengePack pack = PackLoader.load(Path.of("..", "config", "challenges", "warmup-mastery.yml")).get(0);
    int port = ApplicationMetricsTest.freePort();
    Path firstLog = dir.resolve("first.log");
    Process first = startJar(port, firstLog);

    // A whole challenge through the jar.
    Message summary = new Player(fake, guild).perfectRun(ALICE, pack);
    assertThat(summary.text()).contains("You earned the Warmup Master badge!");
    fake.await("the badge role", () -> guild.rolesOf(ALICE), roles -> roles.contains(role));

    // Bob answers the first question, then the bot is stopped.
    Message bobsQuestion = new Player(fake, guild).start(BOB);
    Message bobsFeedback = fake.awaitShown(fake.pressLabel(BOB, bobsQuestion, pack.question(0).rightAnswerText()));
    assertThat(bobsFeedback.text()).contains(pack.question(0).explanation().substring(0, 40));
    first.destroy(); // SIGTERM
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 seconds").isTrue();
    String firstOutput = Files.readString(firstLog, StandardCharsets.UTF_8);
    assertThat(firstOutput).contains("Stopped").doesNotContain(TOKEN);

    // The restarted bot offers Bob his challenge where it was.
    Path secondLog = dir.resolve("second.log");
    startJar(port, secondLog);
    Message found = fake.awaitShown(fake.slash(GUILD, guild.channelId(), BOB, "warmup"));
    assertThat(found.text()).contains("challenge in progress", "question 1 of 5");
    Message resumed = fake.awaitShown(fake.pressLabel(BOB, found, "Resume"));
    assertThat(resumed.text()).contains(pack.question(0).explanation().substring(0, 40));
    Message second = fake.awaitShown(fake.pressLabel(BOB, resumed, "Next question"));
    assertThat(second.text()).contains(pack.question(1).title());
    assertThat(Files.readString(secondLog, StandardCharsets.UTF_8)).contains("Resumed 1 of 1 sessions").doesNotContain(TOKEN);
  }

  /** A member pressing through the fake Discord. */
  private record Player(FakeDiscord fake, FakeGuild guild) {
    Message start(long user) {
      Message intro = fake.awaitShown(fake.slash(GUILD, guild.channelId(), user, "warmup"));
      return fake.awaitShown(fake.pressLabel(user, intro, "Start"));
    }

    Message perfectRun(long user, ChallengePack pack) {
      Message shown = start(user);
      for (int i = 0; i < pack.size(); i++) {
        var question = pack.question(i);
        if (question.answer() instanceof org.warmupbot.core.pack.Answer.Numeric) {
          var typed = fake.pressLabel(user, shown, "Type your answer");
          fake.await("the answer form", typed::modal, form -> true);
          shown = fake.awaitShown(fake.submitModal(user, typed, question.rightAnswerText()));
        } else {
          shown = fake.awaitShown(fake.pressLabel(user, shown, question.rightAnswerText()));
        }
        if (i < pack.size() - 1) {
          shown = fake.awaitShown(fake.pressLabel(user, shown, "Next question"));
        }
      }
      return shown;
    }
  }
}
