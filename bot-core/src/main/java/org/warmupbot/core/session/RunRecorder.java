package org.warmupbot.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.BadgeGranter;
import org.warmupbot.core.port.ChallengeCatalog;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;

/**
 * Keeps finished runs and gives badges. A run is saved on the caller's thread; when the store is down it is
 * held in memory and saved by {@link #retryWrites()} (which the launcher calls on a schedule and at shutdown),
 * so nothing acknowledged to a member is lost while the process lives. Once a save has failed (the store down, or
 * not committing within its wait), later runs are held at once, without trying the store, until a retry gets
 * every held write through: callers (a platform's few event threads) do not each wait out a stalled database.
 *
 * <p>An earned badge is stored as pending at once, then granted on {@code grantExecutor}, through the member's
 * platform's {@link BadgeGranter}, and every outcome (granted, pending with the fix, failed) is stored. A badge the
 * member holds already is only given again quietly ({@link BadgeGranter#giveAgain}), so that the role or group an
 * admin set for it since reaches her too: nothing about it is stored, announced or retried.
 *
 * <p>A grant the platform refused for a passing reason ({@link GrantStatus.Pending#retryable()}: its rate limit, an
 * outage) is tried again by the recorder itself, as {@link GrantRetries} says, a few times; meanwhile the badge is
 * stored {@link GrantStatus#BEING_GRANTED} (the member reads it as being given) and admins' waiting lists show the
 * refusal with a fix saying the bot retries it by itself. Once those retries are used up the refusal is stored with
 * its own fix, for an admin's retry. The retries live in this process only: a stop before one ran leaves the badge
 * {@link GrantStatus#BEING_GRANTED}, which the next start grants again ({@link #resumeInterrupted}), and which an
 * admin's retry gives meanwhile.
 *
 * <p>Thread-safe.
 */
public final class RunRecorder {
  private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

  private final ResultStore store;
  private final Map<Platform, BadgeGranter> granters;
  private final Executor grantExecutor;
  private final BadgeHolders holders;
  private final GrantRetries retries;
  private final Queue<Runnable> unsavedWrites = new ConcurrentLinkedQueue<>();
  /**
   * The awards whose grant (or quiet giving again) this process has queued, is running or waits to retry by
   * itself: not granted again by {@link #record} or {@link #retryPending} meanwhile (nor shown to admins as
   * waiting, but for those in {@link #retrying}).
   */
  private final Set<AwardKey> granting = ConcurrentHashMap.newKeySet();
  /** The awards waiting for an automatic retry (their keys are in {@link #granting} too), and why. */
  private final Map<AwardKey, Retrying> retrying = new ConcurrentHashMap<>();
  /** A write failed and {@link #retryWrites} has not got every held write through since. */
  private volatile boolean holding;

  private record AwardKey(Player player, String packId) {
    static AwardKey of(BadgeAward award) {
      return new AwardKey(award.player(), award.packId());
    }
  }

  /**
   * What an award waiting for an automatic retry shows admins: the platform's refusal, when the retry is due and
   * how many retries are left after it.
   */
  private record Retrying(BadgeAward award, GrantStatus.Pending refusal, Instant due, int laterRetries) {
    BadgeAward shown(Instant now) {
      long seconds = Math.max(0, Duration.between(now, due).toSeconds());
      String when = seconds == 0 ? "in a moment" : seconds < 90 ? "in about " + seconds + " s"
          : "in about " + (seconds + 59) / 60 + " min";
      String more = laterRetries == 0 ? "" : laterRetries == 1 ? " (and once more if needed)"
          : " (and up to " + laterRetries + " more times if needed)";
      return award.withStatus(new GrantStatus.Pending(refusal.reason(), "nothing to do yet: the bot tries again by"
          + " itself " + when + more + "; should that fail, it waits here for a retry"));
    }
  }

