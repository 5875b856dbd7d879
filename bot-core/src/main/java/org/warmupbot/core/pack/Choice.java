package org.warmupbot.core.pack;

/** One choice of a single-choice question; {@code id} is stable and unique within its question. */
public record Choice(String id, String label, boolean correct) {
  public Choice {
    Checks.nonBlank(id, "choice.id");
    Checks.nonBlank(label, "choice.label");
  }
}
