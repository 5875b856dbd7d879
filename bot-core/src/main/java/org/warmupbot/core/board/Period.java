package org.warmupbot.core.board;

import java.util.Optional;

/** Which runs a leaderboard ranks. */
public enum Period {
  /** Runs finished since Monday 00:00 of the current ISO week, in the leaderboards' zone. */
  WEEK("week"),
  ALL_TIME("all");

  private final String key;

  Period(String key) {
    this.key = key;
  }

  /** The short name used in action ids. */
  public String key() {
    return key;
  }

  static Optional<Period> ofKey(String key) {
    for (Period period : values()) {
      if (period.key.equals(key)) {
        return Optional.of(period);
      }
    }
    return Optional.empty();
  }
}
