package org.warmupbot.core.view;

import java.time.Duration;
import java.util.Locale;

/** How every screen writes a duration: {@code m:ss}, {@code h:mm:ss} from an hour, whole seconds (cut, not rounded). */
public final class ClockText {
  private ClockText() {}

  /** {@code 1:05} for 65.9 s, {@code 1:02:05} for 3725 s; a negative duration reads {@code 0:00}. */
  public static String of(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
