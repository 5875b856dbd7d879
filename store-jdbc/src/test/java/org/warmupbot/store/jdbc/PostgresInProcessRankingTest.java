package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.warmupbot.core.port.ResultStoreContract;

/**
 * The store contract on PostgreSQL opened as the launcher opens it (boards ranked in process, the default), and its boards
 * against a store ranked in SQL on the same database. User ids are lowercase ASCII: the in-process order of exact
 * ties is code point order, which a non-"C" collation may not share for mixed case.
 */
final class PostgresInProcessRankingTest extends ResultStoreContract<JdbcStore> {

  @RegisterExtension
  static final PostgresDatabase database = new PostgresDatabase();

  private static String url() {
    return database.url();
  }

  @Override
  protected JdbcStore openEmptyStore() throws Exception {
    database.empty();
    return JdbcStores.open(url(), "postgres", null, ZoneOffset.UTC);
  }

  @Test
  void inProcessBoards_agreeWithSql_onARandomBoardWithManyTies() {
    JdbcStore store = store();
    assertThat(store.ranking()).isEqualTo(JdbcStores.Ranking.IN_PROCESS);
    Random random = new Random(11);
    List<String> users = BoardAgreement.members("user", 40);
    try (JdbcStore sql = JdbcStores.open(url(), "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.SQL)) {
      assertThat(sql.ranking()).isEqualTo(JdbcStores.Ranking.SQL);
      for (int i = 0; i < 60; i++) {
        store.save(BoardAgreement.randomRun(random, "a" + i, users));
      }
      BoardAgreement.assertAgree(store, sql, users, null);
      BoardAgreement.assertAgree(store, sql, users, BoardAgreement.WEEK);
      for (int i = 0; i < 100; i++) {
        store.save(BoardAgreement.randomRun(random, "b" + i, users));
      }
      for (Instant since : new Instant[] {null, BoardAgreement.WEEK, BoardAgreement.WEEK.minusSeconds(7 * 86_400)}) {
        BoardAgreement.assertAgree(store, sql, users, since);
      }
    }
  }
}
