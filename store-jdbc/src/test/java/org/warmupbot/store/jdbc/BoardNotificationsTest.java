package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.StoreUnavailableException;

/** Payloads of board notifications, and boards suspended while the feed of runs is broken; no database. */
final class BoardNotificationsTest {

  private static final String ODD_ID = "9:a;b:1;\u00e9\u2603";
  private static final RankedBoards.BoardKey ALL =
      new RankedBoards.BoardKey("SLACK", ODD_ID, "pack:1", RankedBoards.ALL_TIME);

  private static RankedBoards emptyBoards(AtomicInteger loads) {
    return new RankedBoards(
        key -> {
          loads.incrementAndGet();
          return new RankIndex.Builder().build();
        },
        pack -> Long.MIN_VALUE);
  }

  @Test
  void payload_carriesIdsWithAnyCharacter_toTheBoard() {
    RankedBoards boards = emptyBoards(new AtomicInteger());
    assertThat(boards.read(ALL, RankIndex::size)).isZero();

    BoardNotifications.apply(
        BoardNotifications.payload("SLACK", ODD_ID, "pack:1", 1_000L, ODD_ID + "u", 300, 42_000L, 7L), boards);

    Optional<Ranked> standing = boards.read(ALL, index -> index.standing(ODD_ID + "u"));
    assertThat(standing)
        .map(ranked -> ranked.rank() + " " + ranked.score() + " " + ranked.totalTime().toNanos())
        .hasValue("1 300 42000");
  }

  @Test
  void payloadTooLongForPostgres_becomesRebuildThePack_orRebuildEverything() {
    String longUser = "u".repeat(BoardNotifications.MAX_PAYLOAD_BYTES);
    String forget = BoardNotifications.payload("SLACK", "t", "pack", 0, longUser, 1, 1, 1);
    assertThat(forget).isEqualTo("f5:SLACK1:t4:pack");
    String longPack = "\u2603".repeat(BoardNotifications.MAX_PAYLOAD_BYTES / 3);
    assertThat(BoardNotifications.payload("SLACK", "t", longPack, 0, "u", 1, 1, 1)).isEqualTo("a");

    AtomicInteger loads = new AtomicInteger();
    RankedBoards boards = emptyBoards(loads);
    RankedBoards.BoardKey board = new RankedBoards.BoardKey("SLACK", "t", "pack", RankedBoards.ALL_TIME);
    boards.read(board, RankIndex::size);
    BoardNotifications.apply(forget, boards);
    boards.read(board, RankIndex::size);
    assertThat(loads).hasValue(2); // dropped, so built again from the table
  }

  @Test
  void unreadablePayload_isRefused() {
    RankedBoards boards = emptyBoards(new AtomicInteger());
    assertThatThrownBy(() -> BoardNotifications.apply("r99:SLACK", boards)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> BoardNotifications.apply("x5:SLACK1:t4:pack", boards))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void suspend_dropsEveryBoard_andBoardsReadWhileSuspendedAreNotKept_untilResume() {
    AtomicInteger loads = new AtomicInteger();
    RankedBoards boards = emptyBoards(loads);
    boards.read(ALL, RankIndex::size);
    assertThat(boards.boardCount()).isOne();

    boards.suspend();
    assertThat(boards.live()).isFalse();
    assertThat(boards.boardCount()).isZero();
    boards.read(ALL, RankIndex::size); // a read that raced the suspension: answered, not kept
    assertThat(boards.boardCount()).isZero();

    boards.resume();
    assertThat(boards.live()).isTrue();
    boards.read(ALL, RankIndex::size);
    assertThat(boards.boardCount()).isOne();
    assertThat(loads).hasValue(3);
  }

  @Test
  void boardWhoseBuildOverlapsASuspension_answersItsReader_butIsNotKept() throws Exception {
    CountDownLatch scanning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RankedBoards boards =
        new RankedBoards(
            key -> {
              scanning.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              RankIndex.Builder builder = new RankIndex.Builder();
              builder.add("ada", 100, 1, 1);
              return builder.build();
            },
            pack -> Long.MIN_VALUE);
    CompletableFuture<Optional<Ranked>> reader =
        CompletableFuture.supplyAsync(() -> boards.read(ALL, index -> index.standing("ada")));
    assertThat(scanning.await(10, TimeUnit.SECONDS)).isTrue();
    boards.suspend();
    boards.resume(); // the listener is back, but the scan began before: it may lack runs of the gap
    release.countDown();

    assertThat(reader.get(10, TimeUnit.SECONDS)).map(Ranked::rank).hasValue(1);
    assertThat(boards.boardCount()).isZero();
  }

  @Test
  void start_whenListenFails_closesTheConnectionItOpened_andThrowsStoreUnavailable() {
    AtomicBoolean closed = new AtomicBoolean();
    Connection refusing =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "close":
                      closed.set(true);
                      return null;
                    case "createStatement":
                      throw new SQLException("LISTEN refused");
                    default:
                      return null; // setAutoCommit and the like
                  }
                });
    RankedBoards boards = emptyBoards(new AtomicInteger());
    assertThatThrownBy(
            () -> BoardNotifications.start(() -> refusing, () -> refusing, boards, "test"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("LISTEN refused");
    assertThat(closed).isTrue();
  }
}
