package org.warmupbot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.testing.CapturedLogs;

final class GroupCommitTest {

  private final ExecutorService callers = Executors.newFixedThreadPool(8);
  private final List<List<String>> groups = new CopyOnWriteArrayList<>();
  private final List<String> singles = new CopyOnWriteArrayList<>();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  private static FinishedRun run(String runId) {
    return new FinishedRun(
        runId, new Player(Platform.DISCORD, "g", "u-" + runId), "p", "1", List.of(), 1, Duration.ofSeconds(1),
        Instant.parse("2025-06-02T10:00:00Z"), false);
  }

  /** The first run written alone blocks until released, so the next saves pile up behind it. */
  private GroupCommit blockingFirst(String failing) {
    return blockingFirst(failing, Duration.ofSeconds(30));
  }

  private GroupCommit blockingFirst(String failing, Duration longestWait) {
    Consumer<FinishedRun> single =
        run -> {
          if (run.runId().equals("first")) {
            entered.countDown();
            await(release);
          }
          if (run.runId().equals(failing)) {
            throw new StoreUnavailableException("cannot keep " + failing, new IllegalStateException());
          }
          singles.add(run.runId());
        };
    return new GroupCommit(
        "test",
        runs -> {
          List<String> ids = runs.stream().map(FinishedRun::runId).toList();
          if (ids.contains(failing)) {
            throw new StoreUnavailableException("group refused", new IllegalStateException());
          }
          groups.add(ids);
        },
        single,
        longestWait);
  }

  private List<Future<?>> saveBehindTheFirst(GroupCommit commit, List<String> runIds) throws Exception {
    callers.submit(() -> commit.save(run("first")));
    await(entered);
    List<Future<?>> saves = new ArrayList<>();
    for (String runId : runIds) {
      saves.add(callers.submit(() -> commit.save(run(runId))));
    }
    Poll.until("every run queued", () -> commit.queued() == runIds.size());
    release.countDown();
    return saves;
  }

  @Test
  void savesWaitingTogether_areWrittenInOneTransaction_andEachCallerReturnsAfterIt() throws Exception {
    try (GroupCommit commit = blockingFirst("none")) {
      List<Future<?>> saves = saveBehindTheFirst(commit, List.of("a", "b", "c", "d", "e"));
      for (Future<?> save : saves) {
        save.get(10, TimeUnit.SECONDS);
      }
      assertThat(groups).singleElement().asList().containsExactlyInAnyOrder("a", "b", "c", "d", "e");
      assertThat(singles).containsExactly("first");
    }
  }

