package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.ResultStoreContract;

/**
 * The store contract on a real PostgreSQL server (binaries from Maven Central), started once for the class, with
 * boards ranked in SQL ({@link JdbcStores.Ranking#SQL}; the default, in process, is {@code
 * PostgresInProcessRankingTest}).
 * Each test opens the store on an emptied database: every table but Flyway's is truncated, so a table a later
 * migration adds is emptied too.
 */
final class PostgresStoreTest extends ResultStoreContract<JdbcStore> {

  private static PostgresDatabase database;

  @BeforeAll
  static void startServer() throws Exception {
    database = PostgresDatabase.start();
  }

  private static String url() {
    return database.url();
  }

  @AfterAll
  static void stopServer() throws Exception {
    database.close();
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
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      users.add("user" + i);
    }
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
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      users.add("user" + i);
    }
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
}
