package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.QuestionResult;
import org.warmupbot.core.port.ResultStoreContract;

/**
 * The store contract on a real PostgreSQL server (binaries from Maven Central), started once for the class, with
 * boards ranked in SQL ({@link JdbcStores.Ranking#SQL}; the default, in process, is {@code
 * PostgresInProcessRankingTest}).
 * Each test opens the store on an emptied database: every table but Flyway's is truncated, so a table a later
 * migration adds is emptied too.
 */
final class PostgresStoreTest extends ResultStoreContract<JdbcStore> {

  @RegisterExtension
  static final PostgresDatabase database = new PostgresDatabase();

  private static String url() {
    return database.url();
  }

  @Override
  protected JdbcStore openEmptyStore() throws Exception {
    database.empty();
    return JdbcStores.open(url(), "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.SQL);
  }

  @Test
  void sqlStandings_fromTheScoreHistogram_matchBruteForce_onARandomBoardWithManyTies_asMembersImprove() {
    JdbcStore store = store();
    assertThat(store.ranking()).isEqualTo(JdbcStores.Ranking.SQL);
    Random random = new Random(23);
    List<String> users = BoardAgreement.members("user", 40);
    List<FinishedRun> saved = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 70; i++) {
        FinishedRun run = BoardAgreement.randomRun(random, "h" + saved.size(), users);
        store.save(run);
        saved.add(run);
      }
      BoardAgreement.assertMatchesBruteForce(store, saved, users, null);
      BoardAgreement.assertMatchesBruteForce(store, saved, users, BoardAgreement.WEEK);
    }
  }

  @Test
  void scoreHistogram_staysRight_whenTwoProcessesSaveTheSameMembersAtOnce() throws Exception {
    JdbcStore first = store();
    List<String> users = BoardAgreement.members("user", 15);
    List<FinishedRun> saved = java.util.Collections.synchronizedList(new ArrayList<>());
    try (JdbcStore second = JdbcStores.open(url(), "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.SQL)) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          JdbcStore store = t % 2 == 0 ? first : second;
          Random random = new Random(100 + t);
          String prefix = "t" + t + "-";
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 60; i++) {
                      FinishedRun run = BoardAgreement.randomRun(random, prefix + i, users);
                      store.save(run);
                      saved.add(run);
                    }
                    return null;
                  }));
        }
        for (java.util.concurrent.Future<?> future : done) {
          future.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    BoardAgreement.assertMatchesBruteForce(first, List.copyOf(saved), users, null);
    BoardAgreement.assertMatchesBruteForce(first, List.copyOf(saved), users, BoardAgreement.WEEK);
  }

  @Test
  void oneGroup_withSeveralRunsOfAMember_newAndKeptMembers_andTwoPacks_keepsEachBest_andTheHistogramRight()
      throws Exception {
    JdbcStore store = store();
    List<FinishedRun> saved = new ArrayList<>();
    // Kept before the group: last week (all-time entries only) and one this week (a kept weekly entry).
    for (FinishedRun run :
        List.of(
            groupRun("k1", GUILD, "ada", PACK, 200, 60, LAST_WEEK.plusSeconds(10)),
            groupRun("k2", GUILD, "bob", PACK, 100, 60, LAST_WEEK.plusSeconds(20)),
            groupRun("k3", GUILD, "cy", OTHER_PACK, 300, 60, LAST_WEEK.plusSeconds(30)),
            groupRun("k4", GUILD, "bob", OTHER_PACK, 100, 60, THIS_WEEK.plusSeconds(40)),
            groupRun("k5", OTHER_GUILD, "ada", PACK, 100, 60, LAST_WEEK.plusSeconds(50)))) {
      store.save(run);
      saved.add(run);
    }
    java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(16);
    try (java.sql.Connection blocker = java.sql.DriverManager.getConnection(url(), "postgres", null);
        java.sql.Statement statement = blocker.createStatement()) {
      List<java.util.concurrent.Future<?>> saves = new ArrayList<>();
      blocker.setAutoCommit(false);
      statement.execute("LOCK TABLE run IN EXCLUSIVE MODE"); // the writer's insert waits until the rollback
      FinishedRun first = groupRun("g0", GUILD, "dan", PACK, 50, 60, THIS_WEEK.plusSeconds(100));
      saves.add(callers.submit(() -> store.save(first)));
      saved.add(first);
      Poll.until("the writer holding one run",
          () -> store.groupCommit().writing() == 1 && store.groupCommit().queued() == 0);
      List<FinishedRun> group =
          List.of(
              groupRun("g1", GUILD, "ada", PACK, 100, 60, THIS_WEEK.plusSeconds(101)), // worse than kept
              groupRun("g2", GUILD, "ada", PACK, 300, 60, THIS_WEEK.plusSeconds(102)), // better
              groupRun("g3", GUILD, "ada", PACK, 300, 30, THIS_WEEK.plusSeconds(103)), // equal score, faster
              groupRun("g4", GUILD, "ada", PACK, 300, 30, THIS_WEEK.plusSeconds(104)), // equal, later: not better
              groupRun("g5", GUILD, "ada", PACK, 250, 10, THIS_WEEK.plusSeconds(105)), // worse
              groupRun("g6", GUILD, "eve", PACK, 150, 60, THIS_WEEK.plusSeconds(106)), // new
              groupRun("g7", GUILD, "eve", PACK, 250, 60, THIS_WEEK.plusSeconds(107)), // new in the group, better
              groupRun("g8", GUILD, "bob", PACK, 100, 90, THIS_WEEK.plusSeconds(108)), // kept, slower
              groupRun("g9", GUILD, "cy", OTHER_PACK, 400, 60, THIS_WEEK.plusSeconds(109)), // kept, better
              groupRun("g10", GUILD, "bob", OTHER_PACK, 100, 50, THIS_WEEK.plusSeconds(110)), // kept weekly, faster
              groupRun("g11", GUILD, "cy", PACK, 10, 60, THIS_WEEK.plusSeconds(111)), // new on this pack
              groupRun("g12", OTHER_GUILD, "ada", PACK, 90, 60, THIS_WEEK.plusSeconds(112)), // kept, worse
              groupRun("g13", GUILD, "eve", PACK, 250, 60, THIS_WEEK.plusSeconds(107))); // equal to g7: not better
      for (int i = 0; i < group.size(); i++) {
        FinishedRun run = group.get(i);
        saves.add(callers.submit(() -> store.save(run)));
        saved.add(run);
        int queued = i + 1;
        Poll.until(queued + " runs queued", () -> store.groupCommit().queued() == queued); // queued in this order
      }
      blocker.rollback();
      for (java.util.concurrent.Future<?> save : saves) {
        save.get(20, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(store.groupCommit().retriedGroups()).as("the group was written whole, not run by run").isZero();

    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url(), "postgres", null)) {
      for (boolean weekly : new boolean[] {false, true}) {
        java.util.Map<String, FinishedRun> best = new java.util.TreeMap<>();
        for (FinishedRun run : saved) {
          if (weekly && run.finishedAt().isBefore(THIS_WEEK)) {
            continue;
          }
          String key = run.player().tenant() + "/" + run.packId() + "/" + run.player().userId();
          best.merge(key, run, (kept, offered) -> better(offered, kept) ? offered : kept);
        }
        java.util.Map<String, String> expectedEntries = new java.util.TreeMap<>();
        java.util.Map<String, Long> expectedHistogram = new java.util.TreeMap<>();
        for (java.util.Map.Entry<String, FinishedRun> entry : best.entrySet()) {
          FinishedRun run = entry.getValue();
          expectedEntries.put(entry.getKey(), run.runId() + " " + run.score() + " " + run.totalTime().toSeconds());
          expectedHistogram.merge(
              run.player().tenant() + "/" + run.packId() + "/" + run.score(), 1L, Long::sum);
        }
        java.util.Map<String, String> entries = new java.util.TreeMap<>();
        try (java.sql.Statement query = connection.createStatement();
            java.sql.ResultSet rows =
                query.executeQuery(
                    "SELECT tenant, pack_id, user_id, run_id, score, total_nanos FROM "
                        + (weekly ? "weekly_best WHERE week_start_us = " + JdbcStore.micros(THIS_WEEK) : "best_run"))) {
          while (rows.next()) {
            entries.put(
                rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getString(3),
                rows.getString(4) + " " + rows.getInt(5) + " " + rows.getLong(6) / 1_000_000_000L);
          }
        }
        assertThat(entries).as(weekly ? "weekly_best" : "best_run").isEqualTo(expectedEntries);
        java.util.Map<String, Long> histogram = new java.util.TreeMap<>();
        try (java.sql.Statement query = connection.createStatement();
            java.sql.ResultSet rows =
                query.executeQuery(
                    "SELECT tenant, pack_id, score, members FROM board_score_count WHERE members <> 0 AND"
                        + " week_start_us = " + (weekly ? JdbcStore.micros(THIS_WEEK) : JdbcStore.ALL_TIME_WEEK))) {
          while (rows.next()) {
            histogram.put(rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getInt(3), rows.getLong(4));
          }
        }
        assertThat(histogram).as(weekly ? "weekly histogram" : "all-time histogram").isEqualTo(expectedHistogram);
      }
    }
    assertThat(store.standing(member(GUILD, "ada"), PACK, null))
        .hasValueSatisfying(ranked -> assertThat(ranked.rank()).isEqualTo(1));
    assertThat(store.top(GUILD, PACK, null, 0, 10))
        .extracting(org.warmupbot.core.port.Ranked::userId)
        .containsExactly("ada", "eve", "bob", "dan", "cy");
  }

  private static FinishedRun groupRun(
      String runId, Tenant tenant, String userId, String packId, int score, long seconds, Instant finishedAt) {
    return new FinishedRun(
        runId,
        member(tenant, userId),
        packId,
        "v1",
        List.of(new QuestionResult("q1", "sql", score > 0, 1, false, Duration.ofSeconds(seconds), score)),
        score,
        Duration.ofSeconds(seconds),
        finishedAt,
        false);
  }

  /** Ranks strictly ahead: higher score, then less time, then earlier finish. */
  private static boolean better(FinishedRun a, FinishedRun b) {
    if (a.score() != b.score()) {
      return a.score() > b.score();
    }
    int time = a.totalTime().compareTo(b.totalTime());
    return time != 0 ? time < 0 : a.finishedAt().isBefore(b.finishedAt());
  }
}