  /** A recorder that never retries a refused grant by itself: every refusal waits for an admin's retry. */
  public RunRecorder(ResultStore store, Map<Platform, BadgeGranter> granters, Executor grantExecutor) {
    this(store, granters, grantExecutor, GrantRetries.NONE);
  }

  /**
   * @param grantExecutor runs the grants, automatic retries included (the platform calls block)
   * @param retries when a grant refused for a passing reason is tried again by itself
   */
  public RunRecorder(
      ResultStore store, Map<Platform, BadgeGranter> granters, Executor grantExecutor, GrantRetries retries) {
    this(store, granters, grantExecutor, retries, grantExecutor);
  }

  /**
   * @param holdersExecutor gives badges again to their holders when an admin set another role or group (on a big
   *     server, many minutes of platform calls that the grants of newly earned badges should not wait behind)
   */
  public RunRecorder(ResultStore store, Map<Platform, BadgeGranter> granters, Executor grantExecutor,
      GrantRetries retries, Executor holdersExecutor) {
    this.store = store;
    this.granters = Map.copyOf(granters);
    this.grantExecutor = grantExecutor;
    this.retries = retries;
    this.holders = new BadgeHolders(store, granters, holdersExecutor);
  }

  /** Gives badges again to the members who hold them, when an admin set another role or group. */
  public BadgeHolders holders() {
    return holders;
  }

  /**
   * What {@link #record} did.
   *
   * @param saved false when the store could not take the run now; it is kept and retried
   * @param badge what the run means for the pack's badge
   */
  public record Recorded(boolean saved, BadgeNews badge) {}

  /**
   * Saves a finished run and, when it earned the badge, says what that means and grants it if the member does not
   * hold it yet. The member's award is read before the run is saved: none means {@link BadgeNews#EARNED} (granted,
   * announced); a granted one {@link BadgeNews#ALREADY_HELD}: given again quietly, through {@link
   * BadgeGranter#giveAgain}, so that a role or group an admin set for the badge since reaches her; its outcome is
   * not stored (a platform that cannot give the role right now never turns a badge the member holds back into a
   * pending one), only logged, and not retried; one not given yet {@link BadgeNews#STILL_BEING_GIVEN} (granted
   * again: a retry). When the store cannot be asked (it is down, or writes are held) the run counts as {@link
   * BadgeNews#EARNED}, as the store keeps a granted award granted whatever a later grant's outcome.
   *
   * <p>The store keeps the earned badge with the run, in the same write, as {@link GrantStatus#BEING_GRANTED} unless
   * the member has it already: a process that stops (or crashes) before the grant ran still has the badge, which the
   * next start ({@link #resumeInterrupted}) or an admin's retry ({@link #retryPending}) gives. When the grant
   * executor refuses the task (the bot is shutting down), the badge stays pending; a grant (or quiet giving again)
   * of the same badge still queued, running or waiting for its automatic retry is not queued again.
   */
  public Recorded record(FinishedRun run, ChallengePack pack) {
    BadgeNews news = run.badgeEarned() ? badgeNews(run) : BadgeNews.NONE;
    boolean saved = tryWrite(() -> store.save(run), "run " + run.runId());
    if (news == BadgeNews.ALREADY_HELD) {
      giveAgain(run.player(), pack);
    } else if (news == BadgeNews.EARNED || news == BadgeNews.STILL_BEING_GIVEN) {
      BadgeAward award = new BadgeAward(run.player(), pack.id(), pack.badge().name(), run.finishedAt(),
          GrantStatus.BEING_GRANTED);
      AwardKey key = AwardKey.of(award);
      if (!granting.add(key)) {
        return new Recorded(saved, news); // its grant is queued or running already
      }
      try {
        grantExecutor.execute(() -> attempt(award, pack, 0));
      } catch (RejectedExecutionException shuttingDown) {
        granting.remove(key);
        log.info("The bot is stopping: the {} badge of {} is not granted now; the next start grants it",
            pack.badge().name(), run.player());
      }
    }
    return new Recorded(saved, news);
  }

