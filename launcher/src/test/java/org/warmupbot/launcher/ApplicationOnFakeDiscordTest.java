package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/**
 * The whole application in this JVM on a fake clock, with real JDA against the fake Discord and a real SQLite
 * file: a perfect run and a timeout, then what {@code /health} and {@code /metrics} say; an operator who turned
 * chat reload off.
 */
final class ApplicationOnFakeDiscordTest {
  static final long GUILD = 81_000_000_000_000_000L;
  static final long ALICE = 71_000_000_000_000_001L;
  static final long BOB = 71_000_000_000_000_002L;

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.atMondayMorning();
  private FakeDiscord fake;
  private Application app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void metricsAfterChallenges_countAnswersTimeoutsAndGrants() throws Exception {
    fake = FakeDiscord.start(1);
    FakeGuild guild = fake.addGuild(GUILD, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    long role = guild.addRole("Warmup Master", 1);
    Settings settings = onFakeDiscord(dir, fake, true);
    app = new Application(settings, clock, true);
    app.store().saveSettings(
        new Tenant(Platform.DISCORD, Long.toString(GUILD)),
        new TenantSettings(Map.of("warmup-mastery", Long.toString(role)), null, Set.of(), 1.0));
    app.start();
    fake.await("the bot connected", () -> healthStatus(settings.healthPort()), code -> code == 200);

    ChallengePack pack = app.catalog().find("warmup-mastery").orElseThrow();
    Message summary = new DiscordMember(fake, guild, ALICE).perfectRun(pack);
    assertThat(summary.text()).contains("You earned the Warmup Master badge!");
    fake.await("the role granted", () -> guild.rolesOf(ALICE), roles -> roles.contains(role));

    Message bobsQuestion = new DiscordMember(fake, guild, BOB).start();
    assertThat(bobsQuestion.text()).contains(pack.question(0).title());
    clock.advance(Duration.ofMinutes(3));
    app.engine().expireDueSessions();
    fake.await("Bob's question turned into Time's up", () -> fake.message(bobsQuestion.id()).text(), text -> text.contains("Time's up"));

    // JDA reports an acknowledgement from its success callback, a moment after the fake shows the response.
    fake.await("acknowledgements in the metrics", () -> ackCount(metrics(settings.healthPort())), count -> count > 0);
    String metrics = get(settings.healthPort(), "/metrics").body();
    assertThat(ackCount(metrics)).as("warmup_interaction_ack_seconds_count for discord").isGreaterThan(0);
    assertThat(metrics)
        .contains("warmup_answers_total{platform=\"discord\",result=\"correct\"} 5.0")
        .contains("warmup_timeouts_total{platform=\"discord\"} 1.0")
        .contains("warmup_badge_grants_total{outcome=\"granted\",platform=\"discord\",reason=\"\"} 1.0")
        .contains("warmup_runs_finished_total{badge=\"true\",platform=\"discord\"} 1.0")
        .contains("warmup_live_sessions 1.0")
        .contains("warmup_store_seconds_count{operation=\"save\"} 1");
  }

  @Test
  void chatReloadOff_refusesTheServerAdminsReload_namingTheHostCommand_whileTheHealthPortReloads() throws Exception {
    fake = FakeDiscord.start(1);
    FakeGuild guild = fake.addGuild(GUILD, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    Settings settings = onFakeDiscord(dir, fake, false);
    app = new Application(settings, clock, true);
    app.start();
    fake.await("the bot connected", () -> healthStatus(settings.healthPort()), code -> code == 200);
    // Connected is not registered: the bot registers its commands once the shard is ready.
    fake.await("the commands registered", () -> !fake.registeredCommands().isEmpty(), Boolean::booleanValue);

    Interaction reload = fake.slash(GUILD, guild.channelId(), BOB, "warmup-admin",
        FakeDiscord.subcommand("reload", DataArray.empty()), DataObject.empty());
    Message answer = fake.awaitShown(reload, m -> !m.deferred());

    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.text()).contains("turned off by the bot's operator", "java -jar warmup-bot.jar reload");
    HttpResponse<String> host = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + settings.healthPort() + "/reload"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(host.statusCode()).isEqualTo(200);
    assertThat(host.body()).contains("Reloaded").contains("warmup-mastery");
  }

  /**
   * The shipped packs, a SQLite file in {@code dir}, Discord on {@code fake}, Slack off, the health port on a free
   * port; {@code chatReload} as given.
   */
  static Settings onFakeDiscord(Path dir, FakeDiscord fake, boolean chatReload) throws java.io.IOException {
    return new Settings(
        Path.of("..", "config", "challenges"),
        new Settings.Store(null, null, null, dir.resolve("warmup.db")),
        ZoneOffset.UTC,
        Duration.ofMinutes(15),
        new Settings.Discord("fake-token", 1, null, fake.restBaseUrl(), null, Set.of()),
        new Settings.Slack(null, null, null, "socket", "https://slack.com/api/", 3000, "/slack/events", 16),
        freePort(),
        "text",
        chatReload);
  }

  /** The count of {@code warmup_interaction_ack_seconds} for Discord, or -1 when the series is absent. */
  static double ackCount(String metrics) {
    String series = "warmup_interaction_ack_seconds_count{platform=\"discord\"} ";
    return metrics.lines().filter(line -> line.startsWith(series))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).trim())).findFirst().orElse(-1);
  }

  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The status of /health, or -1 while nothing answers. */
  static int healthStatus(int port) {
    try {
      return get(port, "/health").statusCode();
    } catch (Exception notYet) {
      return -1;
    }
  }

  /** The body of /metrics; IllegalStateException (await's "not yet") when it cannot be read. */
  static String metrics(int port) {
    try {
      return get(port, "/metrics").body();
    } catch (Exception e) {
      throw new IllegalStateException("/metrics not readable yet", e);
    }
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
