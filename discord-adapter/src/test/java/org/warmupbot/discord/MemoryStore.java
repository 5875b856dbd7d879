package org.warmupbot.discord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.BadgeAward;
import org.warmupbot.core.port.FinishedRun;
import org.warmupbot.core.port.GrantStatus;
import org.warmupbot.core.port.Ranked;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.TenantSettings;

/** A small in-memory {@link ResultStore} for this module's tests (until the core's InMemoryStore lands). */
final class MemoryStore implements ResultStore {
  private final List<FinishedRun> runs = new CopyOnWriteArrayList<>();
  private final Map<String, BadgeAward> badges = new ConcurrentHashMap<>();
  private final Map<Tenant, TenantSettings> settings = new ConcurrentHashMap<>();

  @Override
  public void save(FinishedRun run) {
    if (runs.stream().noneMatch(r -> r.runId().equals(run.runId()))) {
      runs.add(run);
    }
  }

  private List<Ranked> ranking(Tenant tenant, String packId, @Nullable Instant since) {
    Map<String, FinishedRun> best = new ConcurrentHashMap<>();
    Comparator<FinishedRun> order = Comparator.comparingInt(FinishedRun::score).reversed()
        .thenComparing(FinishedRun::totalTime).thenComparing(FinishedRun::finishedAt);
    for (FinishedRun run : runs) {
      if (run.player().tenantKey().equals(tenant) && run.packId().equals(packId)
          && (since == null || !run.finishedAt().isBefore(since))) {
        best.merge(run.player().userId(), run, (a, b) -> order.compare(a, b) <= 0 ? a : b);
      }
    }
    List<FinishedRun> sorted = new ArrayList<>(best.values());
    sorted.sort(order);
    List<Ranked> ranked = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      FinishedRun run = sorted.get(i);
      ranked.add(new Ranked(i + 1, run.player().userId(), run.score(), run.totalTime(), run.finishedAt()));
    }
    return ranked;
  }

  @Override
  public List<Ranked> top(Tenant tenant, String packId, @Nullable Instant since, int offset, int limit) {
    List<Ranked> all = ranking(tenant, packId, since);
    return all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
  }

  @Override
  public int rankedCount(Tenant tenant, String packId, @Nullable Instant since) {
    return ranking(tenant, packId, since).size();
  }

  @Override
  public Optional<Ranked> standing(Player player, String packId, @Nullable Instant since) {
    return ranking(player.tenantKey(), packId, since).stream().filter(r -> r.userId().equals(player.userId()))
        .findFirst();
  }

  @Override
  public List<FinishedRun> runs(Player player) {
    return runs.stream().filter(r -> r.player().equals(player)).toList();
  }

  @Override
  public void saveBadge(BadgeAward award) {
    badges.put(award.player() + "/" + award.packId(), award);
  }

  @Override
  public List<BadgeAward> badges(Player player) {
    return badges.values().stream().filter(b -> b.player().equals(player)).toList();
  }

  @Override
  public List<BadgeAward> pendingBadges(Tenant tenant) {
    return badges.values().stream()
        .filter(b -> b.player().tenantKey().equals(tenant) && b.status() instanceof GrantStatus.Pending).toList();
  }

  @Override
  public TenantSettings settings(Tenant tenant) {
    return settings.getOrDefault(tenant, TenantSettings.DEFAULT);
  }

  @Override
  public void saveSettings(Tenant tenant, TenantSettings newSettings) {
    settings.put(tenant, newSettings);
  }
}
