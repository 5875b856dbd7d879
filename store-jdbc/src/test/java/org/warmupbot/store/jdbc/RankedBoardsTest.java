package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.StoreUnavailableException;

/** Builds, offers that arrive during a build, failed builds and week boards, with a loader the test controls. */
final class RankedBoardsTest {

  private static final RankedBoards.BoardKey ALL =
      new RankedBoards.BoardKey("DISCORD", "guild", "pack", RankedBoards.ALL_TIME);

  private static RankIndex board(String userId, int score) {
    RankIndex.Builder builder = new RankIndex.Builder();
    builder.add(userId, score, 60_000_000_000L, 1);
    return builder.build();
  }

  private static void commit(RankedBoards boards, long week, String userId, int score) {
    boards.committed("DISCORD", "guild", "pack", week, userId, score, 60_000_000_000L, 2);
  }

  @Test
  void offersCommittedDuringABuild_areKept_andAnOlderRowFromTheScanDoesNotUndoThem() throws Exception {
    CountDownLatch scanning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RankedBoards boards =
        new RankedBoards(
            key -> {
              scanning.countDown();
              await(release);
              return board("ada", 100); // the scan read ada's old best, before her better run committed
            },
            pack -> Long.MIN_VALUE);
    CompletableFuture<Optional<Ranked>> reader =
        CompletableFuture.supplyAsync(() -> boards.read(ALL, index -> index.standing("bob")));
    assertThat(scanning.await(10, TimeUnit.SECONDS)).isTrue();
    commit(boards, 0, "ada", 300); // committed after the scan began: not in what it read
    commit(boards, 0, "bob", 200);
    release.countDown();

    assertThat(reader.get(10, TimeUnit.SECONDS)).map(Ranked::rank).hasValue(2);
    List<Ranked> page = boards.read(ALL, index -> index.page(0, 10));
    assertThat(page)
        .extracting(Ranked::userId, Ranked::score)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ada", 300), org.assertj.core.groups.Tuple.tuple("bob", 200));
  }

  @Test
  void aFailedBuild_failsItsReader_andTheNextReadBuildsAgain() {
    AtomicInteger loads = new AtomicInteger();
    RankedBoards boards =
        new RankedBoards(
            key -> {
              if (loads.incrementAndGet() == 1) {
                throw new StoreUnavailableException("store x: could not rank", new java.sql.SQLException("gone"));
              }
              return board("ada", 100);
            },
            pack -> Long.MIN_VALUE);

    assertThatThrownBy(() -> boards.read(ALL, RankIndex::size)).isInstanceOf(StoreUnavailableException.class);
    assertThat(boards.boardCount()).isZero();
    assertThat(boards.read(ALL, RankIndex::size)).isEqualTo(1);
    assertThat(loads).hasValue(2);
  }

  @Test
  void aBoardNotReadYet_ignoresOffers_andIsBuiltFromTheTableLater() {
    RankedBoards boards = new RankedBoards(key -> board("ada", 100), pack -> Long.MIN_VALUE);
    commit(boards, 0, "bob", 500);
    assertThat(boards.boardCount()).isZero();
    Optional<Ranked> bob = boards.read(ALL, index -> index.standing("bob"));
    assertThat(bob).as("only what the table held").isEmpty();
  }

  @Test
  void aLaterWeek_raisesTheLatestWeek_andDropsTheEarlierWeeksBoards() {
    long week1 = 1_000;
    long week2 = 2_000;
    RankedBoards boards = new RankedBoards(key -> board("ada", 100), pack -> week1);
    RankedBoards.PackKey pack = ALL.pack();
    assertThat(boards.latestWeek(pack)).isEqualTo(week1);
    boards.read(new RankedBoards.BoardKey("DISCORD", "guild", "pack", week1), RankIndex::size);
    boards.read(ALL, RankIndex::size);
    assertThat(boards.boardCount()).isEqualTo(2);

    commit(boards, week2, "bob", 200);

    assertThat(boards.latestWeek(pack)).isEqualTo(week2);
    assertThat(boards.boardCount()).as("all time only: week 1 is read from the runs now").isEqualTo(1);
  }

  @Test
  void forget_dropsThePacksBoards_soTheyAreBuiltAgain() {
    AtomicInteger loads = new AtomicInteger();
    RankedBoards boards =
        new RankedBoards(
            key -> {
              loads.incrementAndGet();
              return board("ada", 100);
            },
            pack -> Long.MIN_VALUE);
    boards.read(ALL, RankIndex::size);
    boards.forget(List.of(ALL.pack()));
    boards.read(ALL, RankIndex::size);
    assertThat(loads).hasValue(2);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("not released within 10 s");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
