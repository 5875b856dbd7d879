package org.warmupbot.core.session;

import java.util.List;
import java.util.Map;
import java.util.Queue;
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
 * platform's {@link BadgeGranter}, and every outcome (granted, pending with the fix, failed) is stored.
 *
 * <p>Thread-safe.
 */
public final class RunRecorder {
  private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

  /**
   * The status of an earned badge until its grant has run; it stays so when the bot stopped first, and an admin's
   * retry then gives it.
   */
  public static final GrantStatus.Pending BEING_GRANTED =
      new GrantStatus.Pending("being granted", "wait a moment; if it is still pending, the bot stopped before"
          + " granting it: retry the pending badges");

  private final ResultStore store;
  private final Map<Platform, BadgeGranter> granters;
  private final Executor grantExecutor;
  private final Queue<Runnable> unsavedWrites = new ConcurrentLinkedQueue<>();
  /** A write failed and {@link #retryWrites} has not got every held write through since. */
  private volatile boolean holding;

  public RunRecorder(ResultStore store, Map<Platform, BadgeGranter> granters, Executor grantExecutor) {
    this.store = store;
    this.granters = Map.copyOf(granters);
    this.grantExecutor = grantExecutor;
  }

  /**
   * Saves a finished run and, when it earned the badge, keeps the badge as {@link GrantStatus.Pending pending}
   * ({@link #BEING_GRANTED}) and then starts granting it: a process that stops (or crashes) before the grant ran
   * still has the badge, among the pending ones {@link #retryPending} gives again. When the grant executor refuses
   * the task (the bot is shutting down), the badge stays pending.
   *
   * @return false when the store could not take the run now; it is kept and retried
   */
  public boolean record(FinishedRun run, ChallengePack pack) {
    boolean saved = tryWrite(() -> store.save(run), "run " + run.runId());
    if (run.badgeEarned()) {
      BadgeAward award = new BadgeAward(run.player(), pack.id(), pack.badge().name(), run.finishedAt(), BEING_GRANTED);
      tryWrite(() -> store.saveBadge(award), "badge of " + award.player());
      try {
        grantExecutor.execute(() -> grant(award, pack));
      } catch (RejectedExecutionException shuttingDown) {
        log.info("The bot is stopping: the {} badge of {} stays pending; the admin retry command gives it",
            pack.badge().name(), run.player());
      }
    }
    return saved;
  }

  /**
   * Grants again every badge of this tenant whose grant is pending, once an admin fixed the cause.
   *
   * @return the awards with their new status
   */
  public List<BadgeAward> retryPending(Tenant tenant, ChallengeCatalog catalog) {
    return store.pendingBadges(tenant).stream()
        .flatMap(award -> catalog.find(award.packId()).map(pack -> grant(award, pack)).stream())
        .toList();
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
        status = new GrantStatus.Pending("the platform call failed: " + e.getMessage(), "retry the grant later");
      }
    }
    if (!(status instanceof GrantStatus.Granted)) {
      log.warn("Badge {} for {} not granted: {}", pack.badge().name(), award.player(), status.describe());
    }
    BadgeAward updated = award.withStatus(status);
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
