package org.warmupbot.slack;

import java.io.IOException;
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
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.StoreUnavailableException;
import org.warmupbot.core.port.TenantSettings;
import org.warmupbot.core.testing.SaveHold;

/**
 * A store whose leaderboard reads ({@code top}, {@code rankedCount}, {@code standing}) fail with {@link
 * StoreUnavailableException} once a test says ({@link #failReads}), as a database that went away would, and whose
 * saves wait while a test holds them ({@link #saves}: a database slow to commit); everything else goes to the
 * store it wraps; its settings reads fail too once a test says ({@link #failSettingsReads}). Thread-safe.
 */
final class FaultyStore implements ResultStore {
  private final ResultStore store;
  private volatile @Nullable String failure;
  private volatile @Nullable String settingsFailure;
  /** Holds saves while a test says. */
  final SaveHold saves = new SaveHold();
  /** Run once by the next settings read, before it answers: a database slow to answer (a busy pool, a cold one). */
  final AtomicReference<@Nullable Runnable> nextSettingsRead = new AtomicReference<>();

  FaultyStore(ResultStore store) {
    this.store = store;
  }

  /** Makes every later leaderboard read throw {@link StoreUnavailableException} with {@code message}. */
  void failReads(String message) {
    failure = message;
  }

  /**
   * Makes every later read of a workspace's settings throw {@link StoreUnavailableException} with {@code message};
   * null lets them pass again.
   */
  void failSettingsReads(@Nullable String message) {
    settingsFailure = message;
  }

  private void check() {
    String message = failure;
    if (message != null) {
      throw new StoreUnavailableException(message, new IOException("Connection refused"));
    }
  }

  @Override
  public void save(FinishedRun run) {
    saves.pass();
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
  public List<BadgeAward> holders(Tenant tenant, String packId) {
    return store.holders(tenant, packId);
  }

  @Override
  public List<BadgeAward> pendingBadges(Tenant tenant) {
    return store.pendingBadges(tenant);
  }

  @Override
  public List<BadgeAward> badgesBeingGranted(Platform platform) {
    return store.badgesBeingGranted(platform);
  }

  @Override
  public TenantSettings settings(Tenant tenant) {
    Runnable slow = nextSettingsRead.getAndSet(null);
    if (slow != null) {
      slow.run();
    }
    String message = settingsFailure;
    if (message != null) {
      throw new StoreUnavailableException(message, new IOException("Connection refused"));
    }
    return store.settings(tenant);
  }

  @Override
  public void saveSettings(Tenant tenant, TenantSettings settings) {
    store.saveSettings(tenant, settings);
  }
}
