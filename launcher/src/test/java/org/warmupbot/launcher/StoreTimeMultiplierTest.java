package org.warmupbot.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.session.ChallengeEngine;
import org.warmupbot.core.session.Command;
import org.warmupbot.core.session.Event;
import org.warmupbot.core.testing.CapturedLogs;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.core.view.Fact;

final class StoreTimeMultiplierTest {
  private static final Tenant SERVER = new Tenant(Platform.DISCORD, "81000000000000000");
  private final ResultStore store = mock(ResultStore.class);

  @Test
  void readableSettings_giveTheServersMultiplier() {
    when(store.settings(SERVER)).thenReturn(new TenantSettings(Map.of(), null, Set.of(), 2.5));

    assertThat(new StoreTimeMultiplier(store).apply(SERVER)).isEqualTo(2.5);
  }

  /**
   * The engine asks for the multiplier inside its per-member lock when a member opens or starts a challenge:
   * an unreachable store used to make that press throw (on Discord: "The application did not respond").
   */
  @Test
  void storeUnavailable_startsTheChallengeWithThePacksOwnTimesAndWarns() {
    when(store.settings(SERVER)).thenThrow(new StoreUnavailableException("connection refused", null));
    ChallengeEngine engine = ChallengeEngine.builder(TestPacks.catalogOf(TestPacks.small()),
        MutableClock.atMondayMorning()).timeMultiplier(new StoreTimeMultiplier(store)).build();
    Player alice = new Player(Platform.DISCORD, SERVER.id(), "71000000000000001");

    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.launcher")) {
      assertThat(engine.handle(alice, new Command.Open("small"), "open-1").view().fact(Fact.TimeAllowed.class))
          .contains(new Fact.TimeAllowed(Duration.ofMinutes(2)));
      assertThat(engine.handle(alice, new Command.Begin("small"), "press-1").event())
          .isInstanceOf(Event.Started.class);
      assertThat(logs.moduleWarnings()).hasSize(2)
          .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("time multiplier", "connection refused"));
    }
  }
}
