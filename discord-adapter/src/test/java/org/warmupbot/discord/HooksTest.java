package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.session.GrantRetries;

final class HooksTest {
  private final Player alice = new Player(Platform.DISCORD, "1", "2");

  @Test
  void liveHook_isGivenBack() {
    Hooks hooks = new Hooks();
    InteractionHook hook = mock(InteractionHook.class);
    hooks.remember(alice, hook);
    assertThat(hooks.live(alice)).isSameAs(hook);
  }

  @Test
  void expiredHook_isDroppedNotGivenBack() {
    Hooks hooks = new Hooks();
    InteractionHook hook = mock(InteractionHook.class);
    when(hook.isExpired()).thenReturn(true);
    hooks.remember(alice, hook);
    assertThat(hooks.live(alice)).isNull();
    when(hook.isExpired()).thenReturn(false);
    assertThat(hooks.live(alice)).as("dropped on first sight").isNull();
  }

  @Test
  void hookIsForgotten_fifteenMinutesAfterTheLastPress_soPastMembersHoldNoMemory() {
    AtomicLong nanos = new AtomicLong();
    Hooks hooks = new Hooks(nanos::get);
    InteractionHook hook = mock(InteractionHook.class);
    hooks.remember(alice, hook);
    hooks.remember(new Player(Platform.DISCORD, "1", "3"), mock(InteractionHook.class));

    nanos.addAndGet(Hooks.LIFETIME.minusSeconds(1).toNanos());
    assertThat(hooks.live(alice)).isSameAs(hook);

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(hooks.live(alice)).isNull();
    assertThat(hooks.held()).isZero();
  }

  /**
   * The note that a role grant waits for the admins is sent through the member's last interaction (usually the
   * press that finished the run) once the bot's automatic retries are used up: the longest they can take, with
   * their spread, must end while that interaction can still speak to the member.
   */
  @Test
  void automaticGrantRetries_endWhileTheFinishingPressCanStillTellTheMember() {
    Duration longest = Duration.ZERO;
    for (Duration wait : GrantRetries.DEFAULT_BACKOFF) {
      longest = longest.plus(wait).plus(wait.dividedBy(4)); // RANDOM_QUARTER's most
    }
    assertThat(longest).isLessThan(Hooks.LIFETIME.minusMinutes(1));
  }
}