  /**
   * Gives {@code player}, who holds the pack's badge, its role or group again on {@code grantExecutor}, unless a
   * grant of it is queued or running already. Whatever the platform answers, the stored award stays as it is
   * (granted) and nothing is retried: a refusal is logged; the member's next perfect run tries again.
   */
  private void giveAgain(Player player, ChallengePack pack) {
    BadgeGranter granter = granters.get(player.platform());
    AwardKey key = new AwardKey(player, pack.id());
    if (granter == null || !granting.add(key)) {
      return; // a platform without roles has nothing to give; a grant already on its way gives it
    }
    try {
      grantExecutor.execute(() -> {
        GrantStatus status;
        try {
          status = granter.giveAgain(player, pack);
        } catch (RuntimeException e) {
          log.debug("Giving {} again to {} threw", pack.badge().name(), player, e);
          status = platformCallFailed(e);
        } finally {
          granting.remove(key);
        }
        if (!(status instanceof GrantStatus.Granted)) {
          log.info("Badge {} not given again to {}, who holds it (kept as granted, not retried): {}",
              pack.badge().name(), player, status.describe());
        }
      });
    } catch (RejectedExecutionException shuttingDown) {
      granting.remove(key); // she holds the badge: nothing is lost
    }
  }

  /** What a perfect run means for its badge, from the member's award as the store keeps it before the run. */
  private BadgeNews badgeNews(FinishedRun run) {
    if (holding) {
      return BadgeNews.EARNED; // writes are held: the store is not asked, nobody waits on it meanwhile
    }
    List<BadgeAward> awards;
    try {
      awards = store.badges(run.player());
    } catch (StoreUnavailableException e) {
      log.warn("Could not read the badges of {}; their perfect run of {} counts as earning the badge: {}",
          run.player(), run.packId(), e.getMessage());
      return BadgeNews.EARNED;
    }
    for (BadgeAward award : awards) {
      if (award.packId().equals(run.packId())) {
        return award.status() instanceof GrantStatus.Granted ? BadgeNews.ALREADY_HELD : BadgeNews.STILL_BEING_GIVEN;
      }
    }
    return BadgeNews.EARNED;
  }

  /**
   * Grants again every badge of this tenant whose grant is pending, once an admin fixed the cause; a badge whose
   * grant this process has queued or is running is left to it (one left {@link GrantStatus#BEING_GRANTED} by a
   * process that stopped is given), and so is one waiting for its automatic retry. A grant refused again for a
   * passing reason is retried by itself, as after a perfect run.
   *
   * @return the awards retried, with their new status, and those left to their automatic retry
   */
  public Retried retryPending(Tenant tenant, ChallengeCatalog catalog) {
    return retryPending(tenant, catalog, packId -> true);
  }

  /**
   * {@link #retryPending(Tenant, ChallengeCatalog)} for the badges of the packs {@code packs} accepts. A badge of
   * a pack {@code catalog} no longer holds cannot be granted (its role or group is set per pack): it is among those
   * retried, still pending, with that reason ({@link #packNotLoaded}).
   */
  public Retried retryPending(Tenant tenant, ChallengeCatalog catalog, Predicate<String> packs) {
    List<BadgeAward> retried = new ArrayList<>();
    List<BadgeAward> waiting = new ArrayList<>();
    Instant now = retries.clock().instant();
    for (BadgeAward award : store.pendingBadges(tenant)) {
      if (!packs.test(award.packId())) {
        continue;
      }
      Optional<ChallengePack> pack = catalog.find(award.packId());
      AwardKey key = AwardKey.of(award);
      if (pack.isEmpty()) {
        retried.add(packNotLoaded(award));
        continue;
      }
      if (!granting.add(key)) {
        Retrying later = retrying.get(key);
        if (later != null) {
          waiting.add(later.shown(now)); // retried at the platform's time: sooner, it would refuse again
        }
        continue;
      }
      retried.add(attempt(award, pack.get(), 0));
    }
    return new Retried(retried, waiting);
  }

