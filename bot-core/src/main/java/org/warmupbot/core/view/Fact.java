package org.warmupbot.core.view;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.warmupbot.core.pack.Difficulty;

/** A labelled value shown beside a view's body; adapters choose how each kind looks. */
public sealed interface Fact {

  /** Question {@code number} (1-based) of {@code total}. */
  record Progress(int number, int total) implements Fact {}

  record Category(String name) implements Fact {}

  record Level(Difficulty difficulty) implements Fact {}

  /** When the current question closes; adapters show a countdown or a local time. */
  record Deadline(Instant at) implements Fact {}

  /**
   * Time allowed per question, for the intro card: {@code shortest} to {@code longest} when the questions' limits
   * differ, one value when they are all the same ({@link #varies()} false).
   */
  record TimeAllowed(Duration shortest, Duration longest) implements Fact {
    public TimeAllowed {
      if (shortest.compareTo(longest) > 0) {
        throw new IllegalArgumentException("TimeAllowed.shortest " + shortest + " is longer than longest " + longest);
      }
    }

    /** Every question has {@code perQuestion}. */
    public TimeAllowed(Duration perQuestion) {
      this(perQuestion, perQuestion);
    }

    /** As every renderer shows it: "2:00", or "0:30 to 1:30" when the limits differ, each limit by {@code clock}. */
    public String shown(Function<Duration, String> clock) {
      return varies() ? clock.apply(shortest) + " to " + clock.apply(longest) : clock.apply(shortest);
    }

    /** Whether the questions have different limits. */
    public boolean varies() {
      return !shortest.equals(longest);
    }
  }

  record AttemptsLeft(int attempts) implements Fact {}

  record Score(int points) implements Fact {}

  record TotalTime(Duration time) implements Fact {}

  record QuestionCount(int count) implements Fact {}
}
