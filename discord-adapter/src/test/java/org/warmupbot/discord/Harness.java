package org.warmupbot.discord;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.SwappableCatalog;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/**
 * The real bot (JDA) against the fake Discord, with an engine on a mutable clock, a catalog a test can swap,
 * every acknowledgement time recorded in {@link #acks}, and {@code /warmup-admin reload} running {@link
 * #reloader}.
 */
final class Harness implements AutoCloseable {
  static final long GUILD = 81_000_000_000_000_000L;
  static final long ALICE = 71_000_000_000_000_001L;
  static final long BOB = 71_000_000_000_000_002L;

  final FakeDiscord fake;
  final FakeGuild guild;
  final InMemoryStore store = new InMemoryStore();
  /** What the bot, its recorder and engine use: {@link #store}, its settings unreadable while set down. */
  final OutageStore outage = new OutageStore(store);
  final MutableClock clock = MutableClock.atMondayMorning();
  final SwappableCatalog catalog;
  final ChallengePack pack = TestPacks.small();
  final ExecutorService grants = Executors.newSingleThreadExecutor();
  final DiscordBot bot;
  final RunRecorder recorder;
  final ChallengeEngine engine;
  /** What the bot reported to its AckObserver, in order. */
  final List<Ack> acks = new CopyOnWriteArrayList<>();
  /** What {@code /warmup-admin reload} runs; refuses until a test sets it. */
  volatile PackReloader reloader = () -> new PackReloader.Result(false, "no reloader in this test");
  private final String commandsKey;
  /** Refusals a test provokes on purpose; any other request the fake refused fails the test at {@link #close}. */
  private volatile Predicate<FakeDiscord.Recorded> expectedRefusals = request -> false;

  record Ack(Platform platform, Duration latency) {}

  Harness(int shards, long botPermissions) {
    this(shards, botPermissions, null, "fake-token");
  }

  /**
   * @param devGuildId register the commands in this guild instead of globally (null: globally)
   * @param token the bot token JDA logs in with (the fake takes any)
   */
  Harness(int shards, long botPermissions, @Nullable String devGuildId, String token) {
    fake = FakeDiscord.start(shards);
    guild = fake.addGuild(GUILD, botPermissions);
    guild.setOwner(BOB); // the admin of most tests: may give any role (ALICE has Manage Server only, as members do)
    catalog = new SwappableCatalog(pack);
    bot = new DiscordBot(new DiscordSettings(token, 0, devGuildId, fake.restBaseUrl(), null,
        Long.toString(FakeDiscord.APPLICATION_ID), Set.of()), catalog, outage, clock, ZoneOffset.UTC,
        (platform, latency) -> acks.add(new Ack(platform, latency)), () -> reloader.reload());
    commandsKey = devGuildId == null ? "global" : devGuildId;
    recorder = new RunRecorder(outage, Map.of(Platform.DISCORD, bot.badgeGranter()), grants);
    engine = ChallengeEngine.builder(catalog, clock).recorder(recorder)
        .timeMultiplier(t -> outage.settings(t).timeMultiplier()).build();
  }

  Harness start() {
    bot.start(engine, recorder);
    fake.await("all shards connected and commands registered", () -> bot.connected()
        && fake.connectedShardIds().size() == fake.shardCount() && fake.registeredCommands().containsKey(commandsKey),
        Boolean::booleanValue);
    return this;
  }

  /** A member runs /warmup in the guild's channel; returns the private intro card. */
  Message warmup(long user) {
    return fake.awaitShown(fake.slash(GUILD, guild.channelId(), user, "warmup"));
  }

  /** A member presses a button of {@code on}; returns the message as the response shows it. */
  Message press(long user, Message on, String label) {
    return fake.awaitShown(fake.pressLabel(user, on, label));
  }

  /** An admin's /warmup-admin subcommand; returns the answer once it replaced "thinking". */
  String admin(String subcommand, DataArray options, DataObject resolved) {
    Interaction call = fake.slash(GUILD, guild.channelId(), BOB, "warmup-admin",
        FakeDiscord.subcommand(subcommand, options), resolved);
    return fake.awaitShown(call, m -> !m.deferred()).text();
  }

  Tenant tenant() {
    return new Tenant(Platform.DISCORD, Long.toString(GUILD));
  }

  Player player(long userId) {
    return new Player(Platform.DISCORD, Long.toString(GUILD), Long.toString(userId));
  }

  /**
   * Says which refusals of the fake (status 400 and up) this test provokes on purpose: a role above the bot's, a
   * press after Discord forgot the interaction. Any other refusal fails the test when the harness closes: the bot
   * sent something real Discord would refuse too, and members would miss it.
   */
  void expectRefusals(Predicate<FakeDiscord.Recorded> which) {
    expectedRefusals = expectedRefusals.or(which);
  }

  /** Requests the fake refused with Discord's JSON error {@code code} (10062 unknown interaction, 50013, ...). */
  static Predicate<FakeDiscord.Recorded> refusedWith(int code) {
    return request -> request.answer().contains("\"code\":" + code + ",");
  }

  @Override
  public void close() {
    List<String> refused;
    try {
      bot.close();
      grants.shutdownNow();
      refused = fake.requests().stream()
          .filter(request -> request.status() >= 400 && !expectedRefusals.test(request))
          .map(request -> request.method() + " " + request.path() + " -> " + request.status() + " "
              + request.answer() + " (sent " + request.bodyText() + ")")
          .toList();
    } finally {
      fake.close();
    }
    if (!refused.isEmpty()) {
      throw new AssertionError("the fake Discord refused what the bot sent, as Discord would:\n"
          + String.join("\n", refused));
    }
  }
}
