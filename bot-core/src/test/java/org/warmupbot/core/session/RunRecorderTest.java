package org.warmupbot.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Scheduler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.board.Leaderboards;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.testing.ManualTimer;
import org.warmupbot.core.testing.MutableClock;
import org.warmupbot.core.testing.TestPacks;
import org.warmupbot.core.view.Block;

/** How a finished run and its badge reach the store, whether or not the grant gets to run. */
final class RunRecorderTest {
  private static final Player ADA = new Player(Platform.DISCORD, "guild-1", "ada");

  private final InMemoryStore store = new InMemoryStore();
  private final ChallengePack pack = TestPacks.small();

  private FinishedRun perfectRun() {
    return new FinishedRun("run-1", ADA, pack.id(), pack.version(), List.of(), 300, Duration.ofSeconds(40),
        Instant.parse("2025-03-03T09:00:00Z"), true);
  }

  @Test
  void profileWhileTheGrantIsQueued_namesTheBadgeAsItsPackDoes_notByThePackId() {
    List<Runnable> queuedGrants = new ArrayList<>(); // the grant thread is busy: normal under load
    RunRecorder recorder =
        new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), queuedGrants::add);
    recorder.record(perfectRun(), pack);

    Leaderboards boards = new Leaderboards(store, MutableClock.atMondayMorning(), ZoneOffset.UTC);
    assertThat(boards.profile(ADA, TestPacks.catalogOf(pack)).body())
        .anySatisfy(block -> assertThat(block).isInstanceOfSatisfying(Block.Text.class, text ->
            assertThat(text.text()).startsWith("Badges").contains("Small Master (Small Pack): being given")));
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
        .containsExactly(org.assertj.core.groups.Tuple.tuple("small", GrantStatus.BEING_GRANTED));
    assertThat(store.pendingBadges(ADA.tenantKey())).extracting(BadgeAward::packId).containsExactly("small");
  }

  @Test
  void grantThatRuns_replacesThePendingBadgeWithItsOutcome() {
    RunRecorder recorder =
        new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), Runnable::run);

    assertThat(recorder.record(perfectRun(), pack).saved()).isTrue();

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

    assertThat(recorder.record(perfectRun(), pack).saved()).isTrue();

    assertThat(store.runs(ADA)).extracting(FinishedRun::runId).containsExactly("run-1");
    assertThat(store.pendingBadges(ADA.tenantKey()))
        .extracting(BadgeAward::packId, BadgeAward::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("small", GrantStatus.BEING_GRANTED));
  }

  /**
   * A start grants what a stopped process left being granted, of its platform and the tenants it serves, on the
   * grant executor: not a refusal an admin must fix first, not a grant queued already, not a pack no longer loaded.
   */
  @Test
  void resumeAfterAStop_grantsOnTheGrantExecutor_andStoresTheOutcome() {
    Player bob = new Player(Platform.DISCORD, "guild-1", "bob");
    Player elsewhere = new Player(Platform.DISCORD, "guild-2", "cy");
    Player onSlack = new Player(Platform.SLACK, "T1", "U0DEE");
    Instant earned = Instant.parse("2025-03-03T09:00:00Z");
    for (Player player : List.of(ADA, bob, elsewhere, onSlack)) {
      store.saveBadge(new BadgeAward(player, pack.id(), pack.id(), earned, GrantStatus.BEING_GRANTED));
    }
    store.saveBadge(new BadgeAward(new Player(Platform.DISCORD, "guild-1", "fay"), "gone-pack", "gone-pack", earned,
        GrantStatus.BEING_GRANTED));
    GrantStatus.Pending noRole = new GrantStatus.Pending("no role is set for the badge", "set one");
    Player needsAnAdmin = new Player(Platform.DISCORD, "guild-1", "eve");
    store.saveBadge(new BadgeAward(needsAnAdmin, pack.id(), pack.badge().name(), earned, noRole));
    List<Player> granted = new CopyOnWriteArrayList<>();
    List<Runnable> queued = new ArrayList<>();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> {
      granted.add(player);
      return new GrantStatus.Granted();
    }), queued::add);

    int resumed = recorder.resumeInterrupted(Platform.DISCORD,
        tenant -> tenant.id().equals("guild-1"), TestPacks.catalogOf(pack));

    assertThat(resumed).isEqualTo(2);
    assertThat(granted).as("queued, not run on the caller's thread").isEmpty();
    assertThat(recorder.resumeInterrupted(Platform.DISCORD, tenant -> true, TestPacks.catalogOf(pack)))
        .as("a second call while they are queued queues only what the first left out: guild-2").isOne();
    queued.forEach(Runnable::run);
    assertThat(granted).containsExactlyInAnyOrder(ADA, bob, elsewhere);
    assertThat(store.badges(ADA)).extracting(BadgeAward::badgeName, BadgeAward::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(pack.badge().name(), new GrantStatus.Granted()));
    assertThat(store.badges(needsAnAdmin)).extracting(BadgeAward::status).containsExactly(noRole);
    assertThat(store.badges(onSlack)).extracting(BadgeAward::status).containsExactly(GrantStatus.BEING_GRANTED);
  }

  /**
   * From review (rev8): a resume reads the badges left being granted, then claims each; a grant of this process that
   * ended between the two (it stored Granted and let go of its claim) was granted a second time.
   */
  @Test
  void resumeWhileAGrantOfTheSameBadgeEnds_doesNotGrantItAgain() {
    store.saveBadge(new BadgeAward(ADA, pack.id(), pack.id(), Instant.parse("2025-03-03T09:00:00Z"),
        GrantStatus.BEING_GRANTED));
    List<Runnable> queued = new ArrayList<>();
    List<Runnable> duringTheRead = new ArrayList<>();
    ResultStore endsAGrantWhileRead = (ResultStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ResultStore.class}, (proxy, method, args) -> {
          try {
            Object answer = method.invoke(store, args);
            if (method.getName().equals("badgesBeingGranted")) {
              duringTheRead.forEach(Runnable::run);
            }
            return answer;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    AtomicInteger platformCalls = new AtomicInteger();
    RunRecorder recorder = new RunRecorder(endsAGrantWhileRead, Map.of(Platform.DISCORD, (player, p) -> {
      platformCalls.incrementAndGet();
      return new GrantStatus.Granted();
    }), queued::add);
    assertThat(recorder.resumeInterrupted(Platform.DISCORD, tenant -> true, TestPacks.catalogOf(pack))).isOne();
    duringTheRead.add(queued.remove(0)); // a shard's READY queued it; it runs as its guild's own resume reads

    recorder.resumeInterrupted(Platform.DISCORD, tenant -> true, TestPacks.catalogOf(pack));
    queued.forEach(Runnable::run);

    assertThat(store.badges(ADA)).extracting(BadgeAward::status).containsExactly(new GrantStatus.Granted());
    assertThat(platformCalls).as("platform calls for one badge").hasValue(1);
    assertThat(recorder.granting(ADA, pack.id())).isFalse();
  }

  /** A server back from an outage: its own badges left being granted, read through its pending ones. */
  @Test
  void resumeOfOneTenant_grantsItsBadgesLeftBeingGranted_notThoseAnAdminMustFix_norOtherTenants() {
    Instant earned = Instant.parse("2025-03-03T09:00:00Z");
    Player elsewhere = new Player(Platform.DISCORD, "guild-2", "cy");
    Player needsAnAdmin = new Player(Platform.DISCORD, "guild-1", "eve");
    store.saveBadge(new BadgeAward(ADA, pack.id(), pack.id(), earned, GrantStatus.BEING_GRANTED));
    store.saveBadge(new BadgeAward(elsewhere, pack.id(), pack.id(), earned, GrantStatus.BEING_GRANTED));
    GrantStatus.Pending noRole = new GrantStatus.Pending("no role is set for the badge", "set one");
    store.saveBadge(new BadgeAward(needsAnAdmin, pack.id(), pack.badge().name(), earned, noRole));
    List<Player> granted = new ArrayList<>();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> {
      granted.add(player);
      return new GrantStatus.Granted();
    }), Runnable::run);

    assertThat(recorder.resumeInterrupted(ADA.tenantKey(), TestPacks.catalogOf(pack))).isOne();

    assertThat(granted).containsExactly(ADA);
    assertThat(store.badges(needsAnAdmin)).extracting(BadgeAward::status).containsExactly(noRole);
    assertThat(store.badges(elsewhere)).extracting(BadgeAward::status).containsExactly(GrantStatus.BEING_GRANTED);
  }

  /** A process without the platform's granter (the terminal has none) leaves its badges alone, not "granted". */
  @Test
  void resumeForAPlatformWithoutAGranter_changesNothing() {
    Player onSlack = new Player(Platform.SLACK, "T1", "U0DEE");
    store.saveBadge(new BadgeAward(onSlack, pack.id(), pack.id(), Instant.parse("2025-03-03T09:00:00Z"),
        GrantStatus.BEING_GRANTED));
    RunRecorder recorder =
        new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), Runnable::run);

    assertThat(recorder.resumeInterrupted(Platform.SLACK, tenant -> true, TestPacks.catalogOf(pack))).isZero();
    assertThat(store.badges(onSlack)).extracting(BadgeAward::status).containsExactly(GrantStatus.BEING_GRANTED);
  }

  private FinishedRun perfectRun(String runId, Instant finished) {
    return new FinishedRun(runId, ADA, pack.id(), pack.version(), List.of(), 300, Duration.ofSeconds(40), finished,
        true);
  }

  /**
   * Regression (review 6): a member who has the badge plays another perfect run and the bot stops before that
   * grant runs: her badge, given long ago, was back to "pending: being granted", earned at the new run's time.
   */
  @Test
  void anotherPerfectRunOfAMemberWhoHasTheBadge_keepsItGranted_whenTheBotStopsBeforeTheGrant() {
    new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), Runnable::run)
        .record(perfectRun("run-1", Instant.parse("2025-03-03T09:00:00Z")), pack);
    assertThat(store.badges(ADA)).extracting(BadgeAward::status).containsExactly(new GrantStatus.Granted());

    List<Runnable> neverRun = new ArrayList<>(); // the process stops before the grant pool gets to it
    new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), neverRun::add)
        .record(perfectRun("run-2", Instant.parse("2025-03-10T09:00:00Z")), pack);

    assertThat(store.badges(ADA))
        .as("the badge she was given on 3 March")
        .extracting(BadgeAward::status, BadgeAward::earnedAt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(new GrantStatus.Granted(),
            Instant.parse("2025-03-03T09:00:00Z")));
  }

  /** A badge left pending earlier keeps the time it was first earned when a later perfect run grants it. */
  @Test
  void perfectRunOverAPendingBadge_keepsTheFirstEarnedTime() {
    new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Pending("no role", "set one")),
            Runnable::run)
        .record(perfectRun("run-1", Instant.parse("2025-03-03T09:00:00Z")), pack);

    new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), Runnable::run)
        .record(perfectRun("run-2", Instant.parse("2025-03-10T09:00:00Z")), pack);

    assertThat(store.badges(ADA))
        .extracting(BadgeAward::status, BadgeAward::earnedAt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(new GrantStatus.Granted(),
            Instant.parse("2025-03-03T09:00:00Z")));
  }

  /**
   * Review 10: a badge waiting for a role when its pack was removed (or its id renamed) was listed by status, and a
   * retry answered that nothing waited. Both now say it waits for its pack, and a retry with its pack back gives it.
   */
  @Test
  void pendingBadgeOfAPackNoLongerLoaded_statusAndRetrySayWhy_andItIsGivenOnceThePackIsBack() {
    store.saveBadge(new BadgeAward(ADA, pack.id(), pack.badge().name(), Instant.parse("2025-03-03T09:00:00Z"),
        new GrantStatus.Pending("no badge role is set for pack small", "set one")));
    RunRecorder recorder =
        new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), Runnable::run);
    ChallengeCatalog withoutIt = TestPacks.catalogOf(TestPacks.longest());
    GrantStatus packGone = new GrantStatus.Pending("its challenge pack small is no longer loaded",
        "restore the pack with that id, then retry; until then the badge stays in the member's profile");

    List<BadgeAward> shown = recorder.waitingBadges(ADA.tenantKey(), withoutIt);
    RunRecorder.Retried retried = recorder.retryPending(ADA.tenantKey(), withoutIt);

    assertThat(shown).extracting(BadgeAward::status).containsExactly(packGone);
    assertThat(retried.nothingWaited()).isFalse();
    assertThat(retried.retried()).extracting(BadgeAward::status).containsExactly(packGone);
    assertThat(recorder.retryPending(ADA.tenantKey(), withoutIt, "other"::equals).nothingWaited())
        .as("a retry of another pack's badges leaves it out").isTrue();
    recorder.retryPending(ADA.tenantKey(), TestPacks.catalogOf(pack));
    assertThat(store.badges(ADA)).extracting(BadgeAward::status).containsExactly(new GrantStatus.Granted());
  }

  /**
   * Regression (review 6): an admin's retry while the grant is still queued (the single grant thread busy on a
   * slow platform call) granted the same badge a second time.
   */
  @Test
  void adminRetryWhileTheFirstGrantIsQueued_grantsOnce() {
    AtomicInteger calls = new AtomicInteger();
    List<Runnable> queued = new ArrayList<>();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> {
      calls.incrementAndGet();
      return new GrantStatus.Granted();
    }), queued::add);
    recorder.record(perfectRun("run-1", Instant.parse("2025-03-03T09:00:00Z")), pack);

    recorder.retryPending(ADA.tenantKey(), TestPacks.catalogOf(pack)); // admin: /warmup-admin retry
    queued.forEach(Runnable::run); // the grant thread gets to the queued grant

    assertThat(calls).as("platform calls for one earned badge").hasValue(1);
    assertThat(store.badges(ADA)).extracting(BadgeAward::status).containsExactly(new GrantStatus.Granted());
  }

  /**
   * Admins are not shown a badge whose grant runs now as waiting (it is given in a moment); one a stopped process
   * left "being granted" is, and their retry gives it.
   */
  @Test
  void badgeWhoseGrantIsQueued_isNotWaiting_butOneAStoppedProcessLeft_isWaitingAndRetried() {
    List<Runnable> queued = new ArrayList<>();
    RunRecorder running = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()),
        queued::add);
    running.record(perfectRun("run-1", Instant.parse("2025-03-03T09:00:00Z")), pack);

    assertThat(running.granting(ADA, pack.id())).isTrue();
    assertThat(running.waitingBadges(ADA.tenantKey(), TestPacks.catalogOf(pack))).as("the grant is queued in this process").isEmpty();

    RunRecorder afterRestart =
        new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()), Runnable::run);
    assertThat(afterRestart.waitingBadges(ADA.tenantKey(), TestPacks.catalogOf(pack)))
        .extracting(BadgeAward::status)
        .containsExactly(GrantStatus.BEING_GRANTED);
    assertThat(afterRestart.retryPending(ADA.tenantKey(), TestPacks.catalogOf(pack)).retried())
        .extracting(BadgeAward::status)
        .containsExactly(new GrantStatus.Granted());
  }

  private ChallengeEngine engine(RunRecorder recorder, MutableClock clock) {
    return ChallengeEngine.builder(TestPacks.catalogOf(pack), clock)
        .recorder(recorder)
        .scheduler(Scheduler.disabledScheduler())
        .executor(Runnable::run)
        .build();
  }

  /** Ada plays the small pack through and answers everything right; returns the summary's step. */
  private static Step perfectRun(ChallengeEngine engine) {
    engine.handle(ADA, new Command.Begin("small"), null);
    engine.handle(ADA, new Command.Choose("q1", "right"), null);
    engine.handle(ADA, new Command.Next("q1"), null);
    engine.handle(ADA, new Command.Choose("q2", "right"), null);
    engine.handle(ADA, new Command.Next("q2"), null);
    return engine.handle(ADA, new Command.Type("q3", "42"), null);
  }

  private static String text(Step step) {
    StringBuilder text = new StringBuilder();
    for (Block block : step.view().body()) {
      if (block instanceof Block.Text line) {
        text.append(line.text()).append('\n');
      }
    }
    return text.toString();
  }

  /**
   * Regression: a member who holds the badge and finishes another perfect run had it granted again; when the
   * platform could not give the role right then (the role setting cleared, Manage Roles lost, rate-limited), her
   * granted badge became pending (admins saw her as waiting) and her summary said she had just earned it. The badge
   * is still given again (quietly): a role an admin set for it since must reach her.
   */
  @Test
  void anotherPerfectRunOfAMemberWhoHoldsTheBadge_givesItAgainQuietly_keepsItGranted_andSaysSheHoldsIt() {
    MutableClock clock = MutableClock.atMondayMorning();
    Instant given = clock.instant().minus(Duration.ofDays(7));
    store.saveBadge(new BadgeAward(ADA, pack.id(), "Small Master", given, new GrantStatus.Granted()));
    AtomicInteger platformCalls = new AtomicInteger();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> {
      platformCalls.incrementAndGet();
      return new GrantStatus.Pending("no badge role is set", "set one with /warmup-admin badge-role");
    }), Runnable::run);

    Step summary = perfectRun(engine(recorder, clock));

    assertThat(platformCalls).as("the badge given again, refused").hasValue(1);
    assertThat(store.badges(ADA))
        .extracting(BadgeAward::status, BadgeAward::earnedAt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(new GrantStatus.Granted(), given));
    assertThat(recorder.waitingBadges(ADA.tenantKey(), TestPacks.catalogOf(pack))).isEmpty();
    assertThat(text(summary))
        .contains("🏅 All 3 right! You already hold the Small Master badge.")
        .doesNotContain("You earned");
  }

  @Test
  void anotherPerfectRunOfAMemberWhoHoldsTheBadge_isNotAnnounced_andSaysSoWhenShownAgain() {
    MutableClock clock = MutableClock.atMondayMorning();
    store.saveBadge(new BadgeAward(ADA, pack.id(), "Small Master", clock.instant().minus(Duration.ofDays(7)),
        new GrantStatus.Granted()));
    ChallengeEngine engine =
        engine(new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()),
            Runnable::run), clock);

    Step summary = perfectRun(engine);

    assertThat(summary.event()).isInstanceOfSatisfying(Event.Finished.class, finished -> {
      assertThat(finished.run().badgeEarned()).as("a perfect run, on the boards as one").isTrue();
      assertThat(finished.badge()).isEqualTo(BadgeNews.ALREADY_HELD);
      assertThat(finished.badge().announced()).isFalse();
    });
    Step again = engine.handle(ADA, new Command.Choose("q3", "right"), null); // a stale press on the summary
    assertThat(again.event()).isInstanceOf(Event.Stale.class);
    assertThat(text(again)).contains("You already hold the Small Master badge.").doesNotContain("You earned");
  }

  @Test
  void firstPerfectRun_earnsTheBadge_andIsAnnounced() {
    MutableClock clock = MutableClock.atMondayMorning();
    ChallengeEngine engine =
        engine(new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()),
            Runnable::run), clock);

    Step summary = perfectRun(engine);

    assertThat(((Event.Finished) summary.event()).badge()).isEqualTo(BadgeNews.EARNED);
    assertThat(text(summary)).contains("🏅 You earned the Small Master badge! All 3 right.");
    assertThat(store.badges(ADA)).extracting(BadgeAward::status).containsExactly(new GrantStatus.Granted());
  }

  /** A badge still pending (the role could not be given then) is granted again by the next perfect run: a retry. */
  @Test
  void anotherPerfectRunOverAPendingBadge_grantsItAgain_notAnnounced_andSaysItIsStillBeingGiven() {
    MutableClock clock = MutableClock.atMondayMorning();
    Instant earned = clock.instant().minus(Duration.ofDays(7));
    store.saveBadge(new BadgeAward(ADA, pack.id(), "Small Master", earned,
        new GrantStatus.Pending("no badge role is set", "set one with /warmup-admin badge-role")));
    AtomicInteger platformCalls = new AtomicInteger();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> {
      platformCalls.incrementAndGet();
      return new GrantStatus.Granted();
    }), Runnable::run);

    Step summary = perfectRun(engine(recorder, clock));

    assertThat(platformCalls).hasValue(1);
    assertThat(store.badges(ADA))
        .extracting(BadgeAward::status, BadgeAward::earnedAt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(new GrantStatus.Granted(), earned));
    assertThat(((Event.Finished) summary.event()).badge()).isEqualTo(BadgeNews.STILL_BEING_GIVEN);
    assertThat(text(summary)).contains("All 3 right! You earned the Small Master badge before, and it is still"
        + " being given to you.");
  }

  /**
   * Two perfect runs close together: the first one's grant is still queued when the second finishes. The second
   * neither queues another grant nor is announced again; the first grant gives the badge once.
   */
  @Test
  void secondPerfectRunWhileTheFirstGrantIsQueued_grantsOnce_andIsNotAnnouncedAgain() {
    MutableClock clock = MutableClock.atMondayMorning();
    List<Runnable> queued = new ArrayList<>();
    AtomicInteger platformCalls = new AtomicInteger();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> {
      platformCalls.incrementAndGet();
      return new GrantStatus.Granted();
    }), queued::add);
    ChallengeEngine engine = engine(recorder, clock);

    Step first = perfectRun(engine);
    clock.advance(Duration.ofMinutes(1));
    Step second = perfectRun(engine);
    queued.forEach(Runnable::run);

    assertThat(((Event.Finished) first.event()).badge().announced()).isTrue();
    assertThat(((Event.Finished) second.event()).badge()).isEqualTo(BadgeNews.STILL_BEING_GIVEN);
    assertThat(queued).hasSize(1);
    assertThat(platformCalls).hasValue(1);
    assertThat(store.badges(ADA)).extracting(BadgeAward::status).containsExactly(new GrantStatus.Granted());
  }

  /** A granter that tells its two calls apart: {@code grant} (which may tell the member) and the quiet one. */
  private static final class TwoCalls implements BadgeGranter {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Supplier<GrantStatus> givenAgain;

    TwoCalls(Supplier<GrantStatus> givenAgain) {
      this.givenAgain = givenAgain;
    }

    @Override
    public GrantStatus grant(Player player, ChallengePack pack) {
      calls.add("grant");
      return new GrantStatus.Granted();
    }

    @Override
    public GrantStatus giveAgain(Player player, ChallengePack pack) {
      calls.add("giveAgain");
      return givenAgain.get();
    }
  }

  /** {@link #store}, counting its {@code saveBadge} calls. */
  private ResultStore countingBadgeWrites(AtomicInteger badgeWrites) {
    return (ResultStore) Proxy.newProxyInstance(ResultStore.class.getClassLoader(), new Class<?>[] {ResultStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("saveBadge")) {
            badgeWrites.incrementAndGet();
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /**
   * Regression (review 7): an admin pointed the badge at a new role (the old one deleted); a member who held the
   * badge was never given the new one: her next perfect run said she holds it and gave nothing. It is given again
   * now, through the granter's quiet call; a refusal, even one that passes (a rate limit), is neither stored nor
   * retried by itself: she holds the badge, and her next perfect run tries again.
   */
  @Test
  void badgeGivenAgainToItsHolder_throughTheQuietCall_andARefusalIsNeitherStoredNorRetried() {
    MutableClock clock = MutableClock.atMondayMorning();
    Instant given = clock.instant().minus(Duration.ofDays(7));
    store.saveBadge(new BadgeAward(ADA, pack.id(), "Small Master", given, new GrantStatus.Granted()));
    TwoCalls platform = new TwoCalls(() -> GrantStatus.Pending.tryAgainLater("Discord rate-limited the request",
        "in a minute, an admin can retry pending badges", Duration.ofSeconds(30)));
    ManualTimer timer = new ManualTimer(clock);
    AtomicInteger badgeWrites = new AtomicInteger();
    RunRecorder recorder = new RunRecorder(countingBadgeWrites(badgeWrites), Map.of(Platform.DISCORD, platform),
        Runnable::run, new GrantRetries(timer, clock, GrantRetries.DEFAULT_BACKOFF));

    Step summary = perfectRun(engine(recorder, clock));

    assertThat(((Event.Finished) summary.event()).badge()).isEqualTo(BadgeNews.ALREADY_HELD);
    assertThat(platform.calls).containsExactly("giveAgain");
    assertThat(badgeWrites).as("badge writes for a badge she holds").hasValue(0);
    assertThat(timer.delays()).as("automatic retries").isEmpty();
    assertThat(recorder.granting(ADA, pack.id())).isFalse();
    assertThat(recorder.waitingBadges(ADA.tenantKey(), TestPacks.catalogOf(pack))).isEmpty();
    assertThat(store.badges(ADA))
        .extracting(BadgeAward::status, BadgeAward::earnedAt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(new GrantStatus.Granted(), given));
  }

  /**
   * Two perfect runs of a holder close together give the badge again once (the first is still queued); a quiet
   * call that throws leaves the award as it was, and the next run gives it again.
   */
  @Test
  void badgeGivenAgainToItsHolder_isQueuedOnceAtATime_andAThrowingCallChangesNothing() {
    MutableClock clock = MutableClock.atMondayMorning();
    Instant given = clock.instant().minus(Duration.ofDays(7));
    store.saveBadge(new BadgeAward(ADA, pack.id(), "Small Master", given, new GrantStatus.Granted()));
    TwoCalls platform = new TwoCalls(() -> {
      throw new IllegalStateException("the platform client broke");
    });
    List<Runnable> queued = new ArrayList<>();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, platform), queued::add);
    ChallengeEngine engine = engine(recorder, clock);

    perfectRun(engine);
    clock.advance(Duration.ofMinutes(1));
    perfectRun(engine);
    assertThat(queued).hasSize(1);
    assertThat(recorder.granting(ADA, pack.id())).isTrue();
    queued.remove(0).run();

    assertThat(platform.calls).containsExactly("giveAgain");
    assertThat(recorder.granting(ADA, pack.id())).isFalse();
    assertThat(store.badges(ADA))
        .extracting(BadgeAward::status, BadgeAward::earnedAt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(new GrantStatus.Granted(), given));
    clock.advance(Duration.ofMinutes(1));
    perfectRun(engine);
    assertThat(queued).as("the next run gives it again").hasSize(1);
  }
}
