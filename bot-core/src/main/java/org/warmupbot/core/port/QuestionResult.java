package org.warmupbot.core.port;

import java.time.Duration;

/** How one question of a finished run went. A timeout is {@code correct == false} with the full time taken. */
public record QuestionResult(
    String questionId,
    String category,
    boolean correct,
    int attemptsUsed,
    boolean hintUsed,
    Duration timeTaken,
    int points) {}
