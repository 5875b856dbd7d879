package org.warmupbot.core.pack;

/** The badge a perfect run earns: its name, an emoji, and the sentence that tells members how to earn it. */
public record Badge(String name, String emoji, String howToEarn) {
  public Badge {
    Checks.nonBlank(name, "badge.name");
    Checks.nonBlank(emoji, "badge.emoji");
    Checks.nonBlank(howToEarn, "badge.howToEarn");
  }
}