  /**
   * Grants again, on the grant executor, the badges on {@code platform} that a stopped process left {@link
   * GrantStatus#BEING_GRANTED} (their grant, or its automatic retry, had not run), in the tenants {@code served}
   * says this process serves now, so that a restart does not leave them to an admin's retry. A badge whose grant
   * this process runs already, of a pack no longer loaded, or of a platform this process has no granter for, is
   * left as it is. A platform adapter calls this once its tenants are connected (before, a grant would fail for
   * want of them). When the store cannot be read the badges stay pending, for an admin's retry.
   *
   * @return how many grants were queued
   */
  public int resumeInterrupted(Platform platform, Predicate<Tenant> served, ChallengeCatalog catalog) {
    if (!granters.containsKey(platform)) {
      return 0; // granting with no granter stores the badge as granted: right for the terminal only
    }
    List<BadgeAward> left;
    try {
      left = store.badgesBeingGranted(platform);
    } catch (StoreUnavailableException e) {
      log.warn("Could not read the {} badges a stop left being granted ({}); they wait for an admin's retry",
          platform, e.getMessage());
      return 0;
    }
    return resume(left.stream().filter(award -> served.test(award.player().tenantKey())).toList(), catalog,
        platform.toString());
  }

  /**
   * {@link #resumeInterrupted(Platform, Predicate, ChallengeCatalog)} for one tenant that has just become reachable
   * (a Discord server back from an outage), read through the tenant's own pending badges.
   */
  public int resumeInterrupted(Tenant tenant, ChallengeCatalog catalog) {
    if (!granters.containsKey(tenant.platform())) {
      return 0;
    }
    List<BadgeAward> left;
    try {
      left = store.pendingBadges(tenant).stream().filter(BadgeAward::beingGranted).toList();
    } catch (StoreUnavailableException e) {
      log.warn("Could not read the badges a stop left being granted in {} ({}); they wait for an admin's retry",
          tenant.id(), e.getMessage());
      return 0;
    }
    return resume(left, catalog, tenant.platform() + " " + tenant.id());
  }

  private int resume(List<BadgeAward> left, ChallengeCatalog catalog, String where) {
    int queued = 0;
    for (BadgeAward award : left) {
      Optional<ChallengePack> pack = catalog.find(award.packId());
      AwardKey key = AwardKey.of(award);
      if (pack.isEmpty() || !granting.add(key)) {
        continue;
      }
      try {
        grantExecutor.execute(() -> {
          if (stillBeingGranted(award)) {
            attempt(award, pack.get(), 0);
          } else {
            granting.remove(key); // a grant of this process ended between the read and the claim
          }
        });
        queued++;
      } catch (RejectedExecutionException shuttingDown) {
        granting.remove(key);
        break;
      }
    }
    if (queued > 0) {
      log.info("Granting {} badges a stop left being granted ({})", queued, where);
    }
    return queued;
  }

  /** Whether the store still keeps {@code award} being granted (unknown when it cannot be read: then it is). */
  private boolean stillBeingGranted(BadgeAward award) {
    try {
      return store.badges(award.player()).stream()
          .anyMatch(kept -> kept.packId().equals(award.packId()) && kept.beingGranted());
    } catch (StoreUnavailableException e) {
      return true; // a second grant of a badge changes nothing on the platform
    }
  }

  /**
   * What an admin's retry did.
   *
   * @param retried the awards it granted again, with their new status (one refused again for a passing reason
   *     waits for its automatic retry now, and says so)
   * @param leftToTheBot those it left alone because their automatic retry waits (retried sooner, the platform
   *     would refuse again), with a status that says when the bot tries
   */
  public record Retried(List<BadgeAward> retried, List<BadgeAward> leftToTheBot) {
    public Retried {
      retried = List.copyOf(retried);
      leftToTheBot = List.copyOf(leftToTheBot);
    }

    public boolean nothingWaited() {
      return retried.isEmpty() && leftToTheBot.isEmpty();
    }

