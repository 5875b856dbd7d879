package org.warmupbot.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.warmupbot.core.player.Player;

/**
 * A completed challenge. {@code runId} is fixed when the session starts, so the same run delivered twice is
 * stored once.
 */
public record FinishedRun(
    String runId,
    Player player,
    String packId,
    String packVersion,
    List<QuestionResult> questions,
    int score,
    Duration totalTime,
    Instant finishedAt,
    boolean badgeEarned) {

  public FinishedRun {
    questions = List.copyOf(questions);
  }
}
