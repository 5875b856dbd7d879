package org.warmupbot.discord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;

/**
 * An {@link InMemoryStore} whose server settings cannot be read while {@link #down} (as a PostgreSQL store once
 * its settings cache expired during a restart of the database), and whose saves wait while {@link #holdSaves}
 * (a database slow to commit); everything else passes through.
 */
final class OutageStore implements ResultStore {
  private final InMemoryStore store;
  volatile boolean down;
  private volatile CountDownLatch savesHeld = new CountDownLatch(0);
  private final CountDownLatch saveWaiting = new CountDownLatch(1);

  /** From now, saves wait until {@link #releaseSaves}. */
  void holdSaves() {
    savesHeld = new CountDownLatch(1);
  }

  void releaseSaves() {
    savesHeld.countDown();
  }

  /** Waits until a save is waiting on the hold. */
  void awaitHeldSave() throws InterruptedException {
    if (!saveWaiting.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no save reached the store");
    }
  }

  OutageStore(InMemoryStore store) {
    this.store = store;
  }

  @Override
  public TenantSettings settings(Tenant tenant) {
    if (down) {
      throw new StoreUnavailableException("the results store at jdbc:postgresql://db/warmup: connection refused",
          null);
    }
    return store.settings(tenant);
  }

  @Override
  public void save(FinishedRun run) {
    saveWaiting.countDown();
    try {
      if (!savesHeld.await(10, TimeUnit.SECONDS)) {
        throw new StoreUnavailableException("not committed in time", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted", e);
    }
    store.save(run);
  }

  @Override public List<Ranked> top(Tenant t, String p, @Nullable Instant s, int o, int l) { return store.top(t, p, s, o, l); }
  @Override public int rankedCount(Tenant t, String p, @Nullable Instant s) { return store.rankedCount(t, p, s); }
  @Override public Optional<Ranked> standing(Player p, String k, @Nullable Instant s) { return store.standing(p, k, s); }
  @Override public List<FinishedRun> runs(Player p) { return store.runs(p); }
  @Override public void saveBadge(BadgeAward a) { store.saveBadge(a); }
  @Override public List<BadgeAward> badges(Player p) { return store.badges(p); }
  @Override public List<BadgeAward> pendingBadges(Tenant t) { return store.pendingBadges(t); }
  @Override public void saveSettings(Tenant t, TenantSettings s) { store.saveSettings(t, s); }
}
