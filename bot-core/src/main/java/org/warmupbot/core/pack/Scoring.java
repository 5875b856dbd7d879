package org.warmupbot.core.pack;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a pack turns answers into points. A correct answer earns the points of its difficulty, less
 * {@code retryPenaltyPercent} for each attempt after the first and {@code hintPenaltyPercent} when the hint was
 * shown, plus up to {@code maxTimeBonus} in proportion to the time left. Wrong answers and timeouts earn 0.
 */
public record Scoring(
    Map<Difficulty, Integer> pointsByDifficulty,
    int retryPenaltyPercent,
    int hintPenaltyPercent,
    int maxTimeBonus) {

  /** The scoring a pack gets when it says nothing: 50/100/150/200 points, -50% per retry, -25% for a hint. */
  public static final Scoring DEFAULT =
      new Scoring(
          Map.of(
              Difficulty.BEGINNER, 50,
              Difficulty.INTERMEDIATE, 100,
              Difficulty.ADVANCED, 150,
              Difficulty.EXPERT, 200),
          50,
          25,
          20);

  public Scoring {
    EnumMap<Difficulty, Integer> copy = new EnumMap<>(Difficulty.class);
    copy.putAll(pointsByDifficulty);
    for (Difficulty difficulty : Difficulty.values()) {
      Integer points = copy.get(difficulty);
      if (points == null || points < 0) {
        throw new IllegalArgumentException("scoring.points." + difficulty.label() + " must be zero or more");
      }
    }
    pointsByDifficulty = Map.copyOf(copy);
    checkPercent(retryPenaltyPercent, "scoring.retryPenaltyPercent");
    checkPercent(hintPenaltyPercent, "scoring.hintPenaltyPercent");
    if (maxTimeBonus < 0) {
      throw new IllegalArgumentException("scoring.maxTimeBonus must be zero or more");
    }
  }

  private static void checkPercent(int value, String field) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(field + " must lie between 0 and 100");
    }
  }

  /**
   * Points for a correct answer on attempt {@code attempt} (1-based), with or without the hint, given {@code
   * timeLeft} of {@code timeLimit}.
   */
  public int pointsFor(Difficulty difficulty, int attempt, boolean hintUsed, Duration timeLeft, Duration timeLimit) {
    int base = pointsByDifficulty.get(difficulty);
    int keptPercent = Math.max(0, 100 - retryPenaltyPercent * (attempt - 1));
    if (hintUsed) {
      keptPercent = keptPercent * (100 - hintPenaltyPercent) / 100;
    }
    long leftMillis = Math.max(0, Math.min(timeLeft.toMillis(), timeLimit.toMillis()));
    int bonus = (int) (maxTimeBonus * leftMillis / timeLimit.toMillis());
    return base * keptPercent / 100 + bonus;
  }
}
