package org.warmupbot.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.testing.TestPacks;

/** Holders of a badge given it again after an admin set another role or group, apart from new badges' grants. */
final class BadgeHoldersTest {
  private static final Player ADA = new Player(Platform.DISCORD, "guild-1", "ada");

  private final InMemoryStore store = new InMemoryStore();
  private final ChallengePack pack = TestPacks.small();

  /**
   * After an admin set another role: the tenant's holders, and only they, get it again in one call on the holders'
   * executor, quietly; the outcome names those the platform refused, and nothing stored changes.
   */
  @Test
  void giveAgain_givesTheTenantsHoldersTheBadgeInOneCall_andSaysWhomThePlatformRefused() {
    Player bob = new Player(Platform.DISCORD, "guild-1", "bob");
    Instant earned = Instant.parse("2025-03-03T09:00:00Z");
    store.saveBadge(new BadgeAward(ADA, pack.id(), pack.badge().name(), earned, new GrantStatus.Granted()));
    store.saveBadge(new BadgeAward(bob, pack.id(), pack.badge().name(), earned.plusSeconds(1),
        new GrantStatus.Granted()));
    store.saveBadge(new BadgeAward(new Player(Platform.DISCORD, "guild-1", "cy"), pack.id(), pack.id(), earned,
        GrantStatus.BEING_GRANTED));
    store.saveBadge(new BadgeAward(new Player(Platform.DISCORD, "guild-2", "dee"), pack.id(), pack.badge().name(),
        earned, new GrantStatus.Granted()));
    GrantStatus.Failed left = new GrantStatus.Failed("the member is no longer in the server");
    List<List<Player>> calls = new CopyOnWriteArrayList<>();
    BadgeGranter platform = new BadgeGranter() {
      @Override
      public GrantStatus grant(Player player, ChallengePack p) {
        throw new AssertionError("a holder is not granted the badge as if newly earned");
      }

      @Override
      public Map<Player, GrantStatus> giveAgainToAll(List<Player> holders, ChallengePack p) {
        calls.add(holders);
        return Map.of(ADA, new GrantStatus.Granted(), bob, left);
      }
    };
    List<Runnable> grants = new ArrayList<>();
    List<Runnable> holdersWork = new ArrayList<>();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, platform), grants::add,
        GrantRetries.NONE, holdersWork::add);

    BadgeHolders.Giving giving = recorder.holders().giveAgain(ADA.tenantKey(), pack);
    assertThat(giving.holders()).isEqualTo(2);
    assertThat(recorder.holders().giveAgain(ADA.tenantKey(), pack))
        .as("asked again meanwhile: the same work, which gives them all once more").isSameAs(giving);
    assertThat(calls).as("queued on the holders' executor, not run on the admin's thread").isEmpty();
    assertThat(grants).as("the grants' executor stays free for newly earned badges").isEmpty();
    holdersWork.forEach(Runnable::run);

    assertThat(calls).containsExactly(List.of(ADA, bob), List.of(ADA, bob));
    assertThat(giving.refused()).isCompletedWithValue(Map.of(bob, left));
    assertThat(store.badges(bob)).extracting(BadgeAward::status).as("a refusal changes nothing stored")
        .containsExactly(new GrantStatus.Granted());
    assertThat(recorder.holders().giveAgain(ADA.tenantKey(), pack)).as("once done, asking again gives it again")
        .isNotSameAs(giving);
  }

  /**
   * From review 8: the admin corrects the role while the holders are being given the first one. The second command
   * was answered with the first one's work, and holders done before the change kept the wrong role only; now every
   * holder is given the badge once more, as it is set by then.
   */
  @Test
  void roleChangedAgainWhileHoldersAreBeingGiven_everyHolderIsGivenItOnceMore() {
    Player bob = new Player(Platform.DISCORD, "guild-1", "bob");
    Instant earned = Instant.parse("2025-03-03T09:00:00Z");
    store.saveBadge(new BadgeAward(ADA, pack.id(), pack.badge().name(), earned, new GrantStatus.Granted()));
    store.saveBadge(new BadgeAward(bob, pack.id(), pack.badge().name(), earned.plusSeconds(1),
        new GrantStatus.Granted()));
    AtomicReference<String> roleSet = new AtomicReference<>("role-A");
    Map<Player, List<String>> rolesOf = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicReference<RunRecorder> recorderRef = new AtomicReference<>();
    AtomicReference<BadgeHolders.Giving> secondAnswer = new AtomicReference<>();
    BadgeGranter discordLike = new BadgeGranter() {
      @Override
      public GrantStatus grant(Player player, ChallengePack p) {
        return giveAgain(player, p);
      }

      @Override
      public GrantStatus giveAgain(Player player, ChallengePack p) {
        rolesOf.computeIfAbsent(player, k -> new CopyOnWriteArrayList<>()).add(roleSet.get()); // read per holder
        if (player.equals(ADA) && secondAnswer.get() == null) {
          roleSet.set("role-B"); // while Ada is given role A, the admin sets role B
          secondAnswer.set(recorderRef.get().holders().giveAgain(ADA.tenantKey(), pack));
        }
        return new GrantStatus.Granted();
      }
    };
    List<Runnable> holdersWork = new ArrayList<>();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, discordLike), Runnable::run,
        GrantRetries.NONE, holdersWork::add);
    recorderRef.set(recorder);

    BadgeHolders.Giving first = recorder.holders().giveAgain(ADA.tenantKey(), pack);
    while (!holdersWork.isEmpty()) {
      holdersWork.remove(0).run();
    }

    assertThat(secondAnswer.get()).isSameAs(first);
    assertThat(first.refused()).isCompletedWithValue(Map.of());
    assertThat(rolesOf.get(ADA)).containsExactly("role-A", "role-B");
    assertThat(rolesOf.get(bob)).as("given B in the first pass, and again").containsExactly("role-B", "role-B");
  }

  /** From review 8: a stop dropped holders queued behind another server's without a word; now their outcome says so. */
  @Test
  void stopWhileHoldersAreQueued_theirOutcomeSaysTheBotIsStopping_andTheyAreNamedForTheLog() {
    Instant earned = Instant.parse("2025-03-03T09:00:00Z");
    Player small = new Player(Platform.DISCORD, "guild-small", "bob");
    store.saveBadge(new BadgeAward(small, pack.id(), pack.badge().name(), earned, new GrantStatus.Granted()));
    List<Runnable> holdersWork = new ArrayList<>(); // queued behind a big server's: never run before the stop
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()),
        Runnable::run, GrantRetries.NONE, holdersWork::add);
    BadgeHolders.Giving queued = recorder.holders().giveAgain(small.tenantKey(), pack);

    assertThat(recorder.holders().abandon()).containsExactly("the small badge's holders in discord guild-small");

    assertThat(queued.refused()).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(RejectedExecutionException.class); // what the adapters answer "I am stopping" to
    assertThat(recorder.holders().giveAgain(small.tenantKey(), pack)).as("after the stop's give-up, asked afresh")
        .isNotSameAs(queued);
  }

  /** From review 8: an Error in a platform call left the work in place for good; later asks joined dead work. */
  @Test
  void errorInThePlatformCall_failsTheOutcome_andTheNextAskStartsAfresh() {
    store.saveBadge(new BadgeAward(ADA, pack.id(), pack.badge().name(), Instant.parse("2025-03-03T09:00:00Z"),
        new GrantStatus.Granted()));
    AtomicInteger calls = new AtomicInteger();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> {
      if (calls.incrementAndGet() == 1) {
        throw new NoClassDefFoundError("net/dv8tion/jda/SomeClass");
      }
      return new GrantStatus.Granted();
    }), Runnable::run, GrantRetries.NONE, task -> {
      try {
        task.run();
      } catch (Error e) {
        // the executor's thread dies of it, as a pool's would
      }
    });

    BadgeHolders.Giving broken = recorder.holders().giveAgain(ADA.tenantKey(), pack);
    assertThat(broken.refused()).isCompletedExceptionally();

    BadgeHolders.Giving next = recorder.holders().giveAgain(ADA.tenantKey(), pack);
    assertThat(next).isNotSameAs(broken);
    assertThat(next.refused()).isCompletedWithValue(Map.of());
    assertThat(calls).hasValue(2);
  }

  /**
   * From review 8: a worker abandoned at a stop that then finished its pass removed the work asked for after the
   * abandon, so a second ask started a duplicate.
   */
  @Test
  void workerAbandonedAtAStop_finishingLater_leavesTheWorkAskedAfterIt() {
    store.saveBadge(new BadgeAward(ADA, pack.id(), pack.badge().name(), Instant.parse("2025-03-03T09:00:00Z"),
        new GrantStatus.Granted()));
    List<Runnable> holdersWork = new ArrayList<>();
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> new GrantStatus.Granted()),
        Runnable::run, GrantRetries.NONE, holdersWork::add);
    recorder.holders().giveAgain(ADA.tenantKey(), pack);
    Runnable abandonedWorker = holdersWork.remove(0);
    assertThat(recorder.holders().abandon()).hasSize(1);
    BadgeHolders.Giving later = recorder.holders().giveAgain(ADA.tenantKey(), pack);

    abandonedWorker.run();

    assertThat(recorder.holders().giveAgain(ADA.tenantKey(), pack)).as("still the work asked after the abandon")
        .isSameAs(later);
  }

  @Test
  void giveAgain_whenNobodyHoldsTheBadge_isDoneAtOnce_andACallThatThrowsFailsTheOutcome() {
    RunRecorder recorder = new RunRecorder(store, Map.of(Platform.DISCORD, (player, p) -> {
      throw new IllegalStateException("the platform client broke");
    }), Runnable::run);
    BadgeHolders.Giving nobody = recorder.holders().giveAgain(ADA.tenantKey(), pack);
    assertThat(nobody.holders()).isZero();
    assertThat(nobody.refused()).isCompletedWithValue(Map.of());

    store.saveBadge(new BadgeAward(ADA, pack.id(), pack.badge().name(), Instant.parse("2025-03-03T09:00:00Z"),
        new GrantStatus.Granted()));
    BadgeHolders.Giving broken = recorder.holders().giveAgain(ADA.tenantKey(), pack);
    assertThat(broken.holders()).isOne();
    assertThat(broken.refused()).isCompletedExceptionally();
  }

  @Test
  void giveAgainToAll_byDefault_givesEachHolderAgain_andSaysWhatThePlatformAnsweredEach() {
    Player bob = new Player(Platform.DISCORD, "guild-1", "bob");
    GrantStatus.Pending aboveTheBot = new GrantStatus.Pending("role above the bot", "drag the bot's role up");
    List<Player> given = new ArrayList<>();
    BadgeGranter platform = new BadgeGranter() {
      @Override
      public GrantStatus grant(Player player, ChallengePack p) {
        throw new AssertionError("holders are given it through giveAgain");
      }

      @Override
      public GrantStatus giveAgain(Player player, ChallengePack p) {
        given.add(player);
        return player.equals(bob) ? aboveTheBot : new GrantStatus.Granted();
      }
    };

    assertThat(platform.giveAgainToAll(List.of(ADA, bob), pack))
        .containsExactly(Map.entry(ADA, new GrantStatus.Granted()), Map.entry(bob, aboveTheBot));
    assertThat(given).containsExactly(ADA, bob);
  }
}
