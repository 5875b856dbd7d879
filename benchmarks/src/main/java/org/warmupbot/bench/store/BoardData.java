package org.warmupbot.bench.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;

/**
 * The benchmark's board: one tenant, one pack, player {@code i} with one run drawn from a generator seeded by
 * {@code i}, so SQLite, PostgreSQL and Redis hold the same entries without keeping 10^6 of them in memory.
 *
 * <p>A run has 5 questions, each right with probability 0.7 for 50 to 100 points, answered in 5 to 120 s (whole
 * milliseconds); it finished in the benchmark week. Scores run 0..500, so many members share a score and the
 * time decides.
 */
final class BoardData {

  static final Tenant TENANT = new Tenant(Platform.DISCORD, "900000000000000001");
  static final String PACK = "sql-basics";
  static final String PACK_VERSION = "1";
  static final int QUESTIONS = 5;
  /** Monday 2025-06-02 00:00 UTC: the week every benchmark run finished in (the store's default week zone). */
  static final Instant WEEK_START = Instant.parse("2025-06-02T00:00:00Z");

  private BoardData() {}

  /** One generated run: the columns the store writes, with question points and times in milliseconds. */
  record Entry(
      int player, String userId, String runId, int[] points, long[] millis, int score, long totalNanos, long finishedMicros) {

    FinishedRun toRun() {
      List<QuestionResult> results = new ArrayList<>(QUESTIONS);
      for (int q = 0; q < QUESTIONS; q++) {
        results.add(
            new QuestionResult("q" + q, "cat" + q, points[q] > 0, points[q] > 0 ? 1 : 2, false, Duration.ofMillis(millis[q]), points[q]));
      }
      Instant finished = Instant.ofEpochSecond(finishedMicros / 1_000_000, (finishedMicros % 1_000_000) * 1_000);
      return new FinishedRun(
          runId, Player.of(TENANT, userId), PACK, PACK_VERSION, results, score, Duration.ofNanos(totalNanos), finished, score == 500);
    }

    long totalMillis() {
      return totalNanos / 1_000_000;
    }
  }

  /** Player {@code i}'s run on the leaderboard board. */
  static Entry entry(int i) {
    return generate(i, "r" + pad(i), new SplittableRandom(0x5EED_0000_0000L ^ i));
  }

  /**
   * Run ids as the bot makes them (the start's millisecond in 12 hex digits, then 64 random bits: new runs land
   * at the end of the indexes keyed by run id); with {@code -Dbench.runIds=random}, as the bot made them before
   * (64 random bits: anywhere in those indexes). Until the bot's ids began with their time, this benchmark used
   * {@code "w" + seq}, nearly in order: its figures were the time-ordered case.
   */
  private static final boolean RANDOM_RUN_IDS = "random".equals(System.getProperty("bench.runIds"));

  /**
   * When fresh runs finished: by default now, as the bot stamps a run when its last answer lands (in the last day
   * of the benchmark week, after every entry of the board, and in order: the next one sorts at the end of the
   * indexes keyed by finish time, as {@code run_by_board}); with {@code -Dbench.finish=random}, anywhere in the
   * week, as this benchmark drew them until round 11 (a random place in those indexes: about a quarter fewer runs
   * per second on SQLite, a case the bot never meets).
   */
  private static final boolean RANDOM_FINISH = "random".equals(System.getProperty("bench.finish"));

  private static final long FRESH_FROM_MICROS = WEEK_START.getEpochSecond() * 1_000_000L + 6L * 86_400 * 1_000_000;
  private static final long CLASS_LOADED_NANOS = System.nanoTime();

  /** A fresh run for one of the first {@code players} members, for the write benchmark. */
  static Entry freshRun(int players, SplittableRandom random) {
    int player = random.nextInt(players);
    String runId = RANDOM_RUN_IDS
        ? String.format("%016x", random.nextLong())
        : String.format("%012x%016x", System.currentTimeMillis(), random.nextLong());
    Entry drawn = generate(player, runId, random);
    if (RANDOM_FINISH) {
      return drawn;
    }
    long now = FRESH_FROM_MICROS + (System.nanoTime() - CLASS_LOADED_NANOS) / 1_000;
    return new Entry(
        player, drawn.userId(), runId, drawn.points(), drawn.millis(), drawn.score(), drawn.totalNanos(), now);
  }

  private static Entry generate(int player, String runId, SplittableRandom random) {
    int[] points = new int[QUESTIONS];
    long[] millis = new long[QUESTIONS];
    int score = 0;
    long total = 0;
    for (int q = 0; q < QUESTIONS; q++) {
      points[q] = random.nextInt(10) < 7 ? 50 + random.nextInt(51) : 0;
      millis[q] = 5_000 + random.nextInt(115_001);
      score += points[q];
      total += millis[q];
    }
    long finished = WEEK_START.getEpochSecond() * 1_000_000L + random.nextLong(6L * 86_400 * 1_000_000);
    return new Entry(player, "u" + pad(player), runId, points, millis, score, total * 1_000_000L, finished);
  }

  static String userId(int player) {
    return "u" + pad(player);
  }

  private static String pad(long i) {
    String digits = Long.toString(i);
    return "0".repeat(Math.max(0, 7 - digits.length())) + digits;
  }
}
