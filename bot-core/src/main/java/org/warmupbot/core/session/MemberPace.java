package org.warmupbot.core.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import org.warmupbot.core.player.Player;

/**
 * How many requests that read the store (boards, profiles, page turns) one member may make in a window: the
 * adapters serve them on small pools shared with everyone's run writes and announcements, so a member asking as
 * fast as a script can would delay everyone else. Far above what a person does by hand. Thread-safe.
 */
public final class MemberPace {
  public static final int REQUESTS = 20;
  public static final Duration WINDOW = Duration.ofSeconds(10);
  public static final String SLOW_DOWN = "That is a lot of boards at once: wait a few seconds, then try again.";

  private final Clock clock;
  /** Members seen in the last two windows; one who stopped asking is forgotten. */
  private final Cache<Player, Window> windows =
      Caffeine.newBuilder().expireAfterAccess(WINDOW.multipliedBy(2)).maximumSize(100_000).build();

  public MemberPace(Clock clock) {
    this.clock = clock;
  }

  /** Counts one request of {@code player}; false when it is past the window's allowance (then it is not served). */
  public boolean allow(Player player) {
    long now = clock.millis();
    Window window = windows.get(player, p -> new Window(now));
    synchronized (window) {
      if (now - window.start >= WINDOW.toMillis()) {
        window.start = now;
        window.count = 0;
      }
      return ++window.count <= REQUESTS;
    }
  }

  private static final class Window {
    long start;
    int count;

    Window(long start) {
      this.start = start;
    }
  }
}
