package org.warmupbot.core.session;

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
 * member holds already is not granted again.
 *
 * <p>Thread-safe.
 */
public final class RunRecorder {
  private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

  private final ResultStore store;
  private final Map<Platform, BadgeGranter> granters;
  private final Executor grantExecutor;
  private final Queue<Runnable> unsavedWrites = new ConcurrentLinkedQueue<>();
  /**
   * The awards whose grant this process has queued or is running: not shown to admins as waiting, and not granted
   * again by {@link #retryPending} meanwhile.
   */
  private final Set<AwardKey> granting = ConcurrentHashMap.newKeySet();
  /** A write failed and {@link #retryWrites} has not got every held write through since. */
  private volatile boolean holding;

  private record AwardKey(Player player, String packId) {
    static AwardKey of(BadgeAward award) {
      return new AwardKey(award.player(), award.packId());
    }
  }

  public RunRecorder(ResultStore store, Map<Platform, BadgeGranter> granters, Executor grantExecutor) {
    this.store = store;
    this.granters = Map.copyOf(granters);
    this.grantExecutor = grantExecutor;
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
   * announced); a granted one {@link BadgeNews#ALREADY_HELD} (not granted again, so a platform that cannot give the
   * role right now never turns a badge the member holds back into a pending one); one not given yet {@link
   * BadgeNews#STILL_BEING_GIVEN} (granted again: a retry). When the store cannot be asked (it is down, or writes are
   * held) the run counts as {@link BadgeNews#EARNED}, as the store keeps a granted award granted whatever a later
   * grant's outcome.
   *
   * <p>The store keeps the earned badge with the run, in the same write, as {@link GrantStatus#BEING_GRANTED} unless
   * the member has it already: a process that stops (or crashes) before the grant ran still has the badge, among the
   * pending ones {@link #retryPending} gives again. When the grant executor refuses the task (the bot is shutting
   * down), the badge stays pending; a grant of the same badge still queued or running is not queued again.
   */
  public Recorded record(FinishedRun run, ChallengePack pack) {
    BadgeNews news = run.badgeEarned() ? badgeNews(run) : BadgeNews.NONE;
    boolean saved = tryWrite(() -> store.save(run), "run " + run.runId());
    if (news == BadgeNews.EARNED || news == BadgeNews.STILL_BEING_GIVEN) {
      BadgeAward award = new BadgeAward(run.player(), pack.id(), pack.badge().name(), run.finishedAt(),
          GrantStatus.BEING_GRANTED);
      AwardKey key = AwardKey.of(award);
      if (!granting.add(key)) {
        return new Recorded(saved, news); // its grant is queued or running already
      }
      try {
        grantExecutor.execute(() -> {
          try {
            grant(award, pack);
          } finally {
            granting.remove(key);
          }
        });
      } catch (RejectedExecutionException shuttingDown) {
        granting.remove(key);
        log.info("The bot is stopping: the {} badge of {} is not granted now; the admin retry command gives it if"
            + " it is pending", pack.badge().name(), run.player());
      }
    }
    return new Recorded(saved, news);
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
   * process that
   * stopped is given).
   *
   * @return the awards retried, with their new status
   */
  public List<BadgeAward> retryPending(Tenant tenant, ChallengeCatalog catalog) {
    List<BadgeAward> retried = new ArrayList<>();
    for (BadgeAward award : store.pendingBadges(tenant)) {
      Optional<ChallengePack> pack = catalog.find(award.packId());
      AwardKey key = AwardKey.of(award);
      if (pack.isEmpty() || !granting.add(key)) {
        continue;
      }
      try {
        retried.add(grant(award, pack.get()));
      } finally {
        granting.remove(key);
      }
    }
    return List.copyOf(retried);
  }

  /**
   * The tenant's pending badges an admin should see: those {@link ResultStore#pendingBadges} lists, but for the
   * ones whose grant this process is running or has queued.
   */
  public List<BadgeAward> waitingBadges(Tenant tenant) {
    return store.pendingBadges(tenant).stream().filter(award -> !granting.contains(AwardKey.of(award))).toList();
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

  private BadgeAward grant(BadgeAward award, ChallengePack pack) {
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
    if (!(status instanceof GrantStatus.Granted)) {
      log.warn("Badge {} for {} not granted: {}", pack.badge().name(), award.player(), status.describe());
    }
    // Named as the pack names it now (a badge the store kept with its run is named by the pack id until here).
    BadgeAward updated = new BadgeAward(award.player(), award.packId(), pack.badge().name(), award.earnedAt(), status);
    tryWrite(() -> store.saveBadge(updated), "badge of " + award.player());
    return updated;
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