  @Test
  void aRunThatCannotBeKept_failsAlone_andTheRestOfItsGroupIsKept() throws Exception {
    try (GroupCommit commit = blockingFirst("bad");
        CapturedLogs logs = new CapturedLogs("org.warmupbot.store")) {
      List<Future<?>> saves = saveBehindTheFirst(commit, List.of("a", "bad", "c"));
      saves.get(0).get(10, TimeUnit.SECONDS);
      saves.get(2).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> saves.get(1).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("cannot keep bad");
      assertThat(groups).isEmpty();
      assertThat(singles).containsExactlyInAnyOrder("first", "a", "c");
      assertThat(commit.retriedGroups()).isEqualTo(1);
      // The group's failure leaves a trace, though the retry hides it from every caller but the bad run's.
      assertThat(logs.moduleWarnings())
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage())
                    .contains("a group of 3 runs failed (group refused)", "one by one");
              });
      assertThat(logs.events())
          .anySatisfy(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(event.getThrowableProxy().getMessage()).isEqualTo("group refused");
              });
    }
  }

  @Test
  void close_writesTheSavesAlreadyQueued_thenRefusesNewOnes() throws Exception {
    GroupCommit commit = blockingFirst("none");
    List<Future<?>> saves = saveBehindTheFirst(commit, List.of("a", "b"));
    commit.close();
    for (Future<?> save : saves) {
      save.get(10, TimeUnit.SECONDS);
    }
    assertThat(groups).singleElement().asList().containsExactlyInAnyOrder("a", "b");
    assertThatThrownBy(() -> commit.save(run("late")))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void anInterruptedCaller_stillWaitsForItsCommit_andKeepsTheInterrupt() throws Exception {
    try (GroupCommit commit = blockingFirst("none")) {
      Future<Boolean> interrupted =
          callers.submit(
              () -> {
                Thread.currentThread().interrupt();
                commit.save(run("first"));
                return Thread.currentThread().isInterrupted();
              });
      await(entered);
      assertThat(interrupted.isDone()).isFalse();
      release.countDown();
      assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(singles).containsExactly("first");
    }
  }

  @Test
  void aCallerWaitsAtMostTheLongestWait_thenHearsTheStoreIsUnavailable_andTheRunIsStillWrittenLater() throws Exception {
    try (GroupCommit commit = blockingFirst("none", Duration.ofMillis(50))) {
      Future<?> stalled = callers.submit(() -> commit.save(run("first")));

      assertThatThrownBy(() -> stalled.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("run first was not committed within 50 ms")
          .hasMessageContaining("stays queued");
      assertThat(singles).isEmpty();
      release.countDown();
      Poll.until("the first run written alone", () -> singles.contains("first"));
    }
  }

  @Test
  void closingWhileTheDatabaseHangs_givesUpAfterTheLongestWait_andNamesTheRunsNotConfirmed() throws Exception {
    try (CapturedLogs logs = new CapturedLogs("org.warmupbot.store")) {
      GroupCommit commit = blockingFirst("none", Duration.ofMillis(50));
      callers.submit(() -> commit.save(run("first")));
      await(entered);
      callers.submit(() -> commit.save(run("queued")));
      Poll.until("one run queued", () -> commit.queued() == 1);

      boolean stopped = commit.stop();

      assertThat(stopped).isFalse();
      assertThat(logs.moduleWarnings())
          .anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).contains("not confirmed", "[queued]");
          });
      release.countDown();
      // Written once the database answered.
      Poll.until("both runs written", () -> singles.containsAll(List.of("first", "queued")));
    }
  }

  @Test
  void upkeepAfterAGroup_runsOnceItsCallersReturned_alsoAfterAFailure_survivesThrowing_andIsSkippedWhenClosing()
      throws Exception {
    List<String> upkeep = new CopyOnWriteArrayList<>();
    CountDownLatch callerReturned = new CountDownLatch(1);
    GroupCommit commit =
        new GroupCommit(
            "test",
            runs -> groups.add(runs.stream().map(FinishedRun::runId).toList()),
            run -> {
              if (run.runId().equals("first")) {
                entered.countDown();
                await(release);
              }
              if (run.runId().equals("bad")) {
                throw new StoreUnavailableException("cannot keep bad", new IllegalStateException());
              }
              singles.add(run.runId());
            },
            Duration.ofSeconds(30),
            () -> {
              await(callerReturned); // never released if the upkeep ran before the group's caller returned
              upkeep.add(singles.toString());
              throw new IllegalStateException("upkeep failed");
            });

    commit.save(run("one"));
    callerReturned.countDown();
    Poll.until("upkeep after the first group", () -> upkeep.size() == 1);
    assertThatThrownBy(() -> commit.save(run("bad"))).isInstanceOf(StoreUnavailableException.class);
    Poll.until("upkeep after the failed group", () -> upkeep.size() == 2);
    callers.submit(() -> commit.save(run("first"))); // the writer lives on after the upkeep threw
    await(entered);
    Future<?> last = callers.submit(() -> commit.save(run("last")));
    Poll.until("one run queued", () -> commit.queued() == 1);
    Future<Boolean> stopping = callers.submit(commit::stop); // closing while a group is written
    Poll.until("the stop queued behind it", () -> commit.queued() == 2);
    release.countDown();

    assertThat(stopping.get(10, TimeUnit.SECONDS)).isTrue();
    last.get(10, TimeUnit.SECONDS);
    assertThat(singles).containsExactly("one", "first", "last");
    assertThat(upkeep).as("none once closing began").containsExactly("[one]", "[one]");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("never released");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
