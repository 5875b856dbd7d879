package org.warmupbot.core.port;

import java.time.Duration;
import org.warmupbot.core.player.Platform;

/**
 * Told how long each interaction took from its arrival to its acknowledgement on the platform (the budget is 3
 * seconds on Discord and Slack). For metrics: must be quick, thread-safe, and must not throw.
 */
@FunctionalInterface
public interface AckObserver {
  AckObserver NONE = (platform, latency) -> {};

  void acknowledged(Platform platform, Duration latency);
}
