package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;
import org.warmupbot.core.port.Ranked;

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

  /** {@code count} member ids, {@code prefix} then 0, 1, ...; a list the caller may add to. */
  static List<String> members(String prefix, int count) {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(prefix + i);
    }
    return members;
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

  /**
   * Every member's standing and the member count on the board {@code since} (null, or a week start with no later
   * week) agree with a brute-force count over the runs saved: each member's best run since then, ranked 1 + the
   * members with a strictly better (score, time, finish).
   */
  static void assertMatchesBruteForce(
      JdbcStore store, List<FinishedRun> saved, List<String> userIds, @Nullable Instant since) {
    Map<String, FinishedRun> best = new HashMap<>();
    for (FinishedRun run : saved) {
      if (since == null || !run.finishedAt().isBefore(since)) {
        best.merge(run.player().userId(), run, (kept, offered) -> better(offered, kept) ? offered : kept);
      }
    }
    assertThat(store.rankedCount(GUILD, PACK, since)).as("count since %s", since).isEqualTo(best.size());
    for (String userId : userIds) {
      FinishedRun mine = best.get(userId);
      Optional<Ranked> expected = Optional.empty();
      if (mine != null) {
        int ahead = 0;
        for (FinishedRun other : best.values()) {
          if (better(other, mine)) {
            ahead++;
          }
        }
        expected =
            Optional.of(new Ranked(ahead + 1, userId, mine.score(), mine.totalTime(), mine.finishedAt()));
      }
      assertThat(store.standing(Player.of(GUILD, userId), PACK, since))
          .as("standing of %s since %s", userId, since)
          .isEqualTo(expected);
    }
  }

  /** Whether {@code a} ranks strictly ahead of {@code b}: higher score, then less time, then earlier finish. */
  private static boolean better(FinishedRun a, FinishedRun b) {
    if (a.score() != b.score()) {
      return a.score() > b.score();
    }
    int time = a.totalTime().compareTo(b.totalTime());
    return time != 0 ? time < 0 : a.finishedAt().isBefore(b.finishedAt());
  }
}
