package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.session.Event;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.slack.testing.FakeSlackApi;

/**
 * Sessions written down at a stop resume at the next start, whatever else uses the store meanwhile: the
 * terminal commands, and another bot process serving another platform. Real JDA against the fake Discord, real
 * Bolt against the fake Slack Web API, one real SQLite file.
 */
final class SessionWriteDownTest {
  private static final long GUILD = ApplicationOnFakeDiscordTest.GUILD;
  private static final Player ALICE =
      new Player(Platform.DISCORD, Long.toString(GUILD), Long.toString(ApplicationOnFakeDiscordTest.ALICE));
  private static final Player BOB = new Player(Platform.SLACK, "T0001", "U0BOB");

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.atMondayMorning();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T opened(T closeable) {
    open.add(closeable);
    return closeable;
  }

  /** Stops a process as SIGTERM does. */
  private void stop(Application app) {
    open.remove(app);
    app.close();
  }

  /** A `run` process on Discord: started, its sessions resumed. */
  private Application discordProcess(FakeDiscord fake) throws Exception {
    Application app = opened(new Application(ApplicationOnFakeDiscordTest.onFakeDiscord(dir, fake, true), clock, true));
    app.start();
    return app;
  }

  /** A `run` process on Slack (HTTP mode) on the same store: started, its sessions resumed. */
  private Application slackProcess(FakeSlackApi slack) throws Exception {
    return started(new Settings.Discord(null, 1, null, null, null, Set.of()), slackOn(slack));
  }

  /** A `run` process with these platforms on the test's store: started, its sessions resumed. */
  private Application started(Settings.Discord discord, Settings.Slack slack) throws Exception {
    Settings settings =
        new Settings(Path.of("..", "config", "challenges"),
            new Settings.Store(null, null, null, dir.resolve("warmup.db")), ZoneOffset.UTC, Duration.ofMinutes(15),
            discord, slack, 0, "text", true);
    Application app = opened(new Application(settings, clock, true));
    app.start();
    return app;
  }

  /** Slack in HTTP mode on the fake Web API, on a port of its own. */
  private static Settings.Slack slackOn(FakeSlackApi slack) throws Exception {
    return new Settings.Slack("xoxb-fake", null, "signing-secret", "http", slack.methodsUrl(),
        ApplicationOnFakeDiscordTest.freePort(), "/slack/events", 16);
  }

  /** Shard {@code shardId} of {@code shards} on the fake Discord. */
  private static Settings.Discord shardOf(FakeDiscord fake, int shards, int shardId) {
    return new Settings.Discord("fake-token", shards, null, fake.restBaseUrl(), null, Set.of(shardId));
  }

  /**
   * Regression: every Application wrote down its engine's sessions at close, deleting every snapshot; the terminal
   * leaderboard run between a stop and a start left the bot nothing to resume.
   */
  @Test
  void terminalLeaderboardBetweenStopAndStart_keepsTheBotsWrittenDownSessions() throws Exception {
    FakeDiscord fake = opened(FakeDiscord.start(1));
    FakeGuild guild = fake.addGuild(GUILD, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    Application bot = discordProcess(fake);
    new DiscordMember(fake, guild, ApplicationOnFakeDiscordTest.ALICE).start(); // Alice is on her first question
    stop(bot); // SIGTERM: her session is written down

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "leaderboard",
        "--packs", Path.of("..", "config", "challenges").toString(), "--store", "jdbc:sqlite:" + dir.resolve("warmup.db"));
    assertThat(exit).as("leaderboard: " + err).isZero();

    Application restarted = discordProcess(fake);
    assertThat(restarted.engine().handle(ALICE, new Command.Resume(), "press-2").event())
        .as("Alice's challenge, written down at the stop, resumes after the restart")
        .isInstanceOf(Event.Resumed.class);
  }

