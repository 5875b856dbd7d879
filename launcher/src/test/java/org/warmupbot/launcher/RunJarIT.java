package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
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
import org.warmupbot.slack.testing.FakeSlackApi;
import org.warmupbot.slack.testing.SignedSlackClient;
import org.warmupbot.slack.testing.SlackPayloads;
import org.warmupbot.store.jdbc.JdbcStore;
import org.warmupbot.store.jdbc.JdbcStores;

/**
 * The packaged jar as an operator runs it: a child process serving Discord and Slack together, pointed at the
 * loopback fakes. Health goes up, a challenge completes on each platform, SIGTERM stops it gracefully, and the
 * restarted bot resumes the interrupted session. No token or secret appears in its output.
 */
final class RunJarIT {
  private static final long GUILD = 81_000_000_000_000_000L;
  private static final long ALICE = 71_000_000_000_000_001L;
  private static final long BOB = 71_000_000_000_000_002L;
  private static final String TOKEN = "fake-token-that-must-never-be-logged";

  @TempDir Path dir;

  private static final String SLACK_BOT_TOKEN = "xoxb-fake-bot-token-never-logged";
  private static final String SLACK_SECRET = "fake-signing-secret-never-logged";
  private static final String TEAM = "T0WORKSPACE";
  private static final String SLACK_GROUP = "S0BADGE";

