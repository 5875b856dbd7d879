package org.warmupbot.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.testing.ManualTimer;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.core.view.Block;

/**
 * A badge grant the platform refused for a passing reason (its rate limit, an outage) is tried again by the bot
 * itself, on an injected timer: after the platform's Retry-After, a bounded number of times, never twice at once.
 */
final class GrantRetryTest {
  private static final Player ADA = new Player(Platform.SLACK, "T1", "U0ADA");
  private static final GrantStatus.Pending RATE_LIMITED = GrantStatus.Pending.tryAgainLater(
      "Slack rate-limited the request (retry after 30 s)", "in a minute, an admin can retry pending badges",
      Duration.ofSeconds(30));
  private static final GrantStatus.Pending UNREACHABLE = GrantStatus.Pending.tryAgainLater(
      "Slack could not be reached (IOException)", "in a minute, an admin can retry pending badges", null);

  private final InMemoryStore store = new InMemoryStore();
  private final ChallengePack pack = TestPacks.small();
  private final MutableClock clock = MutableClock.atMondayMorning();
  private final ManualTimer timer = new ManualTimer(clock);
  private final Deque<GrantStatus> answers = new ArrayDeque<>(); // what the platform answers, in turn
  private final AtomicInteger platformCalls = new AtomicInteger();
  private final BadgeGranter platform = (player, p) -> {
    platformCalls.incrementAndGet();
    GrantStatus next = answers.poll();
    return next == null ? new GrantStatus.Granted() : next;
  };

  private RunRecorder recorder() {
    return new RunRecorder(store, Map.of(Platform.SLACK, platform), Runnable::run,
        new GrantRetries(timer, clock, GrantRetries.DEFAULT_BACKOFF));
  }

  private FinishedRun perfectRun(String runId) {
    return new FinishedRun(runId, ADA, pack.id(), pack.version(), List.of(), 300, Duration.ofSeconds(40),
        clock.instant(), true);
  }

  private GrantStatus stored() {
    return store.badges(ADA).get(0).status();
  }

  @Test
  void rateLimitedGrant_isRetriedByItself_onceSlacksRetryAfterHasPassed_withoutAnAdmin() {
    answers.add(RATE_LIMITED);
    RunRecorder recorder = recorder();

    recorder.record(perfectRun("run-1"), pack);
    assertThat(stored()).as("while the retry waits").isEqualTo(GrantStatus.BEING_GRANTED);
    assertThat(timer.delays()).containsExactly(Duration.ofSeconds(30));

    timer.advance(Duration.ofSeconds(29));
    assertThat(platformCalls).as("before Slack's Retry-After").hasValue(1);

    timer.advance(Duration.ofSeconds(1));
    assertThat(platformCalls).hasValue(2);
    assertThat(stored()).isEqualTo(new GrantStatus.Granted());
    assertThat(recorder.waitingBadges(ADA.tenantKey(), TestPacks.catalogOf(pack))).isEmpty();
    assertThat(recorder.granting(ADA, pack.id())).isFalse();
  }

  @Test
  void unreachablePlatform_isRetriedOnTheBackoff_atMostThreeTimes_thenWaitsForAnAdminWithItsReason() {
    for (int i = 0; i < 4; i++) {
      answers.add(UNREACHABLE);
    }
    RunRecorder recorder = recorder();

    recorder.record(perfectRun("run-1"), pack);
    timer.advance(Duration.ofHours(1));

    assertThat(platformCalls).as("the grant and its three retries").hasValue(4);
    assertThat(timer.delays()).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(8));
    assertThat(timer.waiting()).isZero();
    assertThat(stored()).isInstanceOfSatisfying(GrantStatus.Pending.class, p -> {
      assertThat(p.reason()).isEqualTo("Slack could not be reached (IOException)");
      assertThat(p.fix()).isEqualTo("in a minute, an admin can retry pending badges");
    });
    assertThat(recorder.waitingBadges(ADA.tenantKey(), TestPacks.catalogOf(pack))).extracting(a -> ((GrantStatus.Pending) a.status()).fix())
        .containsExactly("in a minute, an admin can retry pending badges");

