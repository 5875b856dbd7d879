package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Tenant;

/**
 * Boards read from the best tables stay index ranges, so they do not slow in proportion to members: SQLite's
 * own query plans say so.
 */
final class SqliteQueryPlanTest {

  private static final Tenant GUILD = new Tenant(Platform.DISCORD, "guild-1");

  @TempDir Path folder;
  private Path file;

  @BeforeEach
  void createSchema() {
    file = folder.resolve("warmup.db");
    JdbcStores.sqlite(file).close();
  }

  private List<String> plan(String sql) throws Exception {
    List<String> details = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
      while (rows.next()) {
        details.add(rows.getString("detail"));
      }
    }
    return details;
  }

  @Test
  void allTimeAndWeeklyBoards_pageAndRankThroughTheirRankIndex_withoutSorting() throws Exception {
    for (JdbcStore.Board board :
        List.of(JdbcStore.Board.allTime(GUILD, "warmup-mastery"), JdbcStore.Board.week(GUILD, "warmup-mastery", 0L))) {
      String index = board.table() + "_rank";

      assertThat(plan(board.pageSql()))
          .as(board.table() + " page")
          .singleElement()
          .asString()
          .startsWith("SEARCH " + board.table() + " USING COVERING INDEX " + index);
      // A standing: the histogram's rows above the score (its key), then one best-table range inside the score.
      String histogram = "SEARCH board_score_count USING PRIMARY KEY"; // WITHOUT ROWID (V3): the key is the table
      List<String> better = plan(board.betterSql());
      assertThat(better)
          .as(board.table() + " standing")
          .anyMatch(line -> line.startsWith(histogram) && line.contains("score>?"));
      assertThat(better).anyMatch(line -> line.contains(index) && line.contains("score=?"));
      assertThat(better).noneMatch(line -> line.contains(index) && line.contains("score>?"));
      assertThat(better).noneMatch(line -> line.startsWith("SCAN " + board.table()) || line.startsWith("SCAN board_score_count"));
      assertThat(plan(board.countSql())).singleElement().asString().startsWith(histogram);
    }
  }

  @Test
  void boardSinceAnyInstant_readsOnlyTheRunsSinceThen_throughTheBoardIndex() throws Exception {
    JdbcStore.Board board = JdbcStore.Board.since(GUILD, "warmup-mastery", 0L);

    for (String sql : List.of(board.pageSql(), board.countSql(), board.betterSql())) {
      assertThat(plan(sql))
          .as(sql)
          .anyMatch(line -> line.startsWith("SEARCH run USING") && line.contains("run_by_board") && line.contains("finished_us>?"))
          .noneMatch(line -> line.startsWith("SCAN run"));
    }
  }
}
