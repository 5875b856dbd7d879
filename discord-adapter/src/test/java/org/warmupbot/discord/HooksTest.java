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
}
