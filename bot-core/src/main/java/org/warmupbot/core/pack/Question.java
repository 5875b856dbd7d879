package org.warmupbot.core.pack;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One question of a pack. {@code timeLimit} and {@code attempts} are already resolved against the pack's
 * defaults, so the engine never looks further.
 */
public record Question(
    String id,
    String category,
    Difficulty difficulty,
    String title,
    String prompt,
    @Nullable Code code,
    Answer answer,
    String hint,
    String explanation,
    Duration timeLimit,
    int attempts) {

  public Question {
    Checks.nonBlank(id, "question.id");
    Checks.nonBlank(category, "question.category");
    Checks.nonBlank(title, "question.title");
    Checks.nonBlank(prompt, "question.prompt");
    Checks.nonBlank(hint, "question.hint");
    Checks.nonBlank(explanation, "question.explanation");
    if (difficulty == null || answer == null || timeLimit == null) {
      throw new IllegalArgumentException("question " + id + ": difficulty, answer and timeLimit must be set");
    }
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("question " + id + ": timeLimit must be positive");
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("question " + id + ": attempts must be at least 1");
    }
  }

  /** The text of the right answer, as a member would read it in an explanation. */
  public String rightAnswerText() {
    return answer.rightAnswerText();
  }
}
