package org.warmupbot.core.port;

import java.time.Instant;
import java.util.List;
import org.warmupbot.core.player.Player;

/**
 * A live session written down so a restarted bot resumes it. The deadline is an instant, so time keeps
 * running while the bot is down: a question whose deadline passed meanwhile resumes as a timeout.
 *
 * @param answering true while the current question is open, false once its outcome is shown
 */
public record SessionSnapshot(
    Player player,
    String runId,
    String packId,
    String packVersion,
    long seed,
    double timeMultiplier,
    Instant startedAt,
    int questionIndex,
    boolean answering,
    int attemptsUsed,
    boolean hintUsed,
    Instant questionStartedAt,
    Instant deadline,
    List<QuestionResult> done) {

  public SessionSnapshot {
    done = List.copyOf(done);
  }
}