    /** Every award the retry looked at: those retried, then those left to the bot. */
    public List<BadgeAward> all() {
      List<BadgeAward> all = new ArrayList<>(retried);
      all.addAll(leftToTheBot);
      return List.copyOf(all);
    }
  }

  /**
   * The tenant's pending badges an admin should see: those {@link ResultStore#pendingBadges} lists, but for the
   * ones whose grant this process is running or has queued; one waiting for its automatic retry shows the
   * platform's refusal, and a fix saying the bot retries it by itself and when; one of a pack {@code catalog} no
   * longer holds says so ({@link #packNotLoaded}).
   */
  public List<BadgeAward> waitingBadges(Tenant tenant, ChallengeCatalog catalog) {
    Instant now = retries.clock().instant();
    List<BadgeAward> shown = new ArrayList<>();
    for (BadgeAward award : store.pendingBadges(tenant)) {
      AwardKey key = AwardKey.of(award);
      Retrying later = retrying.get(key);
      if (catalog.find(award.packId()).isEmpty()) {
        shown.add(packNotLoaded(award));
      } else if (later != null) {
        shown.add(later.shown(now));
      } else if (!granting.contains(key)) {
        shown.add(award);
      }
    }
    return List.copyOf(shown);
  }

  /**
   * A pending badge of a pack no longer loaded (removed, or its id renamed), as an admin reads it: it cannot be
   * granted until the pack is back, and nothing is lost meanwhile (the member's profile keeps the badge).
   */
  static BadgeAward packNotLoaded(BadgeAward award) {
    return award.withStatus(new GrantStatus.Pending("its challenge pack " + award.packId() + " is no longer loaded",
        "restore the pack with that id, then retry; until then the badge stays in the member's profile"));
  }

  /** Whether this process has queued or is running the grant of {@code player}'s badge of {@code packId}. */
  public boolean granting(Player player, String packId) {
    return granting.contains(new AwardKey(player, packId));
  }

  /** The status of a grant whose granter threw {@code failure} (the platform call failed in an unforeseen way). */
  public static GrantStatus.Pending platformCallFailed(RuntimeException failure) {
    return new GrantStatus.Pending("the platform call failed: " + failure.getMessage(), "retry the grant later");
  }

  /** Saves what could not be saved earlier; returns how many writes are still waiting. */
  public int retryWrites() {
    int waiting = unsavedWrites.size();
    for (int i = 0; i < waiting; i++) {
      Runnable write = unsavedWrites.poll();
      if (write == null) {
        break;
      }
      try {
        write.run();
      } catch (StoreUnavailableException stillDown) {
        unsavedWrites.add(write);
        log.warn("The results store is still unavailable: {}", stillDown.getMessage());
        break;
      }
    }
    if (holding && unsavedWrites.isEmpty()) {
      holding = false;
      log.info("The results store takes writes again: finished runs are saved as they come");
    }
    return unsavedWrites.size();
  }

  public int unsavedWrites() {
    return unsavedWrites.size();
  }

