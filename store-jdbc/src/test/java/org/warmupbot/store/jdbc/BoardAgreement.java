package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;

/** Random boards with many exact ties, and the check that an in-process store answers them as SQL does. */
final class BoardAgreement {

  static final Tenant GUILD = new Tenant(Platform.DISCORD, "guild");
  static final String PACK = "pack";
  /** A Monday, 00:00 UTC. */
  static final Instant WEEK = Instant.parse("2025-06-02T00:00:00Z");

  private BoardAgreement() {}

  static FinishedRun run(String runId, String userId, int score, long seconds, Instant finishedAt) {
    return new FinishedRun(
        runId,
        Player.of(GUILD, userId),
        PACK,
        "v1",
        List.of(new QuestionResult("q1", "sql", score > 0, 1, false, Duration.ofSeconds(seconds), score)),
        score,
        Duration.ofSeconds(seconds),
        finishedAt,
        false);
  }

  /**
   * A random run: scores, times and finishes from small sets, so members often tie on all three; finishes in
   * the week of {@link #WEEK} or the one before.
   */
  static FinishedRun randomRun(Random random, String runId, List<String> userIds) {
    String userId = userIds.get(random.nextInt(userIds.size()));
    Instant finished = WEEK.plus(Duration.ofDays(random.nextInt(2) * 7L - 7 + random.nextInt(2))).plusSeconds(random.nextInt(3));
    return run(runId, userId, random.nextInt(4) * 100, 30 + random.nextInt(3) * 30, finished);
  }

  /** Standings of every member, pages at several offsets and the count agree on the board {@code since}. */
  static void assertAgree(JdbcStore inProcess, JdbcStore sql, List<String> userIds, @Nullable Instant since) {
    int count = sql.rankedCount(GUILD, PACK, since);
    assertThat(inProcess.rankedCount(GUILD, PACK, since)).as("count since %s", since).isEqualTo(count);
    for (String userId : userIds) {
      Player player = Player.of(GUILD, userId);
      assertThat(inProcess.standing(player, PACK, since))
          .as("standing of %s since %s", userId, since)
          .isEqualTo(sql.standing(player, PACK, since));
    }
    List<Integer> offsets = new ArrayList<>(List.of(0, 1, 2, 7, count / 2, Math.max(0, count - 3), count));
    for (int offset : offsets) {
      for (int limit : new int[] {1, 10, 1_000}) {
        assertThat(inProcess.top(GUILD, PACK, since, offset, limit))
            .as("page %d+%d since %s", offset, limit, since)
            .isEqualTo(sql.top(GUILD, PACK, since, offset, limit));
      }
    }
  }
}
