package org.warmupbot.discord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.InMemoryStore;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.testing.SaveHold;

/**
 * An {@link InMemoryStore} whose server settings cannot be read while {@link #down} (as a PostgreSQL store once
 * its settings cache expired during a restart of the database), and whose saves wait while {@link #saves} holds
 * them (a database slow to commit); everything else passes through.
 */
final class OutageStore implements ResultStore {
  private final InMemoryStore store;
  volatile boolean down;
  /** The holders of a badge cannot be read while set (the settings still can). */
  volatile boolean holdersDown;
  /** Holds saves while a test says. */
  final SaveHold saves = new SaveHold();
  /** Run once by the next settings read, before it answers: a database slow to answer (a busy pool, a cold one). */
  final AtomicReference<@Nullable Runnable> nextSettingsRead = new AtomicReference<>();

  OutageStore(InMemoryStore store) {
    this.store = store;
  }

  @Override
  public TenantSettings settings(Tenant tenant) {
    Runnable slow = nextSettingsRead.getAndSet(null);
    if (slow != null) {
      slow.run();
    }
    if (down) {
      throw new StoreUnavailableException("the results store at jdbc:postgresql://db/warmup: connection refused",
          null);
    }
    return store.settings(tenant);
  }

  @Override
  public void save(FinishedRun run) {
    saves.pass();
    store.save(run);
  }

  @Override public List<Ranked> top(Tenant t, String p, @Nullable Instant s, int o, int l) { return store.top(t, p, s, o, l); }
  @Override public int rankedCount(Tenant t, String p, @Nullable Instant s) { return store.rankedCount(t, p, s); }
  @Override public Optional<Ranked> standing(Player p, String k, @Nullable Instant s) { return store.standing(p, k, s); }
  @Override public List<FinishedRun> runs(Player p) { return store.runs(p); }
  @Override public void saveBadge(BadgeAward a) { store.saveBadge(a); }
  @Override public List<BadgeAward> badges(Player p) { return store.badges(p); }
  @Override public List<BadgeAward> holders(Tenant t, String p) {
    if (holdersDown) {
      throw new StoreUnavailableException("store jdbc:postgresql://db/warmup: could not read the holders of the " + p
          + " badge in " + t.id() + ": connection refused", null);
    }
    return store.holders(t, p);
  }
  @Override public List<BadgeAward> pendingBadges(Tenant t) { return store.pendingBadges(t); }
  @Override public List<BadgeAward> badgesBeingGranted(Platform p) { return store.badgesBeingGranted(p); }
  @Override public void saveSettings(Tenant t, TenantSettings s) { store.saveSettings(t, s); }
}
