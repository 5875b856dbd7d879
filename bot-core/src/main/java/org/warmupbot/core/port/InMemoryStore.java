package org.warmupbot.core.port;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Player;
import org.warmupbot.core.player.Tenant;

/**
 * Keeps results, badges, settings and session snapshots in memory: the store of tests and of a bot started
 * without a database. Nothing survives the process.
 *
 * <p>Thread-safe: every method holds one lock, so each call sees and leaves a consistent state. Leaderboard
 * queries scan the tenant's runs, which is fine for the sizes a memory store holds.
 */
public final class InMemoryStore implements ResultStore, SessionStore {

  /** Best first: higher score, then shorter time, then earlier finish; the user id only makes the order total. */
  private static final Comparator<FinishedRun> BEST_FIRST =
      Comparator.comparingInt(FinishedRun::score)
          .reversed()
          .thenComparing(FinishedRun::totalTime)
          .thenComparing(FinishedRun::finishedAt)
          .thenComparing(run -> run.player().userId());

  private final Object lock = new Object();
  private final Set<String> runIds = new HashSet<>();
  private final List<FinishedRun> runs = new ArrayList<>();
  private final Map<BadgeKey, BadgeAward> badges = new LinkedHashMap<>();
  private final Map<Tenant, TenantSettings> settings = new HashMap<>();
  private List<SessionSnapshot> snapshots = List.of();

  private record BadgeKey(Player player, String packId) {}

  @Override
  public void save(FinishedRun run) {
    synchronized (lock) {
      if (runIds.add(run.runId())) {
        runs.add(run);
        if (run.badgeEarned()) {
          badges.putIfAbsent(new BadgeKey(run.player(), run.packId()), new BadgeAward(run.player(), run.packId(),
              run.packId(), run.finishedAt(), GrantStatus.BEING_GRANTED));
        }
      }
    }
  }

