package org.warmupbot.launcher;

import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.TenantSettings;

/** Times every call to a {@link ResultStore} into {@code warmup_store{operation=...}}; otherwise passes through. */
final class TimedResultStore implements ResultStore {
  private final ResultStore store;
  private final BotMetrics metrics;

  TimedResultStore(ResultStore store, BotMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  private <T> T timed(String operation, Supplier<T> call) {
    Timer.Sample sample = Timer.start(metrics.registry());
    try {
      return call.get();
    } finally {
      sample.stop(metrics.storeTimer(operation));
    }
  }

  private void timed(String operation, Runnable call) {
    timed(operation, () -> {
      call.run();
      return null;
    });
  }

  @Override
  public void save(FinishedRun run) {
    timed("save", () -> store.save(run));
  }

  @Override
  public List<Ranked> top(Tenant tenant, String packId, @Nullable Instant since, int offset, int limit) {
    return timed("top", () -> store.top(tenant, packId, since, offset, limit));
  }

  @Override
  public int rankedCount(Tenant tenant, String packId, @Nullable Instant since) {
    return timed("rankedCount", () -> store.rankedCount(tenant, packId, since));
  }

  @Override
  public Optional<Ranked> standing(Player player, String packId, @Nullable Instant since) {
    return timed("standing", () -> store.standing(player, packId, since));
  }

  @Override
  public List<FinishedRun> runs(Player player) {
    return timed("runs", () -> store.runs(player));
  }

  @Override
  public void saveBadge(BadgeAward award) {
    timed("saveBadge", () -> store.saveBadge(award));
  }

  @Override
  public List<BadgeAward> badges(Player player) {
    return timed("badges", () -> store.badges(player));
  }

  @Override
  public List<BadgeAward> holders(Tenant tenant, String packId) {
    return timed("holders", () -> store.holders(tenant, packId));
  }

  @Override
  public List<BadgeAward> pendingBadges(Tenant tenant) {
    return timed("pendingBadges", () -> store.pendingBadges(tenant));
  }

  @Override
  public List<BadgeAward> badgesBeingGranted(Platform platform) {
    return timed("badgesBeingGranted", () -> store.badgesBeingGranted(platform));
  }

  @Override
  public TenantSettings settings(Tenant tenant) {
    return timed("settings", () -> store.settings(tenant));
  }

  @Override
  public void saveSettings(Tenant tenant, TenantSettings settings) {
    timed("saveSettings", () -> store.saveSettings(tenant, settings));
  }
}
