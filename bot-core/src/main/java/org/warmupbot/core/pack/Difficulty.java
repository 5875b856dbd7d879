package org.warmupbot.core.pack;

import java.util.Locale;

/** How hard a question is; points per question are set per difficulty in each pack's {@link Scoring}. */
public enum Difficulty {
  BEGINNER,
  INTERMEDIATE,
  ADVANCED,
  EXPERT;

  /** The lower-case name used in pack files and shown to members, e.g. {@code "advanced"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
