package org.warmupbot.core.player;

import java.util.Locale;

/** Where a member plays. The terminal is a platform of its own so its runs rank apart. */
public enum Platform {
  DISCORD,
  SLACK,
  TERMINAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