  @Override
  public List<Ranked> top(Tenant tenant, String packId, @Nullable Instant since, int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must be zero or more, not " + offset + ", " + limit);
    }
    List<Ranked> board = board(tenant, packId, since);
    return List.copyOf(board.subList(Math.min(offset, board.size()), Math.min(offset + limit, board.size())));
  }

  @Override
  public int rankedCount(Tenant tenant, String packId, @Nullable Instant since) {
    return board(tenant, packId, since).size();
  }

  @Override
  public Optional<Ranked> standing(Player player, String packId, @Nullable Instant since) {
    return board(player.tenantKey(), packId, since).stream()
        .filter(ranked -> ranked.userId().equals(player.userId()))
        .findFirst();
  }

  /** The whole board, ranked: members with the same score, time and finish share a rank. */
  private List<Ranked> board(Tenant tenant, String packId, @Nullable Instant since) {
    Map<String, FinishedRun> best = new HashMap<>();
    synchronized (lock) {
      for (FinishedRun run : runs) {
        if (run.player().tenantKey().equals(tenant)
            && run.packId().equals(packId)
            && (since == null || !run.finishedAt().isBefore(since))) {
          best.merge(run.player().userId(), run, (a, b) -> BEST_FIRST.compare(a, b) <= 0 ? a : b);
        }
      }
    }
    List<FinishedRun> ordered = new ArrayList<>(best.values());
    ordered.sort(BEST_FIRST);
    List<Ranked> ranked = new ArrayList<>(ordered.size());
    for (int i = 0; i < ordered.size(); i++) {
      FinishedRun run = ordered.get(i);
      int rank = i + 1;
      if (i > 0 && sameResult(ordered.get(i - 1), run)) {
        rank = ranked.get(i - 1).rank();
      }
      ranked.add(new Ranked(rank, run.player().userId(), run.score(), run.totalTime(), run.finishedAt()));
    }
    return ranked;
  }

  private static boolean sameResult(FinishedRun a, FinishedRun b) {
    return a.score() == b.score()
        && a.totalTime().equals(b.totalTime())
        && a.finishedAt().equals(b.finishedAt());
  }

  @Override
  public List<FinishedRun> runs(Player player) {
    List<FinishedRun> mine = new ArrayList<>();
    synchronized (lock) {
      for (FinishedRun run : runs) {
        if (run.player().equals(player)) {
          mine.add(run);
        }
      }
    }
    // Stable sort: runs finished at the same instant stay in the order they were saved.
    mine.sort(Comparator.comparing(FinishedRun::finishedAt));
    return List.copyOf(mine);
  }

  @Override
  public void saveBadge(BadgeAward award) {
    synchronized (lock) {
      badges.merge(new BadgeKey(award.player(), award.packId()), award, (kept, given) ->
          new BadgeAward(given.player(), given.packId(), given.badgeName(),
              kept.earnedAt().isBefore(given.earnedAt()) ? kept.earnedAt() : given.earnedAt(),
              kept.status() instanceof GrantStatus.Granted ? kept.status() : given.status()));
    }
  }

  @Override
  public List<BadgeAward> badges(Player player) {
    List<BadgeAward> mine = new ArrayList<>();
    synchronized (lock) {
      for (BadgeAward award : badges.values()) {
        if (award.player().equals(player)) {
          mine.add(award);
        }
      }
    }
    mine.sort(Comparator.comparing(BadgeAward::earnedAt).thenComparing(BadgeAward::packId));
    return List.copyOf(mine);
  }

  @Override
  public List<BadgeAward> holders(Tenant tenant, String packId) {
    List<BadgeAward> holders = new ArrayList<>();
    synchronized (lock) {
      for (BadgeAward award : badges.values()) {
        if (award.player().tenantKey().equals(tenant) && award.packId().equals(packId)
            && award.status() instanceof GrantStatus.Granted) {
          holders.add(award);
        }
      }
    }
    holders.sort(Comparator.comparing(BadgeAward::earnedAt).thenComparing(award -> award.player().userId()));
    return List.copyOf(holders);
  }

  @Override
  public List<BadgeAward> pendingBadges(Tenant tenant) {
    List<BadgeAward> pending = new ArrayList<>();
    synchronized (lock) {
      for (BadgeAward award : badges.values()) {
        if (award.player().tenantKey().equals(tenant) && award.status() instanceof GrantStatus.Pending) {
          pending.add(award);
        }
      }
    }
    pending.sort(
        Comparator.comparing(BadgeAward::earnedAt)
            .thenComparing(award -> award.player().userId())
            .thenComparing(BadgeAward::packId));
    return List.copyOf(pending);
  }

  @Override
  public List<BadgeAward> badgesBeingGranted(Platform platform) {
    List<BadgeAward> left = new ArrayList<>();
    synchronized (lock) {
      for (BadgeAward award : badges.values()) {
        if (award.player().platform() == platform && award.beingGranted()) {
          left.add(award);
        }
      }
    }
    left.sort(Comparator.comparing(BadgeAward::earnedAt)
        .thenComparing(award -> award.player().tenant())
        .thenComparing(award -> award.player().userId())
        .thenComparing(BadgeAward::packId));
    return List.copyOf(left);
  }

  @Override
  public TenantSettings settings(Tenant tenant) {
    synchronized (lock) {
      return settings.getOrDefault(tenant, TenantSettings.DEFAULT);
    }
  }

  @Override
  public void saveSettings(Tenant tenant, TenantSettings newSettings) {
    synchronized (lock) {
      settings.put(tenant, newSettings);
    }
  }

  @Override
  public void replaceAll(SessionScope scope, Collection<SessionSnapshot> newSnapshots) {
    SessionStore.checkScope(scope, newSnapshots);
    synchronized (lock) {
      List<SessionSnapshot> kept = new ArrayList<>();
      for (SessionSnapshot snapshot : snapshots) {
        if (!scope.covers(snapshot.player())) {
          kept.add(snapshot);
        }
      }
      kept.addAll(newSnapshots);
      snapshots = List.copyOf(kept);
    }
  }

  @Override
  public List<SessionSnapshot> loadAll(SessionScope scope) {
    synchronized (lock) {
      return snapshots.stream().filter(snapshot -> scope.covers(snapshot.player())).toList();
    }
  }
}
