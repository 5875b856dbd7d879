package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.warmupbot.store.jdbc.BoardAgreement.GUILD;
import static org.warmupbot.store.jdbc.BoardAgreement.PACK;
import static org.warmupbot.store.jdbc.BoardAgreement.WEEK;
import static org.warmupbot.store.jdbc.BoardAgreement.run;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.Ranked;

/**
 * The SQLite store as the bot opens it (boards ranked in process) against a second store on the same file ranked
 * in SQL, which only reads: the in-process boards must answer exactly as SQL does.
 */
final class SqliteInProcessRankingTest {

  private static final Instant LAST_WEEK = WEEK.minus(Duration.ofDays(7));

  @TempDir Path folder;

  private JdbcStore inProcess() {
    JdbcStore store = JdbcStores.sqlite(folder.resolve("warmup.db"), ZoneOffset.UTC);
    assertThat(store.ranking()).isEqualTo(JdbcStores.Ranking.IN_PROCESS);
    return store;
  }

  private JdbcStore sqlReader() {
    return JdbcStores.sqlite(folder.resolve("warmup.db"), ZoneOffset.UTC, JdbcStores.Ranking.SQL);
  }

  private static List<String> userIds(Random random, int members) {
    String[] prefixes = {"a", "B", "b", "\u00e9", "\uffef", "\ud83d\ude00", "Z"};
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      ids.add(prefixes[random.nextInt(prefixes.length)] + i);
    }
    return ids;
  }

  @Test
  void inProcessBoards_agreeWithSql_onRandomBoardsWithManyTies_beforeAndAfterMoreSaves() {
    for (long seed = 1; seed <= 4; seed++) {
      Random random = new Random(seed);
      List<String> users = userIds(random, 10 + random.nextInt(50));
      try (JdbcStore store = inProcess(); JdbcStore sql = sqlReader()) {
        int runs = 0;
        for (int i = 0; i < 60; i++) {
          store.save(BoardAgreement.randomRun(random, "s" + seed + "-" + runs++, users));
        }
        // First reads build the boards; the saves that follow are applied to them.
        for (Instant since : new Instant[] {null, WEEK, LAST_WEEK}) {
          BoardAgreement.assertAgree(store, sql, users, since);
        }
        for (int i = 0; i < 120; i++) {
          store.save(BoardAgreement.randomRun(random, "s" + seed + "-" + runs++, users));
        }
        for (Instant since : new Instant[] {null, WEEK, LAST_WEEK, WEEK.plusSeconds(1)}) {
          BoardAgreement.assertAgree(store, sql, users, since);
        }
        assertThat(store.rankedBoards().boardCount()).as("all time and this week's board").isEqualTo(2);
      }
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        folder.resolve("warmup.db" + suffix).toFile().delete();
      }
    }
  }

  @Test
  void aBetterRun_movesTheMemberUp_andAWorseOneDoesNot() {
    try (JdbcStore store = inProcess()) {
      store.save(run("r1", "ada", 300, 60, WEEK.plusSeconds(1)));
      store.save(run("r2", "bob", 200, 60, WEEK.plusSeconds(2)));
      store.save(run("r3", "cy", 100, 60, WEEK.plusSeconds(3)));
      assertThat(store.standing(Player.of(GUILD, "cy"), PACK, null)).map(Ranked::rank).hasValue(3);

      store.save(run("r4", "cy", 200, 30, WEEK.plusSeconds(4))); // same score as bob, faster
      assertThat(store.standing(Player.of(GUILD, "cy"), PACK, null))
          .hasValue(new Ranked(2, "cy", 200, Duration.ofSeconds(30), WEEK.plusSeconds(4)));
      assertThat(store.standing(Player.of(GUILD, "bob"), PACK, null)).map(Ranked::rank).hasValue(3);

      store.save(run("r5", "cy", 500, 90, WEEK.plusSeconds(5)));
      store.save(run("r6", "ada", 100, 10, WEEK.plusSeconds(6))); // worse than ada's 300: kept out
      store.save(run("r7", "cy", 500, 95, WEEK.plusSeconds(7))); // ties cy's score, slower: kept out
      assertThat(store.top(GUILD, PACK, null, 0, 10))
          .containsExactly(
              new Ranked(1, "cy", 500, Duration.ofSeconds(90), WEEK.plusSeconds(5)),
              new Ranked(2, "ada", 300, Duration.ofSeconds(60), WEEK.plusSeconds(1)),
              new Ranked(3, "bob", 200, Duration.ofSeconds(60), WEEK.plusSeconds(2)));
      assertThat(store.top(GUILD, PACK, WEEK, 0, 10)).isEqualTo(store.top(GUILD, PACK, null, 0, 10));
      assertThat(store.rankedCount(GUILD, PACK, null)).isEqualTo(3);
    }
  }

  @Test
  void aNewWeekStart_givesANewBoard_andTheOldWeekIsThenReadFromTheRuns() {
    Instant nextWeek = WEEK.plus(Duration.ofDays(7));
    try (JdbcStore store = inProcess(); JdbcStore sql = sqlReader()) {
      store.save(run("r1", "ada", 300, 60, WEEK.plusSeconds(10)));
      store.save(run("r2", "bob", 200, 60, WEEK.plusSeconds(20)));
      assertThat(store.top(GUILD, PACK, WEEK, 0, 10)).extracting(Ranked::userId).containsExactly("ada", "bob");
      assertThat(store.top(GUILD, PACK, nextWeek, 0, 10)).as("the new week, before anyone played it").isEmpty();

      store.save(run("r3", "bob", 100, 60, nextWeek.plusSeconds(5)));

      assertThat(store.top(GUILD, PACK, nextWeek, 0, 10))
          .containsExactly(new Ranked(1, "bob", 100, Duration.ofSeconds(60), nextWeek.plusSeconds(5)));
      assertThat(store.standing(Player.of(GUILD, "ada"), PACK, nextWeek)).isEmpty();
      // The old week start now has a later week: like SQL, it ranks the runs since then, later weeks included.
      assertThat(store.top(GUILD, PACK, WEEK, 0, 10)).isEqualTo(sql.top(GUILD, PACK, WEEK, 0, 10));
      assertThat(store.top(GUILD, PACK, WEEK, 0, 10)).extracting(Ranked::userId).containsExactly("ada", "bob");
      assertThat(store.rankedBoards().boardCount()).as("the new week's board only: none read all time").isEqualTo(1);
      for (Instant since : new Instant[] {null, WEEK, nextWeek}) {
        BoardAgreement.assertAgree(store, sql, List.of("ada", "bob"), since);
      }
    }
  }

  @Test
  void concurrentSavesAndStandings_fromRealThreads_seeEachSaversOwnRun_andEndAgreeingWithSql() throws Exception {
    List<String> users = BoardAgreement.members("user", 40);
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try (JdbcStore store = inProcess(); JdbcStore sql = sqlReader()) {
      for (int i = 0; i < 20; i++) {
        store.save(BoardAgreement.randomRun(new Random(i), "seed" + i, users));
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        work.add(
            threads.submit(
                (Callable<Void>)
                    () -> {
                      Random random = new Random(100 + thread);
                      start.await();
                      for (int i = 0; i < 60; i++) {
                        FinishedRun run = BoardAgreement.randomRun(random, "t" + thread + "-" + i, users);
                        store.save(run);
                        // Read your writes: the member's best is at least this run, on both boards it is on.
                        Optional<Ranked> best = store.standing(run.player(), PACK, null);
                        assertThat(best).isPresent();
                        assertThat(best.get().score()).isGreaterThanOrEqualTo(run.score());
                      }
                      return null;
                    }));
      }
      for (int t = 0; t < 3; t++) {
        int thread = t;
        work.add(
            threads.submit(
                (Callable<Void>)
                    () -> {
                      Random random = new Random(200 + thread);
                      start.await();
                      for (int i = 0; i < 300; i++) {
                        Instant since = random.nextBoolean() ? null : WEEK;
                        int count = store.rankedCount(GUILD, PACK, since);
                        Optional<Ranked> standing =
                            store.standing(Player.of(GUILD, users.get(random.nextInt(users.size()))), PACK, since);
                        standing.ifPresent(ranked -> assertThat(ranked.rank()).isBetween(1, users.size()));
                        List<Ranked> page = store.top(GUILD, PACK, since, 0, 10);
                        assertThat(page.size()).isLessThanOrEqualTo(Math.max(count, 10));
                        if (!page.isEmpty()) {
                          assertThat(page.get(0).rank()).isEqualTo(1);
                        }
                      }
                      return null;
                    }));
      }
      start.countDown();
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
      for (Instant since : new Instant[] {null, WEEK, LAST_WEEK}) {
        BoardAgreement.assertAgree(store, sql, users, since);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void reopening_rebuildsTheBoardsFromTheTables() {
    try (JdbcStore store = inProcess()) {
      store.save(run("r1", "ada", 300, 60, WEEK.plusSeconds(10)));
      assertThat(store.standing(Player.of(GUILD, "ada"), PACK, null)).map(Ranked::rank).hasValue(1);
    }
    try (JdbcStore sql = sqlReader()) {
      sql.save(run("r2", "bob", 400, 60, WEEK.plusSeconds(20))); // written while no in-process store is open
    }
    try (JdbcStore store = inProcess()) {
      assertThat(store.standing(Player.of(GUILD, "ada"), PACK, null)).map(Ranked::rank).hasValue(2);
    }
  }
}
