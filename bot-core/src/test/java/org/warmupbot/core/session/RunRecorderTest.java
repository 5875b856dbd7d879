package org.warmupbot.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;

/** How a finished run and its badge reach the store, whether or not the grant gets to run. */
final class RunRecorderTest {
  private static final Player ADA = new Player(Platform.DISCORD, "guild-1", "ada");

  private final InMemoryStore store = new InMemoryStore();
  private final ChallengePack pack = TestPacks.small();

  private FinishedRun perfectRun() {
    return new FinishedRun("run-1", ADA, pack.id(), pack.version(), List.of(), 300, Duration.ofSeconds(40),
        Instant.parse("2025-03-03T09:00:00Z"), true);
  }

  /**
   * Regression: the badge row was first written after the platform call, on the grant executor; a stop, a crash or
   * a slow platform before that task ran lost an earned badge. Here the executor holds the task, as a process that
   * stops before running it does.
   */
  @Test
  void perfectRun_whoseGrantHasNotRunYet_isAlreadyKeptAsAPendingBadge() {
    List<Runnable> queuedGrants = new ArrayList<>(); // never run: the process stops first
    RunRecorder recorder =
        new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), queuedGrants::add);
    MutableClock clock = MutableClock.atMondayMorning();
    ChallengeEngine engine =
        ChallengeEngine.builder(TestPacks.catalogOf(pack), clock)
            .recorder(recorder)
            .scheduler(Scheduler.disabledScheduler())
            .executor(Runnable::run)
            .build();

    engine.handle(ADA, new Command.Begin("small"), null);
    engine.handle(ADA, new Command.Choose("q1", "right"), null);
    engine.handle(ADA, new Command.Next("q1"), null);
    engine.handle(ADA, new Command.Choose("q2", "right"), null);
    engine.handle(ADA, new Command.Next("q2"), null);
    Step last = engine.handle(ADA, new Command.Type("q3", "42"), null);
    assertThat(((Event.Finished) last.event()).run().badgeEarned()).isTrue();
    assertThat(queuedGrants).hasSize(1);

    assertThat(store.badges(ADA))
        .as("the earned badge is in the store before its grant runs, so a stop before the grant loses nothing")
        .extracting(BadgeAward::packId, BadgeAward::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("small", RunRecorder.BEING_GRANTED));
    assertThat(store.pendingBadges(ADA.tenantKey())).extracting(BadgeAward::packId).containsExactly("small");
  }

  @Test
  void grantThatRuns_replacesThePendingBadgeWithItsOutcome() {
    RunRecorder recorder =
        new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), Runnable::run);

    assertThat(recorder.record(perfectRun(), pack)).isTrue();

    assertThat(store.badges(ADA)).extracting(BadgeAward::status).containsExactly(new GrantStatus.Granted());
    assertThat(store.pendingBadges(ADA.tenantKey())).isEmpty();
  }

  /** A member finishing while the bot stops: the grant pool refuses the task; the run and its badge are kept. */
  @Test
  void finishWhileTheGrantPoolIsShutDown_keepsTheBadgePending_insteadOfFailingTheFinish() {
    ExecutorService grants = Executors.newSingleThreadExecutor();
    grants.shutdown();
    RunRecorder recorder =
        new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), grants);

    assertThat(recorder.record(perfectRun(), pack)).isTrue();

    assertThat(store.runs(ADA)).extracting(FinishedRun::runId).containsExactly("run-1");
    assertThat(store.pendingBadges(ADA.tenantKey()))
        .extracting(BadgeAward::packId, BadgeAward::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("small", RunRecorder.BEING_GRANTED));
  }
}