  private FakeDiscord fake;
  private FakeSlackApi slackApi;
  private int slackPort;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    if (fake != null) {
      fake.close();
    }
    if (slackApi != null) {
      slackApi.close();
    }
  }

  /** Starts the jar as the systemd unit does: through deploy/warmup-bot.sh, which keeps a class-data archive. */
  private Process startJar(int healthPort, Path log, Map<String, String> extraEnvironment) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder("sh", Path.of("..", "deploy", "warmup-bot.sh").toString(),
                "run", "--config", Path.of("..", "config", "warmup-bot.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator + env.get("PATH"));
    env.put("WARMUP_JAR", Path.of("target", "warmup-bot.jar").toString());
    env.put("WARMUP_CDS_ARCHIVE", archive().toString());
    env.put("JAVA_OPTS", "-Xshare:on"); // an archive the JVM cannot map then stops the start instead of being skipped
    env.put("DISCORD_TOKEN", TOKEN);
    env.put("WARMUP_DISCORD_API_URL", fake.restBaseUrl());
    env.put("WARMUP_PACKS", Path.of("..", "config", "challenges").toString());
    env.put("WARMUP_STORE_SQLITE_FILE", dir.resolve("warmup.db").toString());
    env.put("WARMUP_HEALTH_PORT", Integer.toString(healthPort));
    env.put("SLACK_BOT_TOKEN", SLACK_BOT_TOKEN);
    env.put("SLACK_SIGNING_SECRET", SLACK_SECRET);
    env.put("WARMUP_SLACK_MODE", "http");
    env.put("WARMUP_SLACK_API_URL", slackApi.methodsUrl());
    env.put("WARMUP_SLACK_HTTP_PORT", Integer.toString(slackPort));
    env.putAll(extraEnvironment);
    Process process = builder.start();
    processes.add(process);
    awaitHealthy(process, healthPort, log);
    return process;
  }

  private Path archive() {
    return dir.resolve("data").resolve("warmup-bot.jsa");
  }

  /** Waits for /health to answer 200; a JVM starting on a busy machine may take a while, so the bound is wide. */
  private static void awaitHealthy(Process process, int healthPort, Path log) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the bot exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      if (ApplicationOnFakeDiscordTest.healthStatus(healthPort) == 200) {
        return;
      }
      try {
        Thread.sleep(50); // polling a child process with a bounded deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("/health never answered 200; the bot's output:\n" + Files.readString(log));
  }

  @Test
  void jarServesDiscordAndSlack_stopsGracefullyOnSigterm_andResumesTheInterruptedSession() throws Exception {
    fake = FakeDiscord.start(1);
    slackApi = FakeSlackApi.start(SLACK_BOT_TOKEN, TEAM, Clock.systemUTC());
    slackApi.userGroup(SLACK_GROUP, "U0EARLIER");
    slackPort = ApplicationOnFakeDiscordTest.freePort();
    FakeGuild guild = fake.addGuild(GUILD, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    long role = guild.addRole("Warmup Master", 1);
    try (JdbcStore store = JdbcStores.sqlite(dir.resolve("warmup.db"))) {
      store.saveSettings(
          new Tenant(Platform.DISCORD, Long.toString(GUILD)),
          new TenantSettings(Map.of("warmup-mastery", Long.toString(role)), null, Set.of(), 1.0));
      store.saveSettings(
          new Tenant(Platform.SLACK, TEAM), new TenantSettings(Map.of("warmup-mastery", SLACK_GROUP), null, Set.of(), 1.0));
    }
    ChallengePack pack = PackLoader.load(Path.of("..", "config", "challenges", "warmup-mastery.yml")).get(0);
    int port = ApplicationOnFakeDiscordTest.freePort();
    Path firstLog = dir.resolve("first.log");
    Process first = startJar(port, firstLog, Map.of());

    // A whole challenge through the jar.
    Message summary = new DiscordMember(fake, guild, ALICE).perfectRun(pack);
    assertThat(summary.text()).contains("You earned the Warmup Master badge!");
    fake.await("the badge role", () -> guild.rolesOf(ALICE), roles -> roles.contains(role));

    // And one through Slack, over signed HTTP.
    JsonNode slackSummary = new SlackMember(slackApi, slackPort).perfectRun("U0CAROL", pack);
    assertThat(slackSummary.toString()).contains("Warmup Master");
    fake.await("the Slack user group", () -> slackApi.userGroupMembers(SLACK_GROUP), members -> members.contains("U0CAROL"));
    assertThat(slackApi.userGroupMembers(SLACK_GROUP)).startsWith("U0EARLIER");
    assertThat(slackApi.refusals()).as(slackApi.summary()).isEmpty();

    // Bob answers the first question, then the bot is stopped.
    Message bobsQuestion = new DiscordMember(fake, guild, BOB).start();
    Message bobsFeedback = fake.awaitShown(fake.pressLabel(BOB, bobsQuestion, pack.question(0).rightAnswerText()));
    assertThat(bobsFeedback.text()).contains(pack.question(0).explanation().substring(0, 40));
    first.destroy(); // SIGTERM
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 seconds").isTrue();
    String firstOutput = Files.readString(firstLog, StandardCharsets.UTF_8);
    assertThat(firstOutput).contains("Stopped").doesNotContain(TOKEN).doesNotContain(SLACK_BOT_TOKEN).doesNotContain(SLACK_SECRET);
    assertThat(archive()).as("the class-data archive the first stop writes, for the next start").isNotEmptyFile();

    // The restarted bot (on the archive: -Xshare:on would stop it otherwise) offers Bob his challenge where it was.
    Path secondLog = dir.resolve("second.log");
    startJar(port, secondLog, Map.of("WARMUP_LOGGING_FORMAT", "json"));
    Message found = fake.awaitShown(fake.slash(GUILD, guild.channelId(), BOB, "warmup"));
    assertThat(found.text()).contains("challenge in progress", "question 1 of 5");
    Message resumed = fake.awaitShown(fake.pressLabel(BOB, found, "Resume"));
    assertThat(resumed.text()).contains(pack.question(0).explanation().substring(0, 40));
    Message second = fake.awaitShown(fake.pressLabel(BOB, resumed, "Next question"));
    assertThat(second.text()).contains(pack.question(1).title());
    String secondOutput = Files.readString(secondLog, StandardCharsets.UTF_8);
    assertThat(secondOutput).doesNotContain(TOKEN).doesNotContain(SLACK_BOT_TOKEN);
    // One JSON object per line; the message keeps its pattern and its arguments apart.
    assertThat(secondOutput.lines().filter(line -> line.contains("Resumed {} of {} sessions")))
        .as("json log lines")
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith("{").contains("\"level\":\"INFO\"", "\"arguments\": [\"1\",\"1\"]"));
  }

  /** A Slack member: signed requests to the bot, views read back from the fake Web API. */
  private record SlackMember(FakeSlackApi api, int port) {
    JsonNode perfectRun(String user, ChallengePack pack) {
      // A jar just started in a JVM of its own, on a shared machine: its first answers may wait on class loading.
      SignedSlackClient slack = new SignedSlackClient(URI.create("http://127.0.0.1:" + port + "/slack/events"),
          SLACK_SECRET, Clock.systemUTC(), Duration.ofSeconds(10));
      SlackPayloads payloads = new SlackPayloads(api, Clock.systemUTC());
      Set<String> rightLabels = new java.util.HashSet<>();
      pack.questions().forEach(q -> rightLabels.add(q.rightAnswerText()));
      assertThat(slack.send(slack.interactive(payloads.globalShortcut(user, "warmup_challenge"))).statusCode()).isEqualTo(200);
      String viewId =
          api.awaitCall("views.open", FakeSlackApi.Call::ok, Duration.ofSeconds(10)).response().path("view").path("id").asText();
      for (int step = 0; step < 40; step++) {
        JsonNode view = api.view(viewId).orElseThrow();
        if (view.toString().contains("challenge complete")) {
          return view;
        }
        String typed = pack.questions().stream().filter(q -> q.answer() instanceof org.warmupbot.core.pack.Answer.Numeric)
            .findFirst().orElseThrow().rightAnswerText();
        String input = inputOf(view);
        String payload;
        if (input != null) {
          payload = payloads.typedAndEntered(user, view, input, typed);
        } else {
          String action = buttonOf(view, label -> label.equals("Start") || rightLabels.contains(label) || label.equals("Next question"));
          assertThat(action).as("something to press in %s", view).isNotNull();
          payload = payloads.press(user, view, action);
        }
        int updates = api.calls("views.update").size();
        assertThat(slack.send(slack.interactive(payload)).statusCode()).isEqualTo(200);
        api.awaitCalls("views.update", updates + 1, Duration.ofSeconds(10)); // the bot updates after its ack
      }
      throw new AssertionError("the Slack run did not end");
    }

    private static String buttonOf(JsonNode view, java.util.function.Predicate<String> wanted) {
      for (JsonNode block : view.path("blocks")) {
        for (JsonNode element : block.path("elements")) {
          if ("button".equals(element.path("type").asText()) && wanted.test(element.path("text").path("text").asText())) {
            return element.path("action_id").asText();
          }
        }
      }
      return null;
    }

    private static String inputOf(JsonNode view) {
      for (JsonNode block : view.path("blocks")) {
        if ("input".equals(block.path("type").asText())) {
          return block.path("element").path("action_id").asText();
        }
      }
      return null;
    }
  }
}
