package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.ResultStoreContract;

/**
 * The store contract on PostgreSQL opened for a single bot process (boards ranked in process), and its boards
 * against a store ranked in SQL on the same database. User ids are lowercase ASCII: the in-process order of exact
 * ties is code point order, which a non-"C" collation may not share for mixed case.
 */
final class PostgresInProcessRankingTest extends ResultStoreContract<JdbcStore> {

  private static EmbeddedPostgres server;

  @BeforeAll
  static void startServer() throws Exception {
    server = EmbeddedPostgres.builder().start();
    try (Connection admin = server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE contract");
    }
  }

  private static String url() {
    return server.getJdbcUrl("postgres", "contract");
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected JdbcStore openEmptyStore() throws Exception {
    JdbcStores.open(url(), "postgres", null).close(); // migrates
    try (Connection connection = server.getDatabase("postgres", "contract").getConnection();
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                  + " AND tablename <> 'flyway_schema_history'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      statement.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
    }
    return JdbcStores.open(url(), "postgres", null, ZoneOffset.UTC, JdbcStores.Ranking.IN_PROCESS);
  }

  @Test
  void inProcessBoards_agreeWithSql_onARandomBoardWithManyTies() {
    JdbcStore store = store();
    assertThat(store.ranking()).isEqualTo(JdbcStores.Ranking.IN_PROCESS);
    Random random = new Random(11);
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      users.add("user" + i);
    }
    try (JdbcStore sql = JdbcStores.open(url(), "postgres", null, ZoneOffset.UTC)) {
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
