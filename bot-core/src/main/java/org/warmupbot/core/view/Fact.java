package org.warmupbot.core.view;

import java.time.Duration;
import java.time.Instant;
import org.warmupbot.core.pack.Difficulty;

/** A labelled value shown beside a view's body; adapters choose how each kind looks. */
public sealed interface Fact {

  /** Question {@code number} (1-based) of {@code total}. */
  record Progress(int number, int total) implements Fact {}

  record Category(String name) implements Fact {}

  record Level(Difficulty difficulty) implements Fact {}

  /** When the current question closes; adapters show a countdown or a local time. */
  record Deadline(Instant at) implements Fact {}

  /** Time allowed per question, for the intro card. */
  record TimeAllowed(Duration perQuestion) implements Fact {}

  record AttemptsLeft(int attempts) implements Fact {}

  record Score(int points) implements Fact {}

  record TotalTime(Duration time) implements Fact {}

  record QuestionCount(int count) implements Fact {}
}
