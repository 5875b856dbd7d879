package org.warmupbot.slack;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;

/**
 * A store whose leaderboard reads ({@code top}, {@code rankedCount}, {@code standing}) fail with {@link
 * StoreUnavailableException} once a test says ({@link #failReads}), as a database that went away would, and whose
 * saves wait while a test holds them ({@link #holdSaves}: a database slow to commit); everything else goes to the
 * store it wraps. Thread-safe.
 */
final class FaultyStore implements ResultStore {
  private final ResultStore store;
  private volatile @Nullable String failure;
  private volatile CountDownLatch savesHeld = new CountDownLatch(0);
  private final CountDownLatch saveWaiting = new CountDownLatch(1);
  private final AtomicInteger savesWaitingNow = new AtomicInteger();

  FaultyStore(ResultStore store) {
    this.store = store;
  }

  /** Makes every later leaderboard read throw {@link StoreUnavailableException} with {@code message}. */
  void failReads(String message) {
    failure = message;
  }

  private void check() {
    String message = failure;
    if (message != null) {
      throw new StoreUnavailableException(message, new IOException("Connection refused"));
    }
  }

  /** From now, saves wait until {@link #releaseSaves}. */
  void holdSaves() {
    savesHeld = new CountDownLatch(1);
  }

  void releaseSaves() {
    savesHeld.countDown();
  }

  /** Waits until a save waits on the hold. */
  void awaitHeldSave() throws InterruptedException {
    if (!saveWaiting.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no save reached the store");
    }
  }

  /** How many saves wait on the hold now. */
  int savesWaitingNow() {
    return savesWaitingNow.get();
  }

  @Override
  public void save(FinishedRun run) {
    savesWaitingNow.incrementAndGet();
    saveWaiting.countDown();
    try {
      if (!savesHeld.await(10, TimeUnit.SECONDS)) {
        throw new StoreUnavailableException("not committed in time", new IOException("held by the test"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted", e);
    } finally {
      savesWaitingNow.decrementAndGet();
    }
    store.save(run);
  }

  @Override
  public List<Ranked> top(Tenant tenant, String packId, @Nullable Instant since, int offset, int limit) {
    check();
    return store.top(tenant, packId, since, offset, limit);
  }

  @Override
  public int rankedCount(Tenant tenant, String packId, @Nullable Instant since) {
    check();
    return store.rankedCount(tenant, packId, since);
  }

  @Override
  public Optional<Ranked> standing(Player player, String packId, @Nullable Instant since) {
    check();
    return store.standing(player, packId, since);
  }

  @Override
  public List<FinishedRun> runs(Player player) {
    return store.runs(player);
  }

  @Override
  public void saveBadge(BadgeAward award) {
    store.saveBadge(award);
  }

  @Override
  public List<BadgeAward> badges(Player player) {
    return store.badges(player);
  }

  @Override
  public List<BadgeAward> pendingBadges(Tenant tenant) {
    return store.pendingBadges(tenant);
  }

  @Override
  public TenantSettings settings(Tenant tenant) {
    return store.settings(tenant);
  }

  @Override
  public void saveSettings(Tenant tenant, TenantSettings settings) {
    store.saveSettings(tenant, settings);
  }
}