    assertThat(recorder.retryPending(ADA.tenantKey(), TestPacks.catalogOf(pack)).retried())
        .as("the admin's retry, once Slack is back").extracting(BadgeAward::status)
        .containsExactly(new GrantStatus.Granted());
  }

  /** So a platform that kept quiet about each refusal the bot retried can tell the member, once. */
  @Test
  void retriesUsedUp_theGranterIsToldOnce_notWhileTheBotStillRetries() {
    for (int i = 0; i < 4; i++) {
      answers.add(UNREACHABLE);
    }
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    BadgeGranter telling = new BadgeGranter() {
      @Override
      public GrantStatus grant(Player player, ChallengePack p) {
        return platform.grant(player, p);
      }

      @Override
      public void retriesUsedUp(Player player, ChallengePack p, GrantStatus.Pending last) {
        told.add(player.userId() + ": " + last.reason());
      }
    };
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.SLACK, telling), Runnable::run,
        new GrantRetries(timer, clock, GrantRetries.DEFAULT_BACKOFF));

    recorder.record(perfectRun("run-1"), pack);
    timer.advance(Duration.ofMinutes(10)); // the first two retries: the third is due 10.5 min after the run
    assertThat(platformCalls).hasValue(3);
    assertThat(told).as("while the bot still retries").isEmpty();
    timer.advance(Duration.ofHours(1));

    assertThat(told).containsExactly("U0ADA: Slack could not be reached (IOException)");
  }

  /** Grants a class earned together get one Retry-After from Slack: they must not all come back in one instant. */
  @Test
  void retriesOfRefusalsThatCameTogether_areSpreadBeyondTheirWait() {
    answers.add(RATE_LIMITED);
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.SLACK, platform), Runnable::run,
        new GrantRetries(timer, clock, GrantRetries.DEFAULT_BACKOFF, wait -> wait.dividedBy(4)));

    recorder.record(perfectRun("run-1"), pack);

    assertThat(timer.delays()).containsExactly(Duration.ofMillis(37_500));
    GrantRetries production =
        GrantRetries.on(org.mockito.Mockito.mock(java.util.concurrent.ScheduledExecutorService.class), clock);
    java.util.Set<Duration> delays = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) {
      Duration delay = production.delay(0, Duration.ofSeconds(30));
      assertThat(delay).isBetween(Duration.ofSeconds(30), Duration.ofMillis(37_500));
      delays.add(delay);
    }
    assertThat(delays).as("fifty refusals with one Retry-After, retried at different times").hasSizeGreaterThan(10);
  }

  @Test
  void refusalAnAdminMustFix_isNotRetriedByItself() {
    answers.add(new GrantStatus.Pending("no user group is set for the \"Small Master\" badge", "set one"));
    RunRecorder recorder = recorder();

    recorder.record(perfectRun("run-1"), pack);
    timer.advance(Duration.ofHours(1));

    assertThat(timer.delays()).isEmpty();
    assertThat(platformCalls).hasValue(1);
    assertThat(recorder.waitingBadges(ADA.tenantKey(), TestPacks.catalogOf(pack))).extracting(BadgeAward::status)
        .containsExactly(new GrantStatus.Pending("no user group is set for the \"Small Master\" badge", "set one"));
  }

  @Test
  void whileTheRetryWaits_theMemberReadsBeingGiven_andAdminsReadThatTheBotRetriesByItself() {
    answers.add(RATE_LIMITED);
    RunRecorder recorder = recorder();
    recorder.record(perfectRun("run-1"), pack);
    clock.advance(Duration.ofSeconds(10)); // not through the timer: the retry is still 20 s away

    Leaderboards boards = new Leaderboards(store, clock, ZoneOffset.UTC);
    assertThat(boards.profile(ADA, TestPacks.catalogOf(pack)).body())
        .anySatisfy(block -> assertThat(block).isInstanceOfSatisfying(Block.Text.class, text ->
            assertThat(text.text()).contains("Small Master (Small Pack): being given")));
    assertThat(recorder.waitingBadges(ADA.tenantKey(), TestPacks.catalogOf(pack))).singleElement().satisfies(award -> {
      assertThat(award.badgeName()).isEqualTo("Small Master");
      assertThat(award.status()).isInstanceOfSatisfying(GrantStatus.Pending.class, p -> {
        assertThat(p.reason()).isEqualTo("Slack rate-limited the request (retry after 30 s)");
        assertThat(p.fix()).isEqualTo("nothing to do yet: the bot tries again by itself in about 20 s (and up to 2"
            + " more times if needed); should that fail, it waits here for a retry");
      });
    });
  }

  /** An admin's retry while the automatic one waits: left to it (Slack would refuse sooner), granted once. */
  @Test
  void adminRetryWhileTheAutomaticRetryWaits_grantsOnce_andSaysTheBotRetriesByItself() {
    answers.add(RATE_LIMITED);
    RunRecorder recorder = recorder();
    recorder.record(perfectRun("run-1"), pack);

    RunRecorder.Retried retried = recorder.retryPending(ADA.tenantKey(), TestPacks.catalogOf(pack));
    assertThat(retried.retried()).as("not counted as retried by the admin").isEmpty();
    assertThat(retried.leftToTheBot()).singleElement()
        .satisfies(award -> assertThat(((GrantStatus.Pending) award.status()).fix())
            .startsWith("nothing to do yet: the bot tries again by itself in about 30 s"));
    assertThat(platformCalls).as("the admin's retry calls nobody").hasValue(1);

    timer.advance(Duration.ofSeconds(30));
    recorder.retryPending(ADA.tenantKey(), TestPacks.catalogOf(pack)); // once more, after it was granted

    assertThat(platformCalls).as("the first grant and the one automatic retry").hasValue(2);
    assertThat(stored()).isEqualTo(new GrantStatus.Granted());
  }

  /** A second perfect run while the automatic retry waits grants nothing more; the retry gives the badge once. */
  @Test
  void perfectRunWhileTheAutomaticRetryWaits_grantsOnce() {
    answers.add(RATE_LIMITED);
    RunRecorder recorder = recorder();
    recorder.record(perfectRun("run-1"), pack);

    clock.advance(Duration.ofSeconds(5));
    RunRecorder.Recorded second = recorder.record(perfectRun("run-2"), pack);
    timer.advance(Duration.ofMinutes(1));

    assertThat(second.badge()).isEqualTo(BadgeNews.STILL_BEING_GIVEN);
    assertThat(platformCalls).hasValue(2);
    assertThat(timer.delays()).hasSize(1);
    assertThat(stored()).isEqualTo(new GrantStatus.Granted());
  }

  /** An admin's retry refused again for a passing reason is retried by itself too. */
  @Test
  void adminRetryRefusedForAPassingReason_isRetriedByItself() {
    store.saveBadge(new BadgeAward(ADA, pack.id(), "Small Master", clock.instant(), UNREACHABLE));
    answers.add(RATE_LIMITED);
    RunRecorder recorder = recorder();

    recorder.retryPending(ADA.tenantKey(), TestPacks.catalogOf(pack));
    timer.advance(Duration.ofSeconds(30));

    assertThat(platformCalls).hasValue(2);
    assertThat(stored()).isEqualTo(new GrantStatus.Granted());
  }

  /**
   * The bot stops while a retry waits (the timer refuses new tasks and drops the waiting one): the badge stays
   * being granted in the store, among the pending ones an admin's retry gives after the restart.
   */
  @Test
  void stopWhileTheRetryWaits_leavesTheBadgePending_forTheAdminRetryAfterTheRestart() {
    answers.add(RATE_LIMITED);
    recorder().record(perfectRun("run-1"), pack);
    timer.close();

    RunRecorder afterRestart = new RunRecorder(store, Map.of(Platform.SLACK, platform), Runnable::run,
        new GrantRetries(new ManualTimer(clock), clock, GrantRetries.DEFAULT_BACKOFF));
    assertThat(afterRestart.waitingBadges(ADA.tenantKey(), TestPacks.catalogOf(pack))).extracting(BadgeAward::status)
        .containsExactly(GrantStatus.BEING_GRANTED);
    assertThat(afterRestart.retryPending(ADA.tenantKey(), TestPacks.catalogOf(pack)).retried())
        .extracting(BadgeAward::status).containsExactly(new GrantStatus.Granted());
  }

  /** The same stop, and no admin about: the next start grants the badge once Slack is connected. */
  @Test
  void stopWhileTheRetryWaits_theNextStartGrantsTheBadge_withoutAnAdmin() {
    answers.add(RATE_LIMITED);
    recorder().record(perfectRun("run-1"), pack);
    timer.close();
    assertThat(platformCalls).hasValue(1);

    RunRecorder afterRestart = new RunRecorder(store, Map.of(Platform.SLACK, platform), Runnable::run,
        new GrantRetries(new ManualTimer(clock), clock, GrantRetries.DEFAULT_BACKOFF));
    assertThat(afterRestart.resumeInterrupted(Platform.SLACK, tenant -> true, TestPacks.catalogOf(pack))).isOne();

    assertThat(platformCalls).hasValue(2);
    assertThat(stored()).isEqualTo(new GrantStatus.Granted());
    assertThat(afterRestart.waitingBadges(ADA.tenantKey(), TestPacks.catalogOf(pack))).isEmpty();
  }

  /** A timer shut down before the first refusal (the bot stopping): the refusal is stored for an admin at once. */
  @Test
  void refusalWhileTheTimerIsShutDown_isStoredWithItsFix_notLeftBeingGranted() {
    answers.add(RATE_LIMITED);
    timer.close();
    RunRecorder recorder = recorder();

    recorder.record(perfectRun("run-1"), pack);

    assertThat(stored()).isEqualTo(RATE_LIMITED);
    assertThat(recorder.granting(ADA, pack.id())).isFalse();
  }

  @Test
  void retryAfterOfZero_waitsASecond_andTheBackoffIsNotUsedForIt() {
    GrantRetries retries = new GrantRetries(timer, clock, GrantRetries.DEFAULT_BACKOFF);

    assertThat(retries.delay(0, Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
    assertThat(retries.delay(2, Duration.ofSeconds(45))).isEqualTo(Duration.ofSeconds(45));
    assertThat(retries.delay(2, null)).isEqualTo(Duration.ofMinutes(8));
  }

  @Test
  void pending_takesARetryAfterOnlyWhenRetryable() {
    assertThatThrownBy(
            () -> new GrantStatus.Pending("r", "f", false, Duration.ofSeconds(3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryAfter");
    assertThat(new GrantStatus.Pending("r", "f").retryable()).isFalse();
    assertThat(UNREACHABLE.retryable()).isTrue();
  }
}