  /**
   * Regression: a Discord process and a Slack process on one store deleted each other's snapshots at every
   * write-down (every 10 s), and a restarted one resumed sessions still live in the other.
   */
  @Test
  void discordAndSlackProcessesOnOneStore_eachResumesItsOwnSessionsOnly() throws Exception {
    FakeDiscord fake = opened(FakeDiscord.start(1));
    FakeGuild guild = fake.addGuild(GUILD, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    FakeSlackApi slackApi = opened(FakeSlackApi.start("xoxb-fake", "T0001", clock));
    Application discord = discordProcess(fake);
    Application slack = slackProcess(slackApi);
    new DiscordMember(fake, guild, ApplicationOnFakeDiscordTest.ALICE).start();
    String packId = slack.catalog().all().get(0).id();
    assertThat(slack.engine().handle(BOB, new Command.Begin(packId), "press-1").event()).isInstanceOf(Event.Started.class);

    stop(discord); // the Discord process restarts: Alice's session is written down
    slack.snapshotSessions(); // the Slack process's periodic write-down runs before it is back

    Application discordAgain = discordProcess(fake);
    assertThat(discordAgain.engine().handle(ALICE, new Command.Resume(), "press-2").event())
        .as("Alice's challenge resumes in her platform's process")
        .isInstanceOf(Event.Resumed.class);
    assertThat(discordAgain.engine().liveSessions())
        .as("Bob's session, live in the Slack process, is not taken over by the Discord one")
        .isEqualTo(1);

    stop(slack);
    Application slackAgain = slackProcess(slackApi);
    assertThat(slackAgain.engine().handle(BOB, new Command.Resume(), "press-3").event())
        .as("Bob's challenge resumes when the Slack process is back")
        .isInstanceOf(Event.Resumed.class);
    assertThat(slackAgain.engine().liveSessions()).isEqualTo(1);
  }

  /**
   * A badge grant waiting for the bot's own retry (Slack said Retry-After, or the backoff's minutes) when the bot
   * stops is dropped, its badge left pending for the admin retry: the stop neither waits minutes for it nor runs it
   * later against a closed store.
   */
  @Test
  void stopWhileAGrantRetryWaits_dropsTheRetry_andStopsAtOnce() throws Exception {
    Application bot = started(new Settings.Discord(null, 1, null, null, null, Set.of()),
        new Settings.Slack(null, null, null, "socket", "https://slack.com/api/", 3000, "/slack/events", 16));
    CountDownLatch ran = new CountDownLatch(1);
    bot.chores().schedule(ran::countDown, 10, TimeUnit.MINUTES); // as GrantRetries schedules a retry

    stop(bot);

    assertThat(bot.chores().isTerminated()).as("the chores ended with the stop").isTrue();
    assertThat(ran.getCount()).as("the waiting retry never ran").isEqualTo(1);
  }

  /**
   * Regression: close() did not wait for a periodic write-down already running, which could then write down after
   * (or while) the engine shut down: the last write-down to commit won, maybe with a partial or empty list.
   */
  @Test
  void stopWhileAPeriodicWriteDownRuns_waitsForIt_beforeShuttingTheEngineDown() throws Exception {
    FakeDiscord fake = opened(FakeDiscord.start(1));
    FakeGuild guild = fake.addGuild(GUILD, FakeGuild.BASIC | FakeGuild.MANAGE_ROLES);
    Application bot = discordProcess(fake);
    new DiscordMember(fake, guild, ApplicationOnFakeDiscordTest.ALICE).start();
    Thread closer = new Thread(() -> stop(bot), "test-sigterm");
    CountDownLatch stopping = new CountDownLatch(1);
    // A write-down that is running when the stop comes: it goes on until the stop either waits for it (closer
    // parked in a timed wait, the engine still live) or has shut the engine down without waiting.
    Future<Long> chore = bot.chores().submit(() -> {
      stopping.await();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (closer.getState() != Thread.State.TIMED_WAITING && closer.getState() != Thread.State.TERMINATED
          && bot.engine().liveSessions() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      long liveWhileWritingDown = bot.engine().liveSessions();
      bot.snapshotSessions();
      return liveWhileWritingDown;
    });

    closer.start();
    stopping.countDown();
    closer.join(Duration.ofSeconds(20).toMillis());

    assertThat(closer.isAlive()).as("the stop finished").isFalse();
    assertThat(chore.get(1, TimeUnit.SECONDS))
        .as("the engine was still live while the running write-down went on: the stop waited for it")
        .isEqualTo(1);
    Application restarted = discordProcess(fake);
    assertThat(restarted.engine().handle(ALICE, new Command.Resume(), "press-2").event()).isInstanceOf(Event.Resumed.class);
  }

  /** A `run` process on the fake Discord connecting only shard {@code shardId} of {@code shards}. */
  private Application discordShardProcess(FakeDiscord fake, int shards, int shardId) throws Exception {
    return started(shardOf(fake, shards, shardId),
        new Settings.Slack(null, null, null, "socket", "https://slack.com/api/", 3000, "/slack/events", 16));
  }

  /** Discord split over two processes by discord.shardIds: each resumes the sessions of its own shard's guilds. */
  @Test
  void discordProcessesSplitByShard_eachResumesTheSessionsOfItsOwnGuilds() throws Exception {
    FakeDiscord fake = opened(FakeDiscord.start(2));
    long otherGuild = GUILD + (1L << 22);
    fake.addGuild(GUILD, FakeGuild.BASIC);
    fake.addGuild(otherGuild, FakeGuild.BASIC);
    int aliceShard = fake.shardOf(GUILD);
    Player bob = new Player(Platform.DISCORD, Long.toString(otherGuild), "71000000000000002");
    Application first = discordShardProcess(fake, 2, aliceShard);
    Application second = discordShardProcess(fake, 2, 1 - aliceShard);
    String packId = first.catalog().all().get(0).id();
    assertThat(first.engine().handle(ALICE, new Command.Begin(packId), "press-1").event()).isInstanceOf(Event.Started.class);
    assertThat(second.engine().handle(bob, new Command.Begin(packId), "press-2").event()).isInstanceOf(Event.Started.class);

    stop(first); // Alice's session is written down
    second.snapshotSessions(); // the other shard's process writes down Bob's

    Application firstAgain = discordShardProcess(fake, 2, aliceShard);
    assertThat(firstAgain.engine().handle(ALICE, new Command.Resume(), "press-3").event()).isInstanceOf(Event.Resumed.class);
    assertThat(firstAgain.engine().liveSessions())
        .as("Bob's session, live in the other shard's process, is not taken over")
        .isEqualTo(1);
  }

  /** Shard {@code shardId} of 2 on the fake Discord, and Slack (HTTP mode), as one shared settings file says. */
  private Application shardAndSlackProcess(FakeDiscord fake, FakeSlackApi slack, int shardId) throws Exception {
    return started(shardOf(fake, 2, shardId), slackOn(slack));
  }

  /**
   * Regression (review 6): two Discord shard processes started from one settings file that also configures Slack
   * both served Slack, and each one's write-down deleted the other's Slack sessions. Now the second is refused at
   * start, saying that Slack is served by one process only; the first's Slack sessions resume after its restart.
   */
  @Test
  void twoShardProcessesThatBothServeSlack_theSecondIsRefused_andTheFirstsSlackSessionResumes() throws Exception {
    FakeDiscord fake = opened(FakeDiscord.start(2));
    fake.addGuild(GUILD, FakeGuild.BASIC);
    FakeSlackApi slackApi = opened(FakeSlackApi.start("xoxb-fake", "T0001", clock));
    Application first = shardAndSlackProcess(fake, slackApi, 0);
    String packId = first.catalog().all().get(0).id();
    assertThat(first.engine().handle(BOB, new Command.Begin(packId), "press-1").event()).isInstanceOf(Event.Started.class);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> shardAndSlackProcess(fake, slackApi, 1))
        .isInstanceOf(org.warmupbot.store.jdbc.SessionsClaimedException.class)
        .hasMessageContaining("Another bot process already serves Slack")
        .hasMessageContaining("SLACK_BOT_TOKEN");

    stop(first); // SIGTERM: Bob's Slack session is written down
    Application firstAgain = shardAndSlackProcess(fake, slackApi, 0);
    assertThat(firstAgain.engine().handle(BOB, new Command.Resume(), "press-2").event())
        .as("Bob's Slack challenge, written down at the stop, resumes after the restart")
        .isInstanceOf(Event.Resumed.class);
  }

  /** A process started with another discord.shards while an old one runs is refused, naming the setting. */
  @Test
  void discordProcessWithAChangedShardCount_isRefusedWhileTheOldOneRuns() throws Exception {
    FakeDiscord fake = opened(FakeDiscord.start(2));
    fake.addGuild(GUILD, FakeGuild.BASIC);
    discordShardProcess(fake, 2, 0);

    // discord.shards 1 now (the fake serves 2 shards, so its JDA may complain in the log): the store refuses it.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> discordProcess(fake))
        .isInstanceOf(org.warmupbot.store.jdbc.SessionsClaimedException.class)
        .hasMessageContaining("every Discord process on one store needs the same discord.shards");
  }
}
