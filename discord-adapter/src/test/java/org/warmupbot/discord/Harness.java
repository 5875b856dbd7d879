package org.warmupbot.discord;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;

/** The real bot (JDA) against the fake Discord, with an engine on a mutable clock. */
final class Harness implements AutoCloseable {
  static final long GUILD = 81_000_000_000_000_000L;
  static final long ALICE = 71_000_000_000_000_001L;
  static final long BOB = 71_000_000_000_000_002L;

  final FakeDiscord fake;
  final FakeGuild guild;
  final MemoryStore store = new MemoryStore();
  final MutableClock clock = MutableClock.atMondayMorning();
  final ChallengeCatalog catalog;
  final ChallengePack pack = TestPacks.small();
  final ExecutorService grants = Executors.newSingleThreadExecutor();
  final DiscordBot bot;
  final RunRecorder recorder;
  final ChallengeEngine engine;

  Harness(int shards, long botPermissions) {
    fake = FakeDiscord.start(shards);
    guild = fake.addGuild(GUILD, botPermissions);
    catalog = TestPacks.catalogOf(pack);
    bot = new DiscordBot(new DiscordSettings("fake-token", 0, null, fake.restBaseUrl(), null,
        Long.toString(FakeDiscord.APPLICATION_ID)), catalog, store);
    recorder = new RunRecorder(store, Map.of(Platform.DISCORD, bot.badgeGranter()), grants);
    engine = ChallengeEngine.builder(catalog, clock).recorder(recorder)
        .timeMultiplier(t -> store.settings(t).timeMultiplier()).build();
  }

  Harness start() {
    bot.start(engine, recorder);
    fake.await("all shards connected and commands registered", () -> bot.connected()
        && fake.connectedShards() == fake.shardCount() && fake.registeredCommands().containsKey("global"),
        Boolean::booleanValue);
    return this;
  }

  Tenant tenant() {
    return new Tenant(Platform.DISCORD, Long.toString(GUILD));
  }

  Player player(long userId) {
    return new Player(Platform.DISCORD, Long.toString(GUILD), Long.toString(userId));
  }

  @Override
  public void close() {
    bot.close();
    grants.shutdownNow();
    fake.close();
  }
}
