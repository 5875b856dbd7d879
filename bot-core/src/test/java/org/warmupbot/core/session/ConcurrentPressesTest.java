package org.warmupbot.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.mockito.Mockito;

/** Real threads pressing at once: a session applies presses one at a time, and nothing counts twice. */
final class ConcurrentPressesTest {
  private final MutableClock clock = MutableClock.atMondayMorning();
  private final Set<String> savedRuns = ConcurrentHashMap.newKeySet();
  private final ResultStore store = Mockito.mock(ResultStore.class);
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final ChallengeEngine engine;

  ConcurrentPressesTest() {
    Mockito.doAnswer(invocation -> savedRuns.add(invocation.<FinishedRun>getArgument(0).runId()))
        .when(store)
        .save(Mockito.any());
    engine =
        ChallengeEngine.builder(TestPacks.catalogOf(TestPacks.small()), clock)
            .recorder(new RunRecorder(store, Map.of(), Runnable::run))
            .scheduler(Scheduler.disabledScheduler())
            .executor(Runnable::run)
            .build();
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void twoWrongPressesAtOnce_useBothAttemptsExactlyOnce() throws Exception {
    for (int round = 0; round < 200; round++) {
      Player player = new Player(Platform.DISCORD, "guild", "member-" + round);
      engine.handle(player, new Command.Begin("small"), null);
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<Step>> presses = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        String pressId = "press-" + t;
        String wrong = t == 0 ? "wrong-a" : "wrong-b"; // two wrong choices: the same one twice costs one attempt
        presses.add(
            threads.submit(
                () -> {
                  together.await(5, TimeUnit.SECONDS);
                  return engine.handle(player, new Command.Choose("q1", wrong), pressId);
                }));
      }
      List<Integer> attemptsLeft = new ArrayList<>();
      for (Future<Step> press : presses) {
        attemptsLeft.add(((Event.Answered) press.get(5, TimeUnit.SECONDS).event()).attemptsLeft());
      }
      assertThat(attemptsLeft).containsExactlyInAnyOrder(1, 0);
    }
  }

  @Test
  void samePressDeliveredOnManyThreads_appliesOnce() throws Exception {
    Player player = new Player(Platform.SLACK, "team", "member");
    engine.handle(player, new Command.Begin("small"), null);
    CyclicBarrier together = new CyclicBarrier(8);
    List<Future<Step>> presses = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      presses.add(
          threads.submit(
              () -> {
                together.await(5, TimeUnit.SECONDS);
                return engine.handle(player, new Command.Choose("q1", "wrong-a"), "retried-press");
              }));
    }
    int applied = 0;
    for (Future<Step> press : presses) {
      if (press.get(5, TimeUnit.SECONDS).event() instanceof Event.Answered) {
        applied++;
      }
    }
    assertThat(applied).isEqualTo(1);
  }

  @Test
  void manyMembersFinishingInParallel_eachRunIsRecordedOnce() throws Exception {
    List<Callable<String>> members = new ArrayList<>();
    for (int m = 0; m < 400; m++) {
      Player player = new Player(Platform.DISCORD, "guild", "racer-" + m);
      members.add(
          () -> {
            engine.handle(player, new Command.Begin("small"), null);
            engine.handle(player, new Command.Choose("q1", "right"), null);
            engine.handle(player, new Command.Next("q1"), null);
            engine.handle(player, new Command.Choose("q2", "right"), null);
            engine.handle(player, new Command.Next("q2"), null);
            Step last = engine.handle(player, new Command.Type("q3", "42"), null);
            return ((Event.Finished) last.event()).run().runId();
          });
    }
    Set<String> finished = ConcurrentHashMap.newKeySet();
    for (Future<String> run : threads.invokeAll(members, 60, TimeUnit.SECONDS)) {
      finished.add(run.get());
    }
    assertThat(finished).hasSize(400);
    assertThat(savedRuns).isEqualTo(finished);
    Mockito.verify(store, Mockito.times(400)).save(Mockito.any());
  }
}
