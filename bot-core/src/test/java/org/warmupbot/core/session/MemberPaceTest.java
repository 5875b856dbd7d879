package org.warmupbot.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.testing.MutableClock;

final class MemberPaceTest {
  private static final Player ADA = new Player(Platform.DISCORD, "guild-1", "ada");
  private static final Player BOB = new Player(Platform.DISCORD, "guild-1", "bob");

  @Test
  void aMemberPastTheAllowance_isRefusedUntilTheWindowEnds_othersAreNot() {
    MutableClock clock = MutableClock.atMondayMorning();
    MemberPace pace = new MemberPace(clock);
    for (int i = 0; i < MemberPace.REQUESTS; i++) {
      assertThat(pace.allow(ADA)).as("request %d", i + 1).isTrue();
    }

    assertThat(pace.allow(ADA)).isFalse();
    assertThat(pace.allow(BOB)).isTrue();
    clock.advance(MemberPace.WINDOW.minusMillis(1));
    assertThat(pace.allow(ADA)).as("still the same window").isFalse();
    clock.advance(java.time.Duration.ofMillis(1));
    assertThat(pace.allow(ADA)).as("the next window").isTrue();
  }
}
