package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.AckObserver;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.PackReloader;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.RunRecorder;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.discord.fake.FakeDiscord;

/** What an operator reads when the real JDA cannot log in: a refused token and an unreachable Discord apart. */
final class DiscordStartFailuresTest {
  private final ChallengeCatalog catalog = TestPacks.catalogOf(TestPacks.small());
  private final InMemoryStore store = new InMemoryStore();
  private final MutableClock clock = MutableClock.atMondayMorning();

  private Throwable failedStart(String restBaseUrl) {
    DiscordSettings settings = new DiscordSettings("fake-token", 1, null, restBaseUrl, null, null, Set.of());
    try (DiscordBot bot =
        new DiscordBot(settings, catalog, store, clock, ZoneOffset.UTC, AckObserver.NONE, PackReloader.NONE)) {
      RunRecorder recorder = new RunRecorder(store, Map.of(), Runnable::run);
      ChallengeEngine engine = ChallengeEngine.builder(catalog, clock).recorder(recorder).build();
      Throwable failure = catchThrowable(() -> bot.start(engine, recorder));
      assertThat(bot.connected()).isFalse();
      return failure;
    }
  }

  @Test
  void aTokenDiscordRefuses_failsToStart_namingTheSetting_notTheNetwork() {
    try (FakeDiscord fake = FakeDiscord.start(1)) {
      fake.refuseToken();

      assertThat(failedStart(fake.restBaseUrl()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("could not start the Discord bot: Discord refused the bot token; check DISCORD_TOKEN: the token "
              + "from the Developer Portal's Bot page (Reset Token gives a new one)");
    }
  }

  @Test
  void aDiscordThatCannotBeReached_failsToStart_sayingWhereAndWhatToCheck_notThatTheTokenIsWrong() {
    String nowhere = "http://127.0.0.1:9/api/v10/"; // the discard port: nothing listens there

    assertThat(failedStart(nowhere))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("could not start the Discord bot: Discord could not be reached at " + nowhere)
        .hasMessageContaining("Connect").hasMessageContaining("network")
        .hasMessageNotContaining("token");
  }
}
