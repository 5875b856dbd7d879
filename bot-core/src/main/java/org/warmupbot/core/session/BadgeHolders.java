package org.warmupbot.core.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;

/**
 * Gives a badge again to the members who hold it, after an admin set another role or group for it (see {@link
 * #giveAgain}); nothing about it is stored. Apart from {@link RunRecorder}'s grants of newly earned badges: its own
 * executor, its own bookkeeping. Thread-safe.
 */
public final class BadgeHolders {
  private static final Logger log = LoggerFactory.getLogger(BadgeHolders.class);

  private final ResultStore store;
  private final Map<Platform, BadgeGranter> granters;
  private final Executor executor;
  /** The holders being given their badge again, by tenant and pack. */
  private final Map<Key, Work> giving = new ConcurrentHashMap<>();

  BadgeHolders(ResultStore store, Map<Platform, BadgeGranter> granters, Executor executor) {
    this.store = store;
    this.granters = Map.copyOf(granters);
    this.executor = executor;
  }

  /**
   * Giving a badge again to the members who hold it.
   *
   * @param holders how many members hold the badge
   * @param refused once the platform answered: those it did not give it to, with its answer
   */
  public record Giving(int holders, CompletableFuture<Map<Player, GrantStatus>> refused) {
    static Giving nobody() {
      return new Giving(0, CompletableFuture.completedFuture(Map.of()));
    }
  }

  /**
   * Gives the pack's badge again, quietly, to every member of {@code tenant} who holds it ({@link
   * BadgeGranter#giveAgainToAll}), so that a role or group an admin has just set for it reaches them now, not at
   * their next perfect run. The holders are read at once; the platform calls run on the holders' executor, apart
   * from the grants of newly earned badges (a big server's holders take Discord many minutes). Asked again while a
   * tenant's holders of the pack are being given it (the admin set another role meanwhile), it answers with that
   * work, which then gives every holder the badge once more, as it is set by then. Refusals change nothing stored
   * (they hold the badge) and are not retried: the caller reports them.
   *
   * @return how many hold it, and the platform's refusals once it answered (none at once when nobody holds the
   *     badge or the platform has no roles; failed with {@link RejectedExecutionException} when the bot is stopping)
   * @throws StoreUnavailableException when the holders cannot be read
   */
  public Giving giveAgain(Tenant tenant, ChallengePack pack) {
    BadgeGranter granter = granters.get(tenant.platform());
    if (granter == null) {
      return Giving.nobody();
    }
    List<Player> holders = holdersOf(tenant, pack);
    if (holders.isEmpty()) {
      return Giving.nobody();
    }
    Key key = new Key(tenant, pack.id());
    Work fresh = new Work(new Giving(holders.size(), new CompletableFuture<>()));
    Work work = giving.compute(key, (k, running) -> {
      if (running == null) {
        return fresh;
      }
      running.again = true; // its role or group may have changed: holders given it already get it once more
      return running;
    });
    if (work != fresh) {
      return work.giving;
    }
    try {
      executor.execute(() -> give(work, key, granter, holders, pack));
    } catch (RejectedExecutionException shuttingDown) {
      giving.remove(key, work);
      work.giving.refused().completeExceptionally(shuttingDown);
    }
    return work.giving;
  }

  /** Gives the badge to {@code holders}, and again to all of them for as long as asked again meanwhile. */
  private void give(Work work, Key key, BadgeGranter granter, List<Player> holders, ChallengePack pack) {
    CompletableFuture<Map<Player, GrantStatus>> outcome = work.giving.refused();
    try {
      List<Player> next = holders;
      while (true) {
        Map<Player, GrantStatus> refused = new LinkedHashMap<>();
        granter.giveAgainToAll(next, pack).forEach((holder, status) -> {
          if (!(status instanceof GrantStatus.Granted)) {
            refused.put(holder, status);
          }
        });
        boolean again = giving.compute(key, (k, running) -> {
          if (running != work) {
            return running; // dropped at a stop: what was asked since is not this work's to end
          }
          if (!running.again) {
            return null; // done: the next ask starts afresh
          }
          running.again = false;
          return running;
        }) == work;
        if (!again) {
          if (!refused.isEmpty()) {
            log.warn("{} of the {} holders of the {} badge in {} did not get its role or group again: {}",
                refused.size(), next.size(), pack.badge().name(), key.tenant().id(),
                refused.values().iterator().next().describe());
          }
          outcome.complete(Map.copyOf(refused));
          return;
        }
        next = holdersOf(key.tenant(), pack);
      }
    } catch (RuntimeException e) {
      log.warn("Giving the {} badge again to its holders in {} failed", pack.badge().name(), key.tenant().id(), e);
      outcome.completeExceptionally(e);
    } finally {
      if (!outcome.isDone() || outcome.isCompletedExceptionally()) {
        giving.remove(key, work); // an Error too: later asks start afresh rather than join dead work
        outcome.completeExceptionally(new IllegalStateException("giving the badge to its holders broke off"));
      }
    }
  }

  /**
   * The holders a platform did not give the badge to ({@link Giving#refused()}), by the reason it gave, each
   * reason's members in the order of their ids: how an admin reads them.
   */
  public static Map<String, List<Player>> byReason(Map<Player, GrantStatus> refused) {
    Map<String, List<Player>> byReason = new LinkedHashMap<>();
    refused.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(Player::userId)))
        .forEach(refusal -> byReason.computeIfAbsent(reason(refusal.getValue()), r -> new ArrayList<>())
            .add(refusal.getKey()));
    return byReason;
  }

  private static String reason(GrantStatus status) {
    if (status instanceof GrantStatus.Pending pending) {
      return pending.reason();
    }
    return status instanceof GrantStatus.Failed failed ? failed.reason() : status.describe();
  }

  private List<Player> holdersOf(Tenant tenant, ChallengePack pack) {
    return store.holders(tenant, pack.id()).stream().map(BadgeAward::player).toList();
  }

  /**
   * At a stop: gives up the holders still waiting to be given a badge again (queued behind another tenant's, or
   * running), whose outcome then says the bot is stopping; returns what each was, for the log.
   */
  public List<String> abandon() {
    List<String> abandoned = new ArrayList<>();
    giving.forEach((key, work) -> {
      if (giving.remove(key, work)) {
        work.giving.refused().completeExceptionally(new RejectedExecutionException("the bot is stopping"));
        abandoned.add("the " + key.packId() + " badge's holders in " + key.tenant().platform().label() + " "
            + key.tenant().id());
      }
    });
    return abandoned;
  }

  /** A tenant's holders being given a badge again; {@code again} once asked again meanwhile. */
  private static final class Work {
    final Giving giving;
    volatile boolean again;

    Work(Giving giving) {
      this.giving = giving;
    }
  }

  private record Key(Tenant tenant, String packId) {}
}