  /**
   * Grants {@code award} once, its key being in {@link #granting}. A refusal for a passing reason, with retries
   * left, is stored as {@link GrantStatus#BEING_GRANTED} and retried when {@link GrantRetries} says (the key stays
   * in {@link #granting} until then); any other outcome is stored and releases the key.
   *
   * @param retriesDone how many automatic retries of this refusal ran before this attempt
   * @return the award with its new status (for one waiting for its retry, the status admins are shown)
   */
  private BadgeAward attempt(BadgeAward award, ChallengePack pack, int retriesDone) {
    AwardKey key = AwardKey.of(award);
    boolean waitsForRetry = false;
    try {
      GrantStatus status = grantOnce(award, pack);
      // Named as the pack names it now (a badge the store kept with its run is named by the pack id until here).
      BadgeAward outcome =
          new BadgeAward(award.player(), award.packId(), pack.badge().name(), award.earnedAt(), status);
      if (status instanceof GrantStatus.Pending refusal && refusal.retryable() && retriesDone < retries.count()) {
        Duration delay = retries.delay(retriesDone, refusal.retryAfter());
        Retrying later = new Retrying(outcome, refusal, retries.clock().instant().plus(delay),
            retries.count() - retriesDone - 1);
        // Before the timer holds the task: a retry due at once finds its entry to remove.
        retrying.put(key, later);
        // The member reads it as being given meanwhile; a stop before the retry leaves it so, for an admin's retry.
        tryWrite(() -> store.saveBadge(outcome.withStatus(GrantStatus.BEING_GRANTED)), "badge of " + award.player());
        if (retries.timer().after(delay, () -> retryNow(outcome, pack, retriesDone + 1))) {
          waitsForRetry = true;
          log.info("Badge {} for {} not granted yet ({}): trying again by itself in {} s (retry {} of {})",
              pack.badge().name(), award.player(), refusal.reason(), delay.toSeconds(), retriesDone + 1,
              retries.count());
          return later.shown(retries.clock().instant());
        }
        retrying.remove(key); // the timer is shut down: the bot is stopping
      }
      if (!(status instanceof GrantStatus.Granted)) {
        log.warn("Badge {} for {} not granted: {}{}", pack.badge().name(), award.player(), status.describe(),
            retriesDone > 0 ? " (after " + retriesDone + " automatic retries)" : "");
      }
      tryWrite(() -> store.saveBadge(outcome), "badge of " + award.player());
      if (status instanceof GrantStatus.Pending refusal && refusal.retryable()) {
        retriesUsedUp(award, pack, refusal);
      }
      return outcome;
    } finally {
      if (!waitsForRetry) {
        granting.remove(key);
      }
    }
  }

  /** Tells the member's granter that a grant refused for a passing reason now waits for an admin. */
  private void retriesUsedUp(BadgeAward award, ChallengePack pack, GrantStatus.Pending last) {
    BadgeGranter granter = granters.get(award.player().platform());
    if (granter == null) {
      return;
    }
    try {
      granter.retriesUsedUp(award.player(), pack, last);
    } catch (RuntimeException e) {
      log.warn("Telling {} that the {} badge waits for an admin failed", award.player(), pack.badge().name(), e);
    }
  }

  /** On the retry timer: hands the retry to the grant executor (the platform call blocks). */
  private void retryNow(BadgeAward award, ChallengePack pack, int retriesDone) {
    AwardKey key = AwardKey.of(award);
    retrying.remove(key);
    try {
      grantExecutor.execute(() -> attempt(award, pack, retriesDone));
    } catch (RejectedExecutionException shuttingDown) {
      granting.remove(key);
      log.info("The bot is stopping: the {} badge of {} is not retried now; the next start grants it",
          pack.badge().name(), award.player());
    }
  }

  /** What the member's platform answers to one grant of {@code award}. */
  private GrantStatus grantOnce(BadgeAward award, ChallengePack pack) {
    BadgeGranter granter = granters.get(award.player().platform());
    GrantStatus status;
    if (granter == null) {
      status = new GrantStatus.Granted(); // a platform without roles (the terminal): the stored award is the badge
    } else {
      try {
        status = granter.grant(award.player(), pack);
      } catch (RuntimeException e) {
        log.warn("Granting {} to {} failed", pack.badge().name(), award.player(), e);
        status = platformCallFailed(e);
      }
    }
    return status;
  }

  private boolean tryWrite(Runnable write, String what) {
    if (holding) {
      unsavedWrites.add(write); // the store failed lately: the retry saves it, nobody waits on the store meanwhile
      return false;
    }
    try {
      write.run();
      return true;
    } catch (StoreUnavailableException e) {
      log.warn("Could not save the {} now, keeping it to retry; writes are held for the retry until the store "
          + "takes them again: {}", what, e.getMessage());
      unsavedWrites.add(write);
      holding = true;
      return false;
    }
  }
}
